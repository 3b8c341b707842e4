import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { labels, relationshipTypes } from '../graph/derive.js';
import type { Label, RelationshipType } from '../graph/model.js';
import type { Executor, WriteTx } from './executor.js';
import { oneRow } from './one-row.js';
import { schemaTx, write, writeTx } from './writes.js';

/**
 * Versioned migrations: numbered Cypher files (`schema/migrations/0001-constraints.cypher`,
 * `0002-….cypher`, …) applied in order at start, each once per database. An
 * applied step is recorded as `(:PapergraphMigration {id, name, checksum,
 * appliedAt})`; a later start skips it, and refuses to start if its file
 * changed since (its statements are part of the database's history). Steps
 * must be idempotent (`IF NOT EXISTS`, MERGE…): a start that dies mid-step
 * runs the whole step again.
 */

export interface Migration {
  /** The number, e.g. `0001`. */
  id: string;
  /** The file name without number and extension, e.g. `constraints`. */
  name: string;
  file: string;
  statements: string[];
  /** sha256 of the statements (comments and blank lines are not part of it). */
  checksum: string;
}

/** An applied migration's file changed: its recorded checksum no longer matches. */
export class MigrationChangedError extends Error {
  constructor(migration: Migration, recorded: string) {
    super(
      `schema migration ${migration.id}-${migration.name} was applied to this database (checksum ${recorded.slice(0, 12)}…) ` +
        `but ${migration.file} now reads differently (checksum ${migration.checksum.slice(0, 12)}…). ` +
        'An applied migration must never change: restore its statements and put the change in a new, higher-numbered migration.',
    );
    this.name = 'MigrationChangedError';
  }
}

const FILE = /^(\d{4})-([a-z0-9][a-z0-9-]*)\.cypher$/;

/** Split a .cypher file into statements: `//` comments dropped, one statement per `;`. */
export function parseCypherStatements(source: string): string[] {
  return source
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The migrations in `dir`, in order; refuses misnamed files and repeated numbers. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.cypher')).sort();
  const out: Migration[] = [];
  for (const name of names) {
    const [, id, title] = FILE.exec(name) ?? [];
    if (id === undefined || title === undefined)
      throw new Error(
        `${path.join(dir, name)}: migration files are named NNNN-name.cypher (e.g. 0002-paper-doi.cypher)`,
      );
    if (out.some((m) => m.id === id)) throw new Error(`${dir}: two migrations are numbered ${id}`);
    const file = path.join(dir, name);
    const statements = parseCypherStatements(await readFile(file, 'utf8'));
    const checksum = createHash('sha256').update(statements.join(';\n')).digest('hex');
    out.push({ id, name: title, file, statements, checksum });
  }
  return out;
}

/** The ledger's own constraint: one record per migration id. Created when a start finds the ledger empty, before its first record. */
const ledgerConstraint = {
  name: 'migration-ledger',
  cypher: 'CREATE CONSTRAINT papergraph_migration_id IF NOT EXISTS FOR (m:PapergraphMigration) REQUIRE m.id IS UNIQUE',
};
const appliedQuery = {
  name: 'migrations-applied',
  cypher: 'MATCH (m:PapergraphMigration) RETURN m.id AS id, m.checksum AS checksum',
};
const recordQuery = {
  name: 'migration-record',
  cypher: `UNWIND $steps AS s
           MERGE (m:PapergraphMigration {id: s.id})
           SET m.name = s.name, m.checksum = s.checksum, m.appliedAt = datetime()`,
};

export interface MigrateOptions {
  /** Progress, one line per step applied. */
  log?: (line: string) => void;
  /** After each statement, with its time (the bulk importer reports slow index creation). */
  onStatement?: (cypher: string, ms: number) => void;
  /** Awaited before the first schema change (none on a warm start): applySchema's index wait ends first. */
  beforeChanges?: () => Promise<void>;
}

/**
 * Apply the migrations of `dir` that this database has not applied yet, in
 * order — each run of consecutive schema commands in one transaction, each run
 * of other statements in one (statementGroups) — and record each step once its
 * statements committed.
 * Checks every applied step's checksum first: a changed one fails with
 * MigrationChangedError before anything runs. Returns the steps applied.
 */
export async function migrate(executor: Executor, dir: string, options: MigrateOptions = {}): Promise<Migration[]> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(dir);
  const readApplied = async () =>
    new Map((await executor.read(appliedQuery)).map((r) => [r.id as string, r.checksum as string] as const));
  // A ledger with records had its constraint created before its first record: on a warm start the
  // schema transaction is skipped (each statement costs a cold JVM a few hundred ms; issue #16 §4).
  let applied = await readApplied();
  if (applied.size === 0) {
    await options.beforeChanges?.();
    await schemaTx(executor, 'migration', ledgerConstraint.name, (tx) => tx.run(ledgerConstraint));
    applied = await readApplied(); // another process may have applied steps meanwhile
  }
  for (const m of migrations) {
    const recorded = applied.get(m.id);
    if (recorded !== undefined && recorded !== m.checksum) throw new MigrationChangedError(m, recorded);
  }
  const pending = migrations.filter((m) => !applied.has(m.id));
  if (!pending.length) {
    log(`schema: up to date (${migrations.length} migration${migrations.length === 1 ? '' : 's'} applied before)`);
    return [];
  }
  await options.beforeChanges?.();
  // Applied steps not yet recorded: each is recorded once all its statements committed — in the
  // next data transaction, or at the end (or on the way out of a failure) — not one by one after
  // each schema transaction, whose commit would make Neo4j plan the record statement again.
  let unrecorded: Migration[] = [];
  const steps = (ms: Migration[]) => ms.map(({ id, name, checksum }) => ({ id, name, checksum }));
  try {
    for (const m of pending) {
      const started = performance.now();
      log(`schema: applying migration ${m.id}-${m.name} (${m.statements.length} statements)`);
      const groups = statementGroups(m.statements);
      for (const [g, group] of groups.entries()) {
        const run = async (tx: WriteTx) => {
          for (const { i, cypher } of group.statements) {
            const t = performance.now();
            await tx.run({ name: `migration-${m.id}-${i + 1}`, cypher });
            options.onStatement?.(cypher, Math.round(performance.now() - t));
          }
        };
        if (group.schema) await schemaTx(executor, 'migration', `migration-${m.id}`, run);
        else {
          // Schema commands and data writes cannot share a transaction; a data one carries the records.
          const done = g === groups.length - 1 ? [...unrecorded, m] : unrecorded;
          await writeTx(executor, 'migration', `migration-${m.id}`, async (tx) => {
            await run(tx);
            if (done.length) await tx.run(recordQuery, { steps: steps(done) });
          });
          unrecorded = unrecorded.filter((u) => !done.includes(u));
          if (done.includes(m)) continue;
        }
        if (g === groups.length - 1) unrecorded.push(m);
      }
      if (!groups.length) unrecorded.push(m);
      log(`schema: migration ${m.id}-${m.name} applied in ${Math.round(performance.now() - started)} ms`);
    }
  } finally {
    if (unrecorded.length) await write(executor, 'migration', recordQuery, { steps: steps(unrecorded) });
  }
  return pending;
}

/** A schema command (index or constraint DDL): Neo4j runs these in transactions without data writes. */
const SCHEMA_COMMAND =
  /^(CREATE|DROP)\s+(OR\s+REPLACE\s+)?((RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR)\s+)?(CONSTRAINT|INDEX)\b/i;

/**
 * A migration's statements cut into runs of consecutive schema commands and
 * of other statements, each run one transaction: a transaction may hold many
 * schema commands, or data writes, not both. Fewer transactions than one per
 * statement matters on a new database: every schema commit empties Neo4j's
 * query-plan cache, so the funnel's graph-version bump after each was planned
 * again each time (issue #16 section 4).
 */
export function statementGroups(
  statements: string[],
): { schema: boolean; statements: { i: number; cypher: string }[] }[] {
  const groups: { schema: boolean; statements: { i: number; cypher: string }[] }[] = [];
  for (const [i, cypher] of statements.entries()) {
    const schema = SCHEMA_COMMAND.test(cypher);
    const last = groups.at(-1);
    if (last && last.schema === schema) last.statements.push({ i, cypher });
    else groups.push({ schema, statements: [{ i, cypher }] });
  }
  return groups;
}

/**
 * Bring the database's schema up to date: apply the pending migrations of
 * `dir` (schema/migrations), then wait for the indexes to be online unless
 * `awaitIndexes` is false (the bulk importer polls indexProgress instead, to
 * show progress). Every start-up path calls this: the server, the import and
 * seed commands, the bulk importer, the test kit and the test set-up.
 */
export async function applySchema(
  executor: Executor,
  dir: string,
  options: MigrateOptions & { awaitIndexes?: boolean } = {},
): Promise<{ applied: string[] }> {
  // A wait, not a write: a read transaction, so no graph-version bump follows it.
  const awaitIndexes = () => executor.read(awaitIndexesQuery);
  const wait = options.awaitIndexes ?? true;
  // Usually nothing is pending (a warm start): wait for the indexes while the ledger is read, not after.
  // Schema changes wait for that wait to end: index and constraint creation beside db.awaitIndexes
  // once held a start for over a minute (CI of 013cfc6, migrations.test.ts).
  const waiting = wait ? awaitIndexes().then(() => undefined) : Promise.resolve();
  const [migrated, waited] = await Promise.allSettled([
    migrate(executor, dir, { ...options, beforeChanges: () => waiting }),
    waiting,
  ]);
  if (migrated.status === 'rejected') throw migrated.reason;
  if (waited.status === 'rejected') throw waited.reason;
  const applied = migrated.value;
  // Indexes a migration just created: wait for those too.
  if (wait && applied.length > 0) await awaitIndexes();
  return { applied: applied.map((m) => `${m.id}-${m.name}`) };
}

export interface IndexState {
  name: string;
  state: string;
  /** 0–100. */
  populationPercent: number;
}

/** Every index with its state and population progress. */
export async function indexProgress(executor: Executor): Promise<IndexState[]> {
  const rows = await executor.read({
    name: 'index-progress',
    cypher: 'SHOW INDEXES YIELD name, state, populationPercent RETURN name, state, populationPercent ORDER BY name',
  });
  return rows.map((r) => ({
    name: r.name as string,
    state: r.state as string,
    populationPercent: Number(r.populationPercent ?? 0),
  }));
}

export interface GraphCounts {
  nodes: Record<Label, number>;
  relationships: Record<RelationshipType, number>;
}

// Labels and types come from the graph model, never from input; each
// subquery is answered from Neo4j's count store without touching the graph.
const nodeCountCalls = labels.map((l) => `CALL () { MATCH (n:${l}) RETURN count(n) AS n_${l} }`);
const nodesOf = (row: Record<string, unknown>) =>
  Object.fromEntries(labels.map((l) => [l, row[`n_${l}`] as number])) as GraphCounts['nodes'];

const countsQuery = {
  name: 'graph-counts',
  cypher: [
    ...nodeCountCalls,
    ...relationshipTypes.map((t) => `CALL () { MATCH ()-[r:${t}]->() RETURN count(r) AS r_${t} }`),
    'RETURN *',
  ].join('\n'),
};

const nodeCountsQuery = { name: 'node-counts', cypher: [...nodeCountCalls, 'RETURN *'].join('\n') };

const paperCountQuery = { name: 'paper-count', cypher: 'MATCH (p:Paper) RETURN count(p) AS papers' };
const awaitIndexesQuery = { name: 'await-indexes', cypher: 'CALL db.awaitIndexes(300)' };

/** The statements a start runs before it is ready, by name: bench/cli/first-statements.ts times these very ones. */
export const startQueries = [appliedQuery, nodeCountsQuery, paperCountQuery, awaitIndexesQuery] as const;

/**
 * The number of papers (from the count store): a warm start's "is there a graph?". One small statement,
 * not nodeCounts' one subquery per label: each is among the first a new JVM plans (~0.15 s against ~0.35 s).
 */
export async function paperCount(executor: Executor): Promise<number> {
  return oneRow(await executor.read(paperCountQuery), paperCountQuery).papers as number;
}

/** Node counts per label (from the count store): the seed's "is the graph empty?", half of graphCounts' statement. */
export async function nodeCounts(executor: Executor): Promise<GraphCounts['nodes']> {
  return nodesOf(oneRow(await executor.read(nodeCountsQuery), nodeCountsQuery));
}

/** Node counts per label and relationship counts per type of the graph model (src/graph/model.ts), for seeding decisions, stats and tests. */
export async function graphCounts(executor: Executor): Promise<GraphCounts> {
  const row = oneRow(await executor.read(countsQuery), countsQuery);
  return {
    nodes: nodesOf(row),
    relationships: Object.fromEntries(
      relationshipTypes.map((t) => [t, row[`r_${t}`] as number]),
    ) as GraphCounts['relationships'],
  };
}
