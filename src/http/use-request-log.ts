import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { QueryLogEntry } from '../db/executor.js';
import type { Logger } from '../logger.js';
import { cacheHitOf } from './cache-hits.js';

/** What one HTTP request accumulates while it runs. */
interface RequestState {
  started: number;
  operation?: string;
  /** The query lists of the request's operations (one per operation of a batch). */
  queries: QueryLogEntry[][];
  errorCodes?: unknown[];
}

/**
 * One log line per GraphQL request: operation name, duration, status, Cypher round trips and
 * error codes. The plugin keeps its per-request state itself (by Request, so it goes with it).
 */
export function useRequestLog(logger: Logger): Plugin<Context> {
  const states = new WeakMap<Request, RequestState>();
  return {
    onRequest({ request }) {
      states.set(request, { started: performance.now(), queries: [] });
    },
    onParams({ params, request }) {
      const state = states.get(request);
      // A batch may hold non-objects (`[null]`): yoga rejects them after this hook, with a code.
      if (state) state.operation = params?.operationName ?? 'anonymous';
    },
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request: Request };
      const state = states.get(ctx.request);
      state?.queries.push(ctx.queries);
      return {
        onExecuteDone({ result }) {
          if (!state || !('errors' in result) || !result.errors?.length) return;
          state.errorCodes = result.errors.map((e) => e.extensions?.code ?? 'UNCODED');
        },
      };
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      const hit = cacheHitOf(request);
      // A hit answered before the params were read (src/http/early-hit.ts) named its operation in the body.
      const operation = state?.operation ?? hit?.early?.operationName;
      if (!state || operation === undefined) return;
      logger.info(
        {
          operation,
          method: request.method,
          status: response.status,
          ms: Math.round((performance.now() - state.started) * 10) / 10,
          queries: state.queries.reduce((n, q) => n + q.length, 0),
          errors: state.errorCodes,
          outcome: response.status < 400 && !state.errorCodes ? 'ok' : 'error',
          cache: hit ? 'hit' : undefined,
          early: hit?.early ? true : undefined,
        },
        'graphql request',
      );
    },
  };
}
