import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { CacheRuntime } from '../cache/runtime.js';
import type { CachedAnswer } from '../cache/store.js';
import { getOperationAST } from '../graphql.js';
import type { CacheLookupResult } from './metrics.js';
import { formatOf } from './use-result-format.js';

/**
 * The response cache and HTTP caching, as one yoga plugin (README "Dashboards").
 *
 * Answers are keyed by sha256 of (graph version, document, operation name,
 * variables, Authorization, Accept): a write bumps the version, so no older
 * answer can be served after it (src/cache/graph-clock.ts says when the version
 * is re-read). Only queries are cached, never mutations, explain requests or
 * answers with errors. The lookup happens when the operation is about to run,
 * after parsing, validation and the request limits. The same key is the ETag
 * of a GET query; a matching If-None-Match gets 304 without running anything.
 */

type Status = CacheLookupResult;

interface OpState {
  status: Status;
  kind?: 'query' | 'mutation' | 'subscription';
  key?: string;
  storedAt?: number;
  settle?: (answer: CachedAnswer | undefined) => void;
  /** Answered without errors (an ETag may name it). */
  clean: boolean;
  notModified: boolean;
  /** The store was read before parsing (a miss): only single flight is left to check. */
  storeChecked?: boolean;
}

/** The answer's cache key; undefined (bypass the cache) for variables nested too deep to walk. */
const keyOf = (version: number, query: string, operationName: unknown, variables: unknown, request: Request) => {
  try {
    return hashKey(version, query, operationName, variables, request);
  } catch (error) {
    if (error instanceof RangeError) return undefined; // call stack exceeded: e.g. 20,000 nested lists
    throw error;
  }
};

// The document goes in as it is, after its length in bytes (no JSON escaping of the longest part on every request);
// the small parts as canonical JSON after it.
const hashKey = (version: number, query: string, operationName: unknown, variables: unknown, request: Request) =>
  createHash('sha256')
    .update(`${Buffer.byteLength(query)}:`)
    .update(query)
    .update(
      canonical([
        version,
        operationName ?? null,
        variables ?? {},
        request.headers.get('authorization'),
        request.headers.get('accept'),
      ]),
    )
    .digest('hex');

const states = new WeakMap<object, OpState>();
const byRequest = new WeakMap<Request, OpState[]>();

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` share a key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const isExplain = (request: Request) => {
  // The URL is parsed only when it can carry the flag (this runs for every request, hits included).
  const flag =
    request.headers.get('x-papergraph-explain') ??
    (request.url.includes('explain') ? new URL(request.url).searchParams.get('explain') : null);
  return flag === '1' || flag === 'true';
};

/**
 * A stored answer as an execution result that yoga writes out verbatim (its result processor uses
 * a result's own `stringify`): no JSON.parse and re-stringify per hit. `data` and `extensions` are
 * parsed only if something reads them (e.g. the CSV/BibTeX formats); `extensions` only when the
 * answer was stored with some. Stored answers have no errors.
 */
function replay({ body, extensions }: CachedAnswer): ExecutionResult {
  let parsed: ExecutionResult | undefined;
  const read = () => {
    parsed ??= JSON.parse(body) as ExecutionResult;
    return parsed;
  };
  return Object.defineProperties({} as ExecutionResult, {
    data: { enumerable: true, get: () => read().data },
    extensions: { enumerable: true, get: () => (extensions ? read().extensions : undefined) },
    stringify: { enumerable: false, value: () => body },
  });
}

const etagOf = (key: string) => `"${key}"`;
const VARY = 'Accept, Authorization, X-Papergraph-Explain';

/** `onLookup` (the metrics' recordCacheLookup) hears what the cache did for each operation while it is on. */
export function useResponseCache(runtime: CacheRuntime, onLookup?: (result: CacheLookupResult) => void): Plugin {
  async function lookUp(
    state: OpState,
    request: Request,
    query: string,
    operationName: string | null | undefined,
    variables: unknown,
    setResultAndStopExecution: (result: ExecutionResult) => void,
  ): Promise<void> {
    const version = await runtime.clock.current().catch(() => undefined);
    if (version === undefined) return;
    state.key = keyOf(version, query, operationName, variables, request);
    if (state.key === undefined) return;
    const ifNoneMatch = request.headers.get('if-none-match');
    if (request.method === 'GET' && ifNoneMatch?.split(/\s*,\s*/).includes(etagOf(state.key))) {
      state.notModified = true;
      state.clean = true;
      setResultAndStopExecution({ data: null });
      return;
    }
    const { answer, settle } = await runtime.lookup(state.key, state.storeChecked);
    if (answer) {
      state.status = 'hit';
      state.storedAt = answer.storedAt;
      state.clean = true;
      setResultAndStopExecution(replay(answer));
    } else if (settle) {
      state.status = 'miss';
      state.settle = settle;
    }
  }

  return {
    async onParams({ params, request, context, setResult }) {
      const state: OpState = { status: 'bypass', clean: false, notModified: false };
      states.set(context, state);
      const list = byRequest.get(request) ?? [];
      list.push(state);
      byRequest.set(request, list);
      // The fast path: a stored answer skips parsing, validation and the limits. Safe: an answer is
      // stored only for a query that passed them all with this very document, variables and auth.
      if (!runtime.enabled || typeof params?.query !== 'string' || isExplain(request)) return;
      if (request.method === 'GET' && request.headers.has('if-none-match')) return; // 304 is decided after parsing
      // CSV/BibTeX are written from the executed request's context (useResultFormat): look up after parsing.
      if (formatOf(request)) return;
      const version = await runtime.clock.current().catch(() => undefined);
      if (version === undefined) return;
      const key = keyOf(version, params.query, params.operationName, params.variables, request);
      if (key === undefined) return;
      const answer = await runtime.stored(key);
      // A failed read is tried again (and reported) after parsing.
      state.storeChecked = answer !== null;
      if (!answer) return;
      Object.assign(state, { kind: 'query', key, status: 'hit', storedAt: answer.storedAt, clean: true });
      setResult(replay(answer));
    },
    // After parsing, validation and every limit: only a request they let through reaches the cache.
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as { request?: Request; params?: GraphQLParams };
      const state = states.get(context);
      const request = context.request;
      const query = context.params?.query;
      if (!state || !request || typeof query !== 'string') return;
      state.kind = getOperationAST(args.document, args.operationName)?.operation;
      if (state.kind !== 'query' || isExplain(request)) return;
      // With the cache off only a GET needs the version (its ETag); nothing else reads it (and nothing waits).
      if (!runtime.enabled && request.method !== 'GET') return;
      return lookUp(state, request, query, args.operationName, context.params?.variables, setResultAndStopExecution);
    },
    onExecutionResult({ result, context }) {
      const state = states.get(context);
      if (!state || state.status === 'hit' || state.notModified) return;
      state.clean = !!result && !(Symbol.asyncIterator in result) && !result.errors?.length;
      const settle = state.settle;
      state.settle = undefined;
      if (!settle) return;
      if (!state.clean || !result || Symbol.asyncIterator in result) return settle(undefined);
      const { extensions, stringify: _, ...rest } = result;
      const { http: __, ...kept } = extensions ?? {};
      const extended = Object.keys(kept).length > 0;
      const body = JSON.stringify(extended ? { ...rest, extensions: kept } : rest);
      settle({ body, extensions: extended, storedAt: Date.now() });
    },
    onResultProcess({ request, setResultProcessor }) {
      const list = byRequest.get(request);
      if (list?.length === 1 && list[0]?.notModified) {
        setResultProcessor((_result, fetchAPI) => new fetchAPI.Response(null, { status: 304 }), 'application/json');
      }
    },
    onResponse({ request, response }) {
      const list = byRequest.get(request);
      if (!list) return;
      for (const state of list) state.settle?.(undefined);
      if (runtime.enabled && onLookup) for (const state of list) onLookup(state.notModified ? 'hit' : state.status);
      const status: Status = list.every((s) => s.status === 'hit')
        ? 'hit'
        : list.some((s) => s.status === 'miss')
          ? 'miss'
          : 'bypass';
      const headers = response.headers;
      headers.set('x-papergraph-cache', status);
      if (status === 'hit') {
        const oldest = Math.min(...list.map((s) => s.storedAt ?? Date.now()));
        headers.set('age', String(Math.max(0, Math.floor((Date.now() - oldest) / 1000))));
      }
      const authenticated = request.headers.has('authorization');
      const only = list.length === 1 ? list[0] : undefined;
      const readable = only?.kind === 'query' && !isExplain(request);
      if (request.method === 'GET') {
        headers.set('vary', headers.has('vary') ? `${headers.get('vary')}, ${VARY}` : VARY);
      }
      if (authenticated || list.some((s) => s.kind !== 'query') || !readable || !only?.clean) {
        headers.set('cache-control', 'no-store');
        return;
      }
      if (request.method !== 'GET' || !only.key || (response.status !== 200 && response.status !== 304)) return;
      headers.set('etag', etagOf(only.key));
      const maxAge = runtime.config.httpMaxAgeSeconds;
      headers.set('cache-control', maxAge === undefined ? 'no-cache' : `public, max-age=${maxAge}`);
    },
    onDispose: () => runtime.close(),
  };
}
