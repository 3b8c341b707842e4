import type { QueryLogEntry } from './db/executor.js';
import type { Stores } from './db/stores.js';

/** What every resolver receives: the per-request stores and who is asking. */
export interface Context {
  stores: Stores;
  /** Every Cypher query this request ran, in order (for explain output and round-trip counting). */
  queries: QueryLogEntry[];
  /** True when the caller asked for the Cypher behind the answer (header `x-papergraph-explain: 1` or `?explain=1`). */
  explain: boolean;
  /** True when the request carried a bearer token that matches a configured write token. */
  canWrite: boolean;
  /** True when the request carried any bearer token at all. */
  presentedToken: boolean;
  /** Write tokens are configured at all (no token configured = writes disabled). */
  writesEnabled: boolean;
}
