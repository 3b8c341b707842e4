import { connectDatabase, prepareGraphWhenAvailable } from '../bootstrap.js';
import { createMetrics } from '../http/metrics.js';
import { listenMetrics } from '../http/metrics-server.js';
import { listen } from '../server.js';
import { pagesOf } from './pages.js';
import { onShutdown, runCli } from './run.js';

// npm start [-- --no-link]: Neo4j (local or NEO4J_URI) → constraints → seed if empty (then the
// linker over it, unless --no-link or LINK_ON_LOAD=false) → GraphQL on HOST:PORT.
const link = !process.argv.slice(2).includes('--no-link');
await runCli(async (config, logger) => {
  const t0 = Date.now();
  const db = await connectDatabase(config, logger);
  onShutdown(logger, db.close);
  // With NEO4J_URI pointing at a server that is down, papergraph still starts; /ready says so.
  const preparing = await prepareGraphWhenAvailable(db.driver, config, logger, undefined, { link });
  const metrics = config.metrics.enabled ? createMetrics({ maxPoolSize: config.neo4j.maxPoolSize }) : undefined;
  const server = await listen({ driver: db.driver, config, logger, metrics, host: config.host, port: config.port });
  const metricsServer = metrics ? await listenMetrics(metrics, config.metrics.port) : undefined;
  if (metricsServer) logger.info({ url: metricsServer.url }, `metrics: ${metricsServer.url}`);
  logger.info({ url: `${server.url}/graphql`, startupMs: Date.now() - t0 }, `papergraph ready: ${server.url}/graphql`);
  for (const page of pagesOf(config, server.url)) logger.info(page.line);
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  onShutdown(logger, async () => {
    preparing.stop();
    await server.close();
    await metricsServer?.close();
    await db.close();
  });
});
