import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { repoRoot } from '../../src/bootstrap.js';
import { environmentWith } from '../../src/config.js';

export type ServerKind = 'papergraph' | 'neo4j-graphql' | 'floor';

/**
 * The settings every benchmark server runs with. The response cache (CACHE, the dashboards
 * issue) is off in every cell: the bench measures the pipeline and the database, not a cache hit.
 */
export const benchServerEnv: Record<string, string> = { NODE_ENV: 'production', CACHE: 'false' };

const servePath = path.join(repoRoot, 'dist-bench', 'bench', 'servers', 'serve.js');

/**
 * Compile the servers (bench/servers and the src/ they import) to dist-bench/ with tsc, types
 * unchecked (`npm run typecheck` checks them): they run as plain JavaScript, as `npm start` runs
 * dist/, without tsx's loader or its source-map rewriting of every captured stack.
 */
export function buildServers(log: (line: string) => void): void {
  const started = Date.now();
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'tsconfig.bench.json'), '--noCheck'], {
    cwd: repoRoot,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.bench.json failed (exit ${result.status})`);
  log(`servers: compiled to dist-bench/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Start one benchmark server (compiled) as a child process; resolves with its URL. */
export async function startServer(
  kind: ServerKind,
  neo4j: { uri: string; user: string; password: string },
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, servePath, kind, neo4j.uri, neo4j.user, neo4j.password], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    // Servers read their configuration from the environment, as in production.
    env: environmentWith({ ...benchServerEnv, ...env }),
  });
  return { url: await announcedUrl(child, kind), child };
}

/**
 * The URL a server started as `child` announces on its stderr (a `{"url":"…"}` line, as bench/servers/*.ts
 * write it); rejects with its stderr when it exits first or is silent for 60 s.
 */
export function announcedUrl(child: ChildProcess, name: string): Promise<string> {
  let stderr = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${stderr}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = stderr.match(/\{"url":"([^"]+)"\}/)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${stderr}`));
    });
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
