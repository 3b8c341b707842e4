import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueryLogEntry } from '../db/executor.js';
import { getOperationAST, Kind } from '../graphql.js';
import { schema } from '../schema/index.js';

/**
 * Prometheus metrics (prom-client, the Node client the Prometheus project lists): requests and
 * latency per operation, errors by code, Cypher statements per request and their time, Neo4j
 * sessions in use, and response-cache lookups. Labels are bounded and never carry query text or
 * variables: an operation is named by its one root field (a field of the schema), else `other`;
 * requests rejected before execution (parse, validation, limits) are `rejected`, answers from the
 * response cache (nothing executed) `cached`; error codes come
 * from the error table (anything else `other`); Cypher statements by their name in the stores.
 */
/**
 * What the response cache did for one operation: `hit` (answered from the store), `miss` (ran, and
 * its answer was stored) or `bypass` (ran, nothing stored: a mutation, an explain request, an answer
 * with errors, a request rejected before execution, or the store unreachable).
 */
export type CacheLookupResult = 'hit' | 'miss' | 'bypass';

export interface Metrics {
  registry: Registry;
  /** Called by the executor for every session it opens (+1) and closes (-1). */
  sessionDelta(delta: 1 | -1): void;
  /** Called by the response cache (src/http/use-response-cache.ts) once per operation while it is on. */
  recordCacheLookup(result: CacheLookupResult): void;
  /** The exposition text served at GET /metrics. */
  text(): Promise<string>;
}

export interface RequestMetrics extends Metrics {
  /** Per-request bookkeeping, fed by the yoga plugin (src/http/use-metrics.ts). */
  /** `at`: when the request arrived (performance.now()), if not now. */
  requestStarted(request: Request, at?: number): void;
  executed(request: Request, operation: string, queries: QueryLogEntry[]): void;
  errors(request: Request, codes: unknown[]): void;
  /** `label`: the operation label when nothing was executed (a cache hit); else `rejected`. */
  requestDone(request: Request, label?: string): void;
}

const rootFields = new Set([
  ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
  ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
]);

/** The bounded operation label of an executed document: its single root field, or `other`. */
export function operationLabel(document: Parameters<typeof getOperationAST>[0], operationName?: string | null): string {
  const operation = getOperationAST(document, operationName);
  const selections = operation?.selectionSet.selections ?? [];
  const [only] = selections;
  if (selections.length !== 1 || only?.kind !== Kind.FIELD) return 'other';
  return rootFields.has(only.name.value) ? only.name.value : 'other';
}

const codeLabel = (code: unknown) => (typeof code === 'string' && /^[A-Z][A-Z_]{0,39}$/.test(code) ? code : 'other');

export function createMetrics(options: { maxPoolSize: number }): RequestMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'papergraph_requests_total',
    help: 'GraphQL requests by operation (its root field, `other`, or `rejected` before execution) and outcome.',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'papergraph_request_duration_seconds',
    help: 'GraphQL request latency, from the request to the response, by operation.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'papergraph_errors_total',
    help: 'GraphQL errors in responses, by error code (src/errors.ts).',
    labelNames: ['code'],
    registers: [registry],
  });
  const queriesPerRequest = new Histogram({
    name: 'papergraph_cypher_queries_per_request',
    help: 'Cypher statements one GraphQL request ran, by operation.',
    labelNames: ['operation'],
    buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34],
    registers: [registry],
  });
  const cypherSeconds = new Histogram({
    name: 'papergraph_cypher_duration_seconds',
    help: 'Time of each Cypher statement (run and read its rows), by statement name.',
    labelNames: ['query'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const sessions = new Gauge({
    name: 'papergraph_neo4j_sessions_active',
    help: 'Neo4j sessions open now (each holds a pooled connection while its transaction runs).',
    registers: [registry],
  });
  new Gauge({
    name: 'papergraph_neo4j_pool_max',
    help: 'Configured Neo4j connection pool size (NEO4J_MAX_POOL_SIZE).',
    registers: [registry],
  }).set(options.maxPoolSize);
  const cache = new Counter({
    name: 'papergraph_cache_lookups_total',
    help: 'Operations by what the response cache did (hit, miss, bypass); zero while CACHE=false.',
    labelNames: ['result'],
    registers: [registry],
  });
  cache.inc({ result: 'hit' }, 0);
  cache.inc({ result: 'miss' }, 0);
  cache.inc({ result: 'bypass' }, 0);

  const states = new WeakMap<Request, { started: number; operation?: string; failed: boolean }>();
  return {
    registry,
    sessionDelta: (delta) => sessions.inc(delta),
    recordCacheLookup: (result) => cache.inc({ result }),
    text: () => registry.metrics(),
    requestStarted(request, at = performance.now()) {
      states.set(request, { started: at, failed: false });
    },
    executed(request, operation, queries) {
      const state = states.get(request);
      // A batch runs several operations: the request is labelled by its first.
      if (state && state.operation === undefined) state.operation = operation;
      queriesPerRequest.observe({ operation }, queries.length);
      for (const q of queries) cypherSeconds.observe({ query: q.name }, q.ms / 1000);
    },
    errors(request, codes) {
      const state = states.get(request);
      if (state && codes.length) state.failed = true;
      for (const code of codes) errors.inc({ code: codeLabel(code) });
    },
    requestDone(request, label) {
      const state = states.get(request);
      if (!state) return;
      states.delete(request);
      const operation = state.operation ?? label ?? 'rejected';
      requests.inc({ operation, outcome: state.failed ? 'error' : 'ok' });
      duration.observe({ operation }, (performance.now() - state.started) / 1000);
    },
  };
}
