import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import type { QueryLogEntry } from './db/executor.js';
import { toPlainParams } from './db/explain.js';
import { writeDenied } from './errors.js';
import type { Logger } from './logger.js';

/** What one HTTP request accumulates while it runs; read by the request log. */
export interface RequestState {
  started: number;
  operation?: string;
  queries: QueryLogEntry[];
  errorCodes?: unknown[];
}

export type RequestStates = WeakMap<Request, RequestState>;

/** One log line per GraphQL request: operation name, duration, status, Cypher round trips and error codes. */
export function useRequestLog(logger: Logger, states: RequestStates): Plugin<Context> {
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
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const state = states.get((args.contextValue as { request: Request }).request);
          if (state) state.errorCodes = result.errors.map((e) => e.extensions?.code ?? 'UNCODED');
        },
      };
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state || state.operation === undefined) return;
      logger.info(
        {
          operation: state.operation,
          method: request.method,
          status: response.status,
          ms: Math.round((performance.now() - state.started) * 10) / 10,
          queries: state.queries.length,
          errors: state.errorCodes,
          outcome: response.status < 400 && !state.errorCodes ? 'ok' : 'error',
        },
        'graphql request',
      );
    },
  };
}

/** When the caller asked for it, put the Cypher the request ran into `extensions.explain`. */
export function useExplain(): Plugin<Context> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const ctx = args.contextValue as Context;
          if (!ctx.explain || Symbol.asyncIterator in result) return;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              explain: {
                queryCount: ctx.queries.length,
                queries: ctx.queries.map((q) => ({
                  name: q.name,
                  mode: q.mode,
                  ms: q.ms,
                  rows: q.rows,
                  cypher: q.cypher.trim().replace(/\n\s+/g, '\n'),
                  params: toPlainParams(q.params),
                })),
              },
            },
          });
        },
      };
    },
  };
}

/**
 * Refuse a mutation operation from a caller without a write token before
 * anything runs — before argument validation, so unauthenticated callers learn
 * nothing about inputs. (Scope-auth on each mutation field stays as a second check.)
 */
export function useWriteGuard(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const ctx = args.contextValue as Context;
      if (operation?.operation !== 'mutation' || ctx.canWrite) return;
      setResultAndStopExecution({ data: null, errors: [writeDenied(ctx)] });
    },
  };
}
