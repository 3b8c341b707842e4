import path from 'node:path';
import { repoRoot } from '../../src/bootstrap.js';
import { type LocalNeo4jConfig, loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { Executor } from '../../src/db/executor.js';
import { freePort, type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { graphDump } from './graph-hash.js';

/**
 * Neo4j servers of a test file's own, on scratch directories, never the run's shared one (the bulk
 * import needs Neo4j stopped on its data directory; the migration tests need a database as an earlier
 * papergraph left it). The jars come from the cached .papergraph directory.
 */
export const scratchPassword = 'papergraph-test';

/** Settings for a small local server with its home and data under `dir`, on a free port. */
export async function scratchLocal(dir: string): Promise<LocalNeo4jConfig> {
  return {
    ...loadConfig({}).local,
    cacheDir: path.join(repoRoot, '.papergraph'),
    homeDir: path.join(dir, 'home'),
    dataDir: path.join(dir, 'data'),
    boltPort: await freePort(),
    heap: '512m',
    pageCache: '128m',
    password: scratchPassword,
  };
}

/** `work` with an executor on the scratch server `neo`; the driver is closed after. */
async function withScratchExecutor<T>(
  neo: LocalNeo4j,
  work: (executor: Executor) => Promise<T>,
  txTimeoutMs = 300_000,
): Promise<T> {
  const driver = createDriver({ uri: neo.uri, user: 'neo4j', password: scratchPassword });
  try {
    return await work(new Executor(driver, { database: 'neo4j', txTimeoutMs }));
  } finally {
    await driver.close();
  }
}

/**
 * The graph of a scratch server as canonical lines (test/helpers/graph-hash.ts), the stamps of writes
 * made at or after `since` normalised to "import time".
 */
function scratchDump(neo: LocalNeo4j, since: string): Promise<string[]> {
  return withScratchExecutor(neo, (executor) => graphDump(executor, { since }), 120_000);
}

/** The graph of `neo` (scratchDump), then the server stopped (also when the dump fails). */
export async function dumpAndStop(neo: LocalNeo4j, since: string): Promise<string[]> {
  try {
    return await scratchDump(neo, since);
  } finally {
    await neo.stop();
  }
}

/** A scratch server started on `local`, `build` run on it, then its graph (scratchDump) and the server stopped. */
export async function buildAndDump(
  local: LocalNeo4jConfig,
  since: string,
  build: (executor: Executor) => Promise<void>,
): Promise<string[]> {
  const neo = await startLocalNeo4j(local);
  try {
    await withScratchExecutor(neo, build);
  } catch (error) {
    await neo.stop();
    throw error;
  }
  return dumpAndStop(neo, since);
}
