import type { Executor, Query, Row, WriteTx } from './executor.js';

/**
 * The write funnel: every write to the graph (transactional import, seed, bulk
 * post-pass, API mutations, migrations) commits through `writeTx` or `write`
 * here, and nowhere else. After a transaction commits, each `onCommitted`
 * listener hears of it: the one place to hook "the graph changed" (a response
 * cache's graph version, a maintained index).
 */

/** Which write path committed (`link`: the linker's mined edges and rejections). */
export type WritePath = 'import' | 'seed' | 'bulk' | 'mutation' | 'migration' | 'link';

export interface CommittedWrite {
  path: WritePath;
  /** The transaction's name, e.g. `import-nodes`, `upsert-paper`. */
  operation: string;
}

export type CommitListener = (write: CommittedWrite) => void;

const listeners = new Set<CommitListener>();

/** Hear of every committed write in this process; returns the function that stops listening. */
export function onCommitted(listener: CommitListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function committed(write: CommittedWrite): void {
  for (const listener of listeners) {
    try {
      listener(write);
    } catch (error) {
      // The write is committed whatever a listener does; its failure must not turn it into an error.
      process.emitWarning(`papergraph: an onCommitted listener threw: ${String(error)}`);
    }
  }
}

/** One write transaction (retried by the executor on transient errors); listeners hear of it once it commits. */
export async function writeTx<T>(
  executor: Executor,
  path: WritePath,
  operation: string,
  work: (tx: WriteTx) => Promise<T>,
): Promise<T> {
  const result = await executor.writeTx(operation, work);
  committed({ path, operation });
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
  committed({ path, operation: query.name });
  return rows;
}
