import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import neo4j from 'neo4j-driver';
import { prepareGraph, repoRoot } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { startQueries } from '../../src/db/schema-store.js';
import { positiveInt } from '../../src/ingest/command.js';
import { createLogger } from '../../src/logger.js';
import { freePort, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { spread } from '../stats.js';

// npx tsx bench/cli/first-statements.ts [--runs N] [--order a,b,…]
// What each of a warm start's first statements costs a new Neo4j JVM (README "Start and first load"):
// a throwaway data directory prepared once (migrations, seed, linker), then per run a fresh start of
// the local Neo4j on it and the statements one after another, each in its own read transaction,
// timed from the driver. The first statement of any kind pays for the Cypher stack's start.

const statements: Record<string, string> = {
  'return-1': 'RETURN 1 AS x',
  ...Object.fromEntries(startQueries.map((q) => [q.name, q.cypher])),
};

const program = new Command('npx tsx bench/cli/first-statements.ts')
  .option('-r, --runs <n>', 'fresh starts of Neo4j', positiveInt, 3)
  .option(
    '--order <names>',
    `statements in order, of: ${Object.keys(statements).join(', ')}`,
    'migrations-applied,node-counts,paper-count,await-indexes',
  )
  .action(async ({ runs, order }: { runs: number; order: string }) => {
    const names = order.split(',');
    for (const name of names) if (!statements[name]) throw new Error(`unknown statement ${name}`);
    const scratch = await mkdtemp(path.join(tmpdir(), 'papergraph-statements-'));
    const config = loadConfig({
      ...process.env,
      NEO4J_URI: undefined,
      NODE_ENV: 'production',
      PAPERGRAPH_HOME: path.join(repoRoot, '.papergraph'),
      NEO4J_HOME_DIR: path.join(scratch, 'home'),
      NEO4J_DATA_DIR: path.join(scratch, 'data'),
      NEO4J_BOLT_PORT: String(await freePort()),
    });
    const withNeo4j = async <T>(work: (driver: ReturnType<typeof createDriver>) => Promise<T>): Promise<T> => {
      const local = await startLocalNeo4j(config.local, () => {});
      const driver = createDriver({ uri: local.uri, user: config.neo4j.user, password: config.neo4j.password });
      try {
        return await work(driver);
      } finally {
        await driver.close();
        await local.stop();
      }
    };
    console.log(
      `first-statements: load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    try {
      await withNeo4j((driver) => prepareGraph(driver, config, createLogger('silent')));
      const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let run = 1; run <= runs; run++) {
        const line = await withNeo4j(async (driver) => {
          await driver.verifyConnectivity();
          const parts: string[] = [];
          for (const name of names) {
            const t0 = performance.now();
            const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
            try {
              await session.executeRead((tx) => tx.run(statements[name] as string));
            } finally {
              await session.close();
            }
            const ms = Math.round(performance.now() - t0);
            times[name]?.push(ms);
            parts.push(`${name} ${ms} ms`);
          }
          return parts.join('; ');
        });
        console.log(`run ${run}: ${line}`);
      }
      for (const name of names) {
        const s = spread(times[name] ?? []);
        console.log(`${name.padEnd(20)} ${s ? `${s.median} ms (${s.min}–${s.max})` : '-'}`);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

await program.parseAsync();
