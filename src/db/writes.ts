import type { Executor, Query, Row, WriteTx } from './executor.js';
import { bumpGraphVersion } from './graph-version.js';
import { forgetPapers, type LineageTouch, refreshLineage } from './stores/lineage-index-store.js';

/**
 * The write funnel: every write to the graph (transactional import, seed, bulk
 * post-pass, API mutations, migrations) commits through `writeTx` or `write`
 * (a migration's schema commands: `schemaTx`) here, and nowhere else. After a transaction commits, the funnel bumps the
 * graph version (src/db/graph-version.ts) in a small transaction of its own —
 * not inside the write, which would serialise every write on one node — and
 * then awaits each `onCommitted` listener, all before the writer returns: the
 * one place to hook "the graph changed" (the response cache's freshness, a
 * maintained index).
 */

/** Which write path committed (`link`: the linker's mined edges and rejections). */
export type WritePath = 'import' | 'seed' | 'bulk' | 'mutation' | 'migration' | 'link';

export interface CommittedWrite {
  path: WritePath;
  /** The transaction's name, e.g. `import-nodes`, `upsert-paper`. */
  operation: string;
  /** The graph version after this write; undefined when the bump failed (listeners must assume "changed"). */
  version?: number;
}

/** A listener may return a promise: the funnel awaits it before the writer returns. */
export type CommitListener = (write: CommittedWrite) => unknown;

const listeners = new Set<CommitListener>();

/** Hear of every committed write in this process; returns the function that stops listening. */
export function onCommitted(listener: CommitListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

async function committed(executor: Executor, path: WritePath, operation: string): Promise<void> {
  let version: number | undefined;
  try {
    version = await bumpGraphVersion(executor);
  } catch (error) {
    // The write is committed: failing it now would tell the writer it did not happen.
    process.emitWarning(`papergraph: the graph version bump after ${operation} failed: ${String(error)}`);
  }
  await notify({ path, operation, version });
}

async function notify(committed: CommittedWrite): Promise<void> {
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(committed);
      } catch (error) {
        // The write is committed whatever a listener does; its failure must not turn it into an error.
        process.emitWarning(`papergraph: an onCommitted listener threw: ${String(error)}`);
      }
    }),
  );
}

/**
 * A write transaction as the funnel hands it out: besides running statements, the writer says
 * what it touched that the lineage index depends on (README "Lineage index"), and the funnel
 * brings the index up to date inside the same transaction before it commits.
 */
export interface FunnelTx extends WriteTx {
  /** Papers whose INTRODUCES/USES links or publication date this transaction may have changed. */
  touchPapers(ids: Iterable<string>): void;
  /** Techniques whose outgoing BUILDS_ON edges this transaction may have changed. */
  touchTechniques(ids: Iterable<string>): void;
  /** Take papers out of the lineage index now, before the transaction deletes them. */
  forgetPapers(ids: string[]): Promise<void>;
}

/** One write transaction (retried by the executor on transient errors); listeners hear of it once it commits. */
export async function writeTx<T>(
  executor: Executor,
  path: WritePath,
  operation: string,
  work: (tx: FunnelTx) => Promise<T>,
): Promise<T> {
  const result = await executor.writeTx(operation, async (tx) => {
    // A new set per attempt: a retried transaction starts over.
    const touch: LineageTouch = { papers: new Set(), techniques: new Set() };
    const value = await work({
      ...tx,
      touchPapers: (ids) => {
        for (const id of ids) touch.papers.add(id);
      },
      touchTechniques: (ids) => {
        for (const id of ids) touch.techniques.add(id);
      },
      forgetPapers: (ids) => forgetPapers(tx, ids),
    });
    await refreshLineage(tx, touch);
    return value;
  });
  await committed(executor, path, operation);
  return result;
}

/**
 * Schema commands only (CREATE/DROP INDEX or CONSTRAINT: migrations): they change no data, so no
 * graph-version bump — after a schema commit Neo4j plans every statement again, and a bump after
 * each of a new database's schema transactions was a planning each (issue #16 section 4).
 * Listeners still hear of it, with `version` undefined ("assume changed").
 */
export async function schemaTx<T>(
  executor: Executor,
  path: WritePath,
  operation: string,
  work: (tx: WriteTx) => Promise<T>,
): Promise<T> {
  const result = await executor.writeTx(operation, work);
  await notify({ path, operation });
  return result;
}

/** One statement in its own write transaction; listeners hear of it once it commits. */
export async function write(
  executor: Executor,
  path: WritePath,
  query: Query,
  params?: Record<string, unknown>,
): Promise<Row[]> {
  const rows = await executor.write(query, params);
  await committed(executor, path, query.name);
  return rows;
}
