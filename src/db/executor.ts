import neo4j, { type Driver, type ManagedTransaction, type Result, type Session } from 'neo4j-driver';
import { toPlain } from './convert.js';
import { RETRY_TIME_MS } from './driver.js';
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
 * The only code that opens sessions. Reads run as auto-commit queries in READ-mode sessions
 * (implicit read transactions: a cluster routes them to followers, Neo4j refuses writes in them),
 * writes through managed write transactions; both with an explicit database, a timeout and
 * metadata naming the query. Rows come back as plain objects.
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

  /**
   * One statement as an auto-commit query in a READ-mode session: an implicit read transaction
   * (Neo4j refuses a write in it with Neo.ClientError.Statement.AccessMode, and a cluster routes it
   * to a reader, as it does a managed read) that costs one Bolt exchange (RUN+PULL) where a
   * managed one costs three (BEGIN, RUN+PULL, COMMIT), each a socket write and a round trip. The
   * driver retries managed transactions only, so transient failures (Neo4j unavailable, a leader
   * switch) are retried here, within the driver's own retry time.
   */
  async read(query: Query, params: Record<string, unknown> = {}): Promise<Row[]> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const session = this.session('READ');
      try {
        const config = this.txConfig(query.name);
        return (await this.runIn(() => session.run(query.cypher, params, config), attempt, 'READ', query, params)).rows;
      } catch (error) {
        if (!neo4j.isRetryableError(error) || Date.now() - started > RETRY_TIME_MS)
          throw mapDriverError(error, query.name);
      } finally {
        await this.closeSession(session);
      }
      await sleep(Math.min(1_000, 50 * 2 ** attempt) * (0.8 + 0.4 * Math.random()));
    }
  }

  write(query: Query, params: Record<string, unknown> = {}): Promise<Row[]> {
    return this.writeTransaction(
      query.name,
      async (tx, attempt) => (await this.runInTx(tx, attempt, query, params)).rows,
    );
  }

  /** Several statements in one write transaction: all of them land, or none. */
  writeTx<T>(name: string, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.writeTransaction(name, (tx, attempt) =>
      work({
        run: async (query, params = {}) => (await this.runInTx(tx, attempt, query, params)).rows,
        runCounted: (query, params = {}) => this.runInTx(tx, attempt, query, params),
      }),
    );
  }

  /** A managed write transaction: the driver's retries, and ours for lock contention. */
  private async writeTransaction<T>(
    name: string,
    work: (tx: ManagedTransaction, attempt: number) => Promise<T>,
  ): Promise<T> {
    const session = this.session('WRITE');
    const config = this.txConfig(name);
    const started = Date.now();
    // Every call of `work` is one attempt, whether the driver retried it or the loop below did.
    let attempts = 0;
    const attempt = (tx: ManagedTransaction) => work(tx, ++attempts);
    try {
      for (let round = 1; ; round++) {
        try {
          return await session.executeWrite(attempt, config);
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
      await this.closeSession(session);
    }
  }

  /** Every transaction's timeout and the metadata naming its query (shown by SHOW TRANSACTIONS). */
  private txConfig(name: string) {
    return { timeout: this.options.txTimeoutMs, metadata: { app: 'papergraph', query: name } };
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    this.options.onSession?.(1);
    return session;
  }

  private async closeSession(session: Session): Promise<void> {
    await session.close();
    this.options.onSession?.(-1);
  }

  private runInTx(tx: ManagedTransaction, attempt: number, query: Query, params: Record<string, unknown>) {
    return this.runIn(() => tx.run(query.cypher, params), attempt, 'WRITE', query, params);
  }

  private async runIn(
    run: () => Result,
    attempt: number,
    mode: 'READ' | 'WRITE',
    query: Query,
    params: Record<string, unknown>,
  ): Promise<{ rows: Row[]; counters: WriteCounters }> {
    const started = performance.now();
    const result = await withoutStack(run);
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
 * `run` (a `tx.run` or `session.run`) without the driver's stack capture: every Result records
 * `new Error().stack` (to put the caller's stack on a failure later), and formatting that stack
 * was a visible share of a request's CPU in the profile. The Result is created synchronously
 * inside `run`, so the limit is back before anything else runs. A failed query's error then
 * carries no call-site frames; it is mapped to a coded error (src/db/errors.ts) with the query's
 * name either way.
 */
function withoutStack(run: () => Result): Result {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
