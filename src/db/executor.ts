import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { toPlain } from './convert.js';
import { mapDriverError } from './errors.js';

/** One executed query, as recorded for `explain` and for tests that count round trips. */
export interface QueryLogEntry {
  name: string;
  cypher: string;
  params: Record<string, unknown>;
  mode: 'READ' | 'WRITE';
  ms: number;
  rows: number;
  /** Which attempt of its transaction ran it: 1, or more when the transaction was retried (e.g. after a deadlock). */
  attempt: number;
}

export type Row = Record<string, unknown>;

/** A named, parameterised Cypher statement. Names show up in logs, explain output and Neo4j's tx metadata. */
export interface Query {
  name: string;
  cypher: string;
}

/** What a write changed, from Neo4j's result summary. */
export interface WriteCounters {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
}

/** A write transaction handle given to `Executor.writeTx` callbacks. */
export interface WriteTx {
  run(query: Query, params?: Record<string, unknown>): Promise<Row[]>;
  /** Like run, and also returns what the statement changed. */
  runCounted(query: Query, params?: Record<string, unknown>): Promise<{ rows: Row[]; counters: WriteCounters }>;
}

export interface ExecutorOptions {
  database: string;
  txTimeoutMs: number;
  /** Called after every query; used for explain output and round-trip counting. */
  onQuery?: (entry: QueryLogEntry) => void;
  /** Called when a session opens (+1) and closes (-1): pool usage for /metrics. */
  onSession?: (delta: 1 | -1) => void;
}

/**
 * The only code that opens sessions. Reads go through managed read
 * transactions (so a cluster routes them to followers), writes through managed
 * write transactions; both with an explicit database, a timeout and metadata
 * naming the query. Rows come back as plain objects.
 */
export class Executor {
  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
  ) {}

  /** The same executor reporting every query to `onQuery` (one per request). */
  withListener(onQuery: (entry: QueryLogEntry) => void): Executor {
    const parent = this.options.onQuery;
    return new Executor(this.driver, {
      ...this.options,
      onQuery: (entry) => {
        parent?.(entry);
        onQuery(entry);
      },
    });
  }

  get database(): string {
    return this.options.database;
  }

  read(query: Query, params: Record<string, unknown> = {}): Promise<Row[]> {
    return this.transaction(
      'READ',
      query.name,
      async (tx, attempt) => (await this.runIn(tx, attempt, 'READ', query, params)).rows,
    );
  }

  write(query: Query, params: Record<string, unknown> = {}): Promise<Row[]> {
    return this.transaction(
      'WRITE',
      query.name,
      async (tx, attempt) => (await this.runIn(tx, attempt, 'WRITE', query, params)).rows,
    );
  }

  /** Several statements in one write transaction: all of them land, or none. */
  writeTx<T>(name: string, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', name, (tx, attempt) =>
      work({
        run: async (query, params = {}) => (await this.runIn(tx, attempt, 'WRITE', query, params)).rows,
        runCounted: (query, params = {}) => this.runIn(tx, attempt, 'WRITE', query, params),
      }),
    );
  }

  private async transaction<T>(
    mode: 'READ' | 'WRITE',
    name: string,
    work: (tx: ManagedTransaction, attempt: number) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    this.options.onSession?.(1);
    const config = { timeout: this.options.txTimeoutMs, metadata: { app: 'papergraph', query: name } };
    const started = Date.now();
    // Every call of `work` is one attempt, whether the driver retried it or the loop below did.
    let attempts = 0;
    const attempt = (tx: ManagedTransaction) => work(tx, ++attempts);
    try {
      for (let round = 1; ; round++) {
        try {
          return mode === 'READ'
            ? await session.executeRead(attempt, config)
            : await session.executeWrite(attempt, config);
        } catch (error) {
          // The driver retries for only ~2 s so that requests fail fast while Neo4j is down. Lock
          // contention (deadlocks between concurrent writes) gets longer: up to TRANSIENT_RETRY_MS.
          if (!isContention(error) || Date.now() - started > TRANSIENT_RETRY_MS) throw error;
          await new Promise((r) => setTimeout(r, Math.min(1_000, 25 * 2 ** round) * (0.5 + Math.random())));
        }
      }
    } catch (error) {
      throw mapDriverError(error, name);
    } finally {
      await session.close();
      this.options.onSession?.(-1);
    }
  }

  private async runIn(
    tx: ManagedTransaction,
    attempt: number,
    mode: 'READ' | 'WRITE',
    query: Query,
    params: Record<string, unknown>,
  ): Promise<{ rows: Row[]; counters: WriteCounters }> {
    const started = performance.now();
    const result = await runWithoutStack(tx, query.cypher, params);
    const rows = result.records.map((record) => toPlain(record.toObject()) as Row);
    this.options.onQuery?.({
      name: query.name,
      cypher: query.cypher,
      params,
      mode,
      ms: Math.round((performance.now() - started) * 100) / 100,
      rows: rows.length,
      attempt,
    });
    const c = result.summary.counters.updates();
    return {
      rows,
      counters: {
        nodesCreated: c.nodesCreated,
        nodesDeleted: c.nodesDeleted,
        relationshipsCreated: c.relationshipsCreated,
        relationshipsDeleted: c.relationshipsDeleted,
        propertiesSet: c.propertiesSet,
      },
    };
  }
}

const TRANSIENT_RETRY_MS = 15_000;

/**
 * `tx.run` without the driver's stack capture: every Result records `new Error().stack` (to put
 * the caller's stack on a failure later), and formatting that stack was a visible share of a
 * request's CPU in the profile. The Result is created synchronously inside `tx.run`, so the limit
 * is back before anything else runs. A failed query's error then carries no call-site frames;
 * it is mapped to a coded error (src/db/errors.ts) with the query's name either way.
 */
function runWithoutStack(tx: ManagedTransaction, cypher: string, params: Record<string, unknown>) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return tx.run(cypher, params);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Deadlocks and lock timeouts between concurrent transactions: safe to run again. */
function isContention(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    code === 'Neo.TransientError.Transaction.DeadlockDetected' ||
    code === 'Neo.TransientError.Transaction.LockAcquisitionTimeout'
  );
}

/** Cypher integers for SKIP/LIMIT (JS numbers are sent as floats). */
export const int = (value: number) => neo4j.int(value);
