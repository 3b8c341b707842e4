import { createRequire } from 'node:module';

/**
 * graphql's runtime, the copy the schema is built with. Pothos and yoga `require('graphql')`, which
 * Node resolves to graphql's CommonJS build; a bundler-style resolver (vitest, e.g. a downstream
 * project running `papergraph/testkit`) resolves our own `import … from 'graphql'` to its ESM build
 * instead, and graphql's `instanceof` checks (isListType, TypeInfo, GraphQLError…) then fail across
 * the two copies. Requiring it here gives every runtime use in src/ that one copy; types may still
 * be imported from 'graphql' (`import type`).
 */
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isListType,
  isNonNullType,
  lexicographicSortSchema,
  printSchema,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} = graphql;

/** The error class, as a type too (`error is GraphQLError`, `: GraphQLError`). */
export type GraphQLError = import('graphql').GraphQLError;
