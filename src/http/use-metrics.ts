import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { operationLabel, type RequestMetrics } from './metrics.js';

/**
 * Feeds the Prometheus metrics (src/http/metrics.ts): one observation per request on the
 * response, per executed operation its Cypher statements, and the codes of every error sent
 * (including rejections before execution). GraphQL requests only: /health and /ready are not counted.
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
      metrics.requestDone(request);
    },
  };
}
