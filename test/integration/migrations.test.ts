import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir, prepareGraph } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createDriver, type Driver } from '../../src/db/driver.js';
import { Executor } from '../../src/db/executor.js';
import { applySchema, graphCounts, MigrationChangedError, readMigrations } from '../../src/db/schema-store.js';
import { type CommittedWrite, onCommitted } from '../../src/db/writes.js';
import type { Logger } from '../../src/logger.js';
import { type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j-local/server.js';
import { first, must } from '../helpers/must.js';
import { scratchLocal, scratchPassword } from '../helpers/scratch-neo4j.js';

// A database of its own (a fresh data directory, as an earlier papergraph left it), never the run's shared one.
let scratch = '';
let neo: LocalNeo4j;
let driver: Driver;
let executor: Executor;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'papergraph-migrations-'));
  neo = await startLocalNeo4j(await scratchLocal(scratch));
  driver = createDriver({ uri: neo.uri, user: 'neo4j', password: scratchPassword });
  executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 120_000 });
}, 240_000);
afterAll(async () => {
  await driver?.close();
  await neo?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const ledger = async () =>
  executor.read({
    name: 'test-ledger',
    cypher: `MATCH (m:PapergraphMigration) RETURN m.id AS id, m.name AS name, m.checksum AS checksum,
             toString(m.appliedAt) AS appliedAt ORDER BY m.id`,
  });
const schemaNames = async () =>
  first(
    await executor.read({
      name: 'test-schema-names',
      cypher: 'SHOW INDEXES YIELD name RETURN collect(name) AS names',
    }),
  ).names as string[];

/** A copy of schema/migrations with `edit` applied, in a scratch directory. */
async function migrationsWith(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(scratch, name);
  await cp(migrationsDir, dir, { recursive: true });
  await edit(dir);
  return dir;
}

describe('schema migrations at start', () => {
  it('upgrades a database that has only the constraints of an earlier papergraph, logging each step', async () => {
    const migrations = await readMigrations(migrationsDir);
    expect(migrations[0]).toMatchObject({ id: '0001', name: 'constraints' });
    // What an earlier papergraph ran at every start (schema/constraints.cypher), recording nothing.
    for (const cypher of must(migrations[0], 'migration 0001').statements)
      await executor.write({ name: 'test-old-schema', cypher });
    expect(await ledger()).toEqual([]);
    const before = await schemaNames();
    expect(before).toContain('paper_title');

    const lines: string[] = [];
    const { applied } = await applySchema(executor, migrationsDir, { log: (l) => lines.push(l) });
    expect(applied).toEqual(migrations.map((m) => `${m.id}-${m.name}`));
    expect(lines.filter((l) => /applying migration 0001-constraints/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /migration 0001-constraints applied in \d+ ms/.test(l))).toHaveLength(1);
    const rows = await ledger();
    expect(rows.map(({ id, name, checksum }) => ({ id, name, checksum }))).toEqual(
      migrations.map(({ id, name, checksum }) => ({ id, name, checksum })),
    );
    expect(rows.every((r) => typeof r.appliedAt === 'string' && r.appliedAt.length > 10)).toBe(true);
    // The ledger is unique per id.
    expect(await schemaNames()).toEqual(expect.arrayContaining([...before, 'papergraph_migration_id']));
  });

  it('applies nothing on a second start', async () => {
    const recorded = await ledger();
    const lines: string[] = [];
    const { applied } = await applySchema(executor, migrationsDir, { log: (l) => lines.push(l) });
    expect(applied).toEqual([]);
    expect(lines).toEqual([
      `schema: up to date (${recorded.length} migration${recorded.length === 1 ? '' : 's'} applied before)`,
    ]);
    expect(await ledger()).toEqual(recorded);
  });

  it('applies a new step once, after the applied ones', async () => {
    const dir = await migrationsWith('added', (d) =>
      writeFile(
        path.join(d, '9001-test-index.cypher'),
        '// a test step\nCREATE INDEX migration_test IF NOT EXISTS FOR (n:MigrationTest) ON (n.x);\n',
      ),
    );
    expect((await applySchema(executor, dir)).applied).toEqual(['9001-test-index']);
    expect(await schemaNames()).toContain('migration_test');
    expect((await applySchema(executor, dir)).applied).toEqual([]);
    expect((await ledger()).map((r) => r.id)).toContain('9001');
  });

  it('refuses to start when an applied step changed, and runs none of it', async () => {
    const dir = await migrationsWith('changed', async (d) => {
      const file = path.join(d, '0001-constraints.cypher');
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text}\nCREATE INDEX changed_step IF NOT EXISTS FOR (p:Paper) ON (p.changed);\n`);
    });
    const error = await applySchema(executor, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChangedError);
    expect((error as Error).message).toMatch(
      /migration 0001-constraints was applied to this database .* now reads differently .* never change/,
    );
    expect(await schemaNames()).not.toContain('changed_step');
    // Comments are not part of a step: editing them changes nothing.
    const commented = await migrationsWith('commented', async (d) => {
      const file = path.join(d, '0001-constraints.cypher');
      await writeFile(file, `// a new comment\n${await readFile(file, 'utf8')}`);
    });
    expect((await applySchema(executor, commented)).applied).toEqual([]);
  });

  it('the start-up path migrates, seeds and links through the write funnel', async () => {
    const events: CommittedWrite[] = [];
    const stop = onCommitted((w) => events.push(w));
    const info: unknown[][] = [];
    const logger = { info: (...args: unknown[]) => info.push(args), warn: () => {} } as unknown as Logger;
    try {
      const config = loadConfig({
        NEO4J_URI: neo.uri,
        NEO4J_PASSWORD: scratchPassword,
        SEED_ON_START: 'true',
      });
      await prepareGraph(driver, config, logger);
    } finally {
      stop();
    }
    expect(info.some((args) => args.includes('schema up to date'))).toBe(true);
    expect((await graphCounts(executor)).nodes.Paper).toBeGreaterThanOrEqual(25);
    const byPath = (p: string) => events.filter((e) => e.path === p).map((e) => e.operation);
    // Nothing pending: no migration write at all (the ledger has records, so its constraint exists;
    // waiting for indexes is a read, with no graph-version bump after it).
    expect(byPath('migration')).toEqual([]);
    expect(byPath('seed')).toEqual(expect.arrayContaining(['import-nodes', 'import-relationships']));
    expect(byPath('seed').length).toBeGreaterThanOrEqual(3);
    // Then the linker over the seed (LINK_ON_LOAD defaults to true), through the same funnel.
    expect(byPath('link')).toContain('link-page');
    expect(info.some((args) => args.includes('link'))).toBe(true);
    expect(events.every((e) => ['migration', 'seed', 'link'].includes(e.path))).toBe(true);
  });
});
