import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { writeDenied } from '../errors.js';
import { getOperationAST } from '../graphql.js';

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
