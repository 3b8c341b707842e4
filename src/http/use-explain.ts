import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { toPlainParams } from '../db/explain.js';

/** When the caller asked for it (`ctx.explain`), put the Cypher the request ran into `extensions.explain`. */
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
