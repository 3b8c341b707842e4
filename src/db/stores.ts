import type { Executor } from './executor.js';
import { graphCounts } from './schema-store.js';
import { PaperStore } from './stores/paper-store.js';

/** The stores of one request, all sharing that request's executor (and its query log). */
export function createStores(executor: Executor) {
  return {
    papers: new PaperStore(executor),
    counts: () => graphCounts(executor),
  };
}

export type Stores = ReturnType<typeof createStores>;
