import { complexityFromQuery } from '@pothos/plugin-complexity';
import { type DefinitionNode, getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { tooComplex } from '../errors.js';

const number = (n: number) => n.toLocaleString('en-US');

/** The QUERY_TOO_COMPLEX of an operation that costs `cost` against a limit of `max`, saying how to fix it. */
export const costError = (cost: number, max: number) =>
  tooComplex(
    'cost',
    max,
    `Query cost ${number(cost)} is over the limit of ${number(max)}. Each connection or list multiplies the cost of ` +
      'what is selected inside it by its size (`first`, default 20; a traversal by `maxDepth`), so nested ' +
      'connections multiply: ask for smaller pages (`first`) and page on with `after`, nest fewer connections, ' +
      'or lower `maxDepth`.',
    { cost },
  );

/**
 * Refuse an operation whose estimated cost (src/http/cost.ts, through @pothos/plugin-complexity)
 * is over `max` before any resolver runs, so no Cypher is sent. The cost depends on the
 * variables (`first: $n`), so it is measured per request at execution, not cached with validation.
 */
export function useCostLimit(max: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return; // execution reports the missing operation
      const document = {
        ...args.document,
        definitions: args.document.definitions.filter(
          (d: DefinitionNode) => d.kind !== Kind.OPERATION_DEFINITION || d === operation,
        ),
      };
      let cost: number;
      try {
        cost = complexityFromQuery(document, {
          schema: args.schema,
          ctx: args.contextValue as object,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
        }).complexity;
      } catch (error) {
        // Variables that do not fit the operation (graphql's own error, not Pothos'): execution
        // reports them with its own message. Duck-typed: graphql may be loaded twice (ESM and CJS).
        if (error instanceof Error && error.name === 'GraphQLError') return;
        throw error;
      }
      if (cost > max) setResultAndStopExecution({ errors: [costError(cost, max)] });
    },
  };
}
