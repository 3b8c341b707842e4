import type { ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { keyOf } from '../cache/answer-key.js';
import type { CacheRuntime } from '../cache/runtime.js';
import type { CachedAnswer } from '../cache/store.js';
import { getOperationAST } from '../graphql.js';
import { noteCacheHit } from './cache-hits.js';
import { type EarlyPersisted, earlyCandidate, earlyParams } from './early-hit.js';
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
 * A stored answer is looked for earlier too: in onRequest for the plain POST or
 * GET a dashboard sends (src/http/early-hit.ts), else in onParams; either skips parsing.
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

const states = new WeakMap<object, OpState>();
const byRequest = new WeakMap<Request, OpState[]>();
/** Requests whose store read in onRequest missed, with the key it read: onParams need not read it again. */
const earlyMisses = new WeakMap<Request, string>();

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

/** What a query answered from the store is, whichever hook found it. */
const hitState = (key: string, answer: CachedAnswer) =>
  ({ status: 'hit', kind: 'query', key, storedAt: answer.storedAt, clean: true }) as const;

const etagOf = (key: string) => `"${key}"`;
/** A GET revalidating the answer stored under `key` (If-None-Match names its ETag). */
const etagMatches = (request: Request, key: string) =>
  request.method === 'GET' &&
  !!request.headers
    .get('if-none-match')
    ?.split(/\s*,\s*/)
    .includes(etagOf(key));
/** What yoga answers a regular result with for Accept absent, `*∕*` or `application/json`. */
const JSON_UTF8 = 'application/json; charset=utf-8';
const VARY = 'Accept, Authorization, X-Papergraph-Explain';

/** `onLookup` (the metrics' recordCacheLookup) hears what the cache did for each operation while it is on. */
export function useResponseCache(
  runtime: CacheRuntime,
  options: { onLookup?: (result: CacheLookupResult) => void; persisted: EarlyPersisted },
): Plugin {
  const { onLookup } = options;
  /** The key of this operation at the current graph version; undefined (bypass) when neither can be had. */
  const currentKey = async (query: string, operationName: unknown, variables: unknown, request: Request) => {
    const version = await runtime.clock.current().catch(() => undefined);
    return version === undefined ? undefined : keyOf(version, query, operationName, variables, request);
  };
  async function lookUp(
    state: OpState,
    request: Request,
    query: string,
    operationName: string | null | undefined,
    variables: unknown,
    setResultAndStopExecution: (result: ExecutionResult) => void,
  ): Promise<void> {
    state.key = await currentKey(query, operationName, variables, request);
    if (state.key === undefined) return;
    if (etagMatches(request, state.key)) {
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

  /** The stored answer for a request of an early shape; undefined on a miss or when yoga must see it. */
  async function earlyLookup(request: Request, url: URL) {
    const params = await earlyParams(request, url, options.persisted);
    if (!params) return undefined;
    const key = await currentKey(params.query, params.operationName, params.variables, request);
    if (key === undefined) return undefined;
    const answer = await runtime.stored(key);
    if (answer === null) return undefined; // the store failed: tried again (and reported) after parsing
    if (!answer) {
      earlyMisses.set(request, key);
      return undefined;
    }
    return { key, answer, operationName: params.operationName };
  }

  return {
    // The earliest hit: a plain POST or GET answered before yoga reads its params (src/http/early-hit.ts).
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!runtime.enabled || !earlyCandidate(request, url)) return;
      const startedAt = performance.now();
      let found: Awaited<ReturnType<typeof earlyLookup>>;
      try {
        found = await earlyLookup(request, url);
      } catch (error) {
        // A fault of this shortcut must not become an answer (the server adapter would send its stack as a 500).
        runtime.earlyLookupFailed(error);
        return;
      }
      if (!found) return;
      const { key, answer, operationName } = found;
      // A GET whose ETag names this stored answer gets 304 (onResponse adds ETag, Cache-Control and Vary).
      const notModified = etagMatches(request, key);
      byRequest.set(request, [{ ...hitState(key, answer), notModified }]);
      noteCacheHit(request, { early: { operationName: operationName ?? 'anonymous', startedAt } });
      endResponse(
        notModified
          ? new fetchAPI.Response(null, { status: 304 })
          : new fetchAPI.Response(answer.body, { status: 200, headers: { 'content-type': JSON_UTF8 } }),
      );
    },
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
      const key = await currentKey(params.query, params.operationName, params.variables, request);
      if (key === undefined) return;
      if (earlyMisses.get(request) === key) {
        state.storeChecked = true;
        return;
      }
      const answer = await runtime.stored(key);
      // A failed read is tried again (and reported) after parsing.
      state.storeChecked = answer !== null;
      if (!answer) return;
      Object.assign(state, hitState(key, answer));
      noteCacheHit(request, {});
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
