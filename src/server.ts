import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from './app.js';

export interface RunningServer {
  url: string;
  server: Server;
  /** Stop accepting, let in-flight requests finish (up to `drainMs`), then close. */
  close(drainMs?: number): Promise<void>;
}

/** Listen on host:port (port 0 picks a free one). */
export async function listen(options: AppOptions & { host: string; port: number }): Promise<RunningServer> {
  const app = createApp(options);
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    server,
    close: (drainMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), drainMs);
        server.close(() => {
          clearTimeout(timer);
          // Plugins' resources (the response cache's Redis connections).
          Promise.resolve(app.dispose()).then(() => resolve(), resolve);
        });
        server.closeIdleConnections();
      }),
  };
}
