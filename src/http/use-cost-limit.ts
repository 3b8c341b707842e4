import { getMappedArgumentValues } from '@pothos/core';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { DefinitionNode, DocumentNode, FragmentDefinitionNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { tooComplex } from '../errors.js';
import { getOperationAST, getVariableValues, Kind, TypeInfo, visit, visitWithTypeInfo } from '../graphql.js';

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
 * The document without the fields whose arguments their own validation rejects (`first: 101`,
 * a malformed global id): execution answers each of those with an error and runs nothing below
 * it, so the rest is what would run. (The complexity plugin reads arguments through the same
 * validation and would stop at the first such field.)
 */
function withoutRejectedFields(
  document: DocumentNode,
  schema: GraphQLSchema,
  variableValues: Record<string, unknown>,
  ctx: object,
): DocumentNode {
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field || field.args.length === 0) return undefined;
        try {
          getMappedArgumentValues(field, node, ctx, { schema, fragments, variableValues } as never);
          return undefined;
        } catch {
          return null;
        }
      },
    }),
  );
}

/** Costs remembered per document (yoga's parse cache hands back the same object for the same text). */
const VARIANTS_PER_DOCUMENT = 32;

/**
 * Refuse an operation whose estimated cost (src/http/cost.ts, through @pothos/plugin-complexity)
 * is over `max` before any resolver runs, so no Cypher is sent. The cost depends on the
 * variables (`first: $n`), so it is measured at execution, once per document, operation and
 * variable values: repeated requests (the same cached document with the same variables) reuse the
 * verdict instead of walking the document again.
 */
export function useCostLimit(max: number): Plugin {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const key = variantKey(args.operationName, args.variableValues);
      const costs = known.get(args.document);
      const cached = key === undefined ? undefined : costs?.get(key);
      if (cached !== undefined) {
        if (cached > max) setResultAndStopExecution({ errors: [costError(cached, max)] });
        return;
      }
      const complexity = measureCost(args);
      if (complexity === undefined) return;
      if (key === undefined) {
        if (complexity > max) setResultAndStopExecution({ errors: [costError(complexity, max)] });
        return;
      }
      const entries = costs ?? new Map<string, number>();
      if (!costs) known.set(args.document, entries);
      if (entries.size >= VARIANTS_PER_DOCUMENT) entries.delete(entries.keys().next().value as string);
      entries.set(key, complexity);
      if (complexity > max) setResultAndStopExecution({ errors: [costError(complexity, max)] });
    },
  };
}

/** Operation name and variable values as one string; undefined when they nest too deep to serialise. */
function variantKey(operationName: string | null | undefined, variables: unknown): string | undefined {
  try {
    return `${operationName ?? ''}\0${JSON.stringify(variables ?? {})}`;
  } catch (error) {
    if (error instanceof RangeError) return undefined; // call stack exceeded: measured, not remembered
    throw error;
  }
}

/** The cost of the operation to run, or undefined when execution itself will refuse it. */
function measureCost(args: Parameters<NonNullable<Plugin['onExecute']>>[0]['args']): number | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined; // execution reports the missing operation
  const inputs = (args.variableValues ?? {}) as Record<string, unknown>;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], inputs);
  if (variables.errors) return undefined; // execution refuses the whole operation, with graphql's message
  const ctx = args.contextValue as object;
  const selected = {
    ...args.document,
    definitions: args.document.definitions.filter(
      (d: DefinitionNode) => d.kind !== Kind.OPERATION_DEFINITION || d === operation,
    ),
  };
  const measure = (document: DocumentNode) =>
    complexityFromQuery(document, { schema: args.schema, ctx, variables: inputs }).complexity;
  let complexity: number;
  try {
    complexity = measure(selected);
  } catch {
    // Some field's arguments are rejected by their own validation (the plugin stops there):
    // measure what would run instead. Valid documents, the usual case, pay one walk.
    complexity = measure(withoutRejectedFields(selected, args.schema, variables.coerced, ctx));
  }
  return complexity;
}
