import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { cacheHitOf } from './cache-hits.js';
import { operationLabel, type RequestMetrics } from './metrics.js';

/**
 * Feeds the Prometheus metrics (src/http/metrics.ts): one observation per request on the
 * response, per executed operation its Cypher statements, and the codes of every error sent
 * (including rejections before execution). GraphQL requests only: /health and /ready are not counted.
 * Answers from the response cache run no operation: they are labelled `cached`.
 */
export function useMetrics(metrics: RequestMetrics): Plugin<Context> {
  return {
    onParams({ request }) {
      metrics.requestStarted(request);
    },
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request: Request };
      return {
        onExecuteDone() {
          metrics.executed(ctx.request, operationLabel(args.document, args.operationName), ctx.queries);
        },
      };
    },
    onResultProcess({ request, result }) {
      const results = Array.isArray(result) ? result : [result];
      const codes = results.flatMap((r) =>
        r && typeof r === 'object' && 'errors' in r && Array.isArray(r.errors)
          ? r.errors.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code ?? 'UNCODED')
          : [],
      );
      metrics.errors(request, codes);
    },
    onResponse({ request }) {
      const hit = cacheHitOf(request);
      // Answered in onRequest (src/http/early-hit.ts): onParams never ran, so it starts here, from when it arrived.
      if (hit?.early) metrics.requestStarted(request, hit.early.startedAt);
      metrics.requestDone(request, hit ? 'cached' : undefined);
    },
  };
}
