import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrationsDir, repoRoot, seedDir } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { createDriver } from '../src/db/driver.js';
import { Executor } from '../src/db/executor.js';
import { applySchema } from '../src/db/schema-store.js';
import { loadSeed } from '../src/ingest/seed.js';
import { freePort, type LocalNeo4j, startLocalNeo4j } from '../src/neo4j-local/server.js';
import { startContainerNeo4j } from './container-neo4j.js';

export interface TestNeo4j {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** Where it came from: NEO4J_URI, the local provisioned server, or a container. */
  kind: 'external' | 'local' | 'container';
  /** Data directory of the local server (for tests that need to know it). */
  dataDir?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

/**
 * One Neo4j for the whole run: NEO4J_URI when set; a testcontainers Neo4j when
 * PAPERGRAPH_TEST_CONTAINERS=1; else the locally provisioned server on a free
 * port with a throwaway data directory. Constraints and the seed are loaded
 * once; test files add and remove their own data on top.
 */
export default async function setup(project: TestProject) {
  const config = loadConfig();
  const password = 'papergraph-test';
  let neo4j: TestNeo4j;
  let stop: () => Promise<void>;

  if (config.neo4j.uri) {
    neo4j = {
      uri: config.neo4j.uri,
      user: config.neo4j.user,
      password: config.neo4j.password,
      database: config.neo4j.database,
      kind: 'external',
    };
    stop = async () => {};
  } else if (process.env.PAPERGRAPH_TEST_CONTAINERS === '1') {
    const container = await startContainerNeo4j({ password });
    neo4j = { uri: container.uri, user: 'neo4j', password, database: 'neo4j', kind: 'container' };
    stop = container.stop;
  } else {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'papergraph-test-'));
    const local: LocalNeo4j = await startLocalNeo4j(
      {
        ...config.local,
        cacheDir: path.join(repoRoot, '.papergraph'),
        homeDir: path.join(scratch, 'home'),
        dataDir: path.join(scratch, 'data'),
        boltPort: await freePort(),
        heap: '768m',
        pageCache: '256m',
        password,
      },
      (line) => console.log(`[neo4j] ${line}`),
    );
    neo4j = {
      // The routing project (vitest.config.ts) talks to the same single server through neo4j://:
      // the driver asks it for a routing table and sends reads and writes where it says, as
      // against a cluster or Aura (README "Scaling out").
      uri: project.name === 'routing' ? local.uri.replace(/^bolt:/, 'neo4j:') : local.uri,
      user: 'neo4j',
      password,
      database: 'neo4j',
      kind: 'local',
      dataDir: path.join(scratch, 'data'),
    };
    stop = async () => {
      await local.stop();
      await rm(scratch, { recursive: true, force: true });
    };
  }

  const driver = createDriver({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
  try {
    const executor = new Executor(driver, { database: neo4j.database, txTimeoutMs: 300_000 });
    await applySchema(executor, migrationsDir);
    await loadSeed(executor, seedDir);
  } finally {
    await driver.close();
  }
  project.provide('neo4j', neo4j);
  return stop;
}
