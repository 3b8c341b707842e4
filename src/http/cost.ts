import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import type { GraphQLField, GraphQLNamedType, GraphQLOutputType } from 'graphql';
import { getNamedType, isListType, isNonNullType, isObjectType } from '../graphql.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/pagination.js';

/**
 * The cost model, given to @pothos/plugin-complexity as its `fieldComplexity`: a field costs
 * `field`, plus `multiplier` × the cost of what is selected inside it, so cost grows with what
 * a query would make the server fetch:
 * - every field costs 1;
 * - a field with `first`/`last` (connections, `coauthors`, `related`, `search`, rankings) multiplies
 *   its selection by its page size (the default page size when absent; capped at the largest page
 *   the argument accepts, so an out-of-range `first` is an argument error, not a cost error);
 * - a traversal costs `perHop` per step it may take (`maxDepth`, `maxLength`); a traversal that
 *   returns a list (`ancestors`, `descendants`) multiplies its selection by `listBound` per step;
 * - `nodes(ids:)` multiplies by the number of ids; `TopicCount.children` (a level of the
 *   topicBreakdown tree, which holds each topic once) by 1; any other list by `listBound`;
 * - `graph(depth:, limit:)` costs `perHop` per level of `depth` and multiplies its selection by
 *   `limit / listBound` (its `nodes` and `edges` lists then multiply by `listBound` again, so
 *   each node field is counted once per node it may return);
 * - a connection's own paging fields (`totalCount`, `pageInfo`, `cursor`) cost nothing: they are
 *   read once per page, and `edges` is already multiplied by the page size.
 */
export const costRules = { perField: 1, listBound: 10, perHop: 10 } as const;

const freeFields = new Set(['totalCount', 'pageInfo', 'cursor']);

const unwrap = (type: GraphQLOutputType): GraphQLOutputType => (isNonNullType(type) ? type.ofType : type);
const clamp = (value: unknown, min: number, max: number, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, min), max) : fallback;

/** A connection's edge type (it has a `cursor`), as opposed to any other type named …Edge (GraphEdge). */
const isConnectionEdge = (type: GraphQLNamedType) => isObjectType(type) && 'cursor' in type.getFields();

export function fieldCost(
  args: Record<string, unknown>,
  _ctx: unknown,
  field: GraphQLField<unknown, never, Record<string, unknown>>,
): FieldComplexityValue {
  const { perField, listBound, perHop } = costRules;
  const has = (name: string) => field.args.some((a) => a.name === name);
  if (freeFields.has(field.name)) return { field: 0, multiplier: 0 };
  if (field.name === 'edges' && isConnectionEdge(getNamedType(field.type))) return { field: perField, multiplier: 1 };
  const hops = has('maxDepth')
    ? clamp(args.maxDepth, 1, 10, 4)
    : has('maxLength')
      ? clamp(args.maxLength, 1, 10, 6)
      : has('depth')
        ? clamp(args.depth, 1, 10, 1)
        : 0;
  const own = perField + perHop * hops;
  if (has('limit')) return { field: own, multiplier: Math.ceil(clamp(args.limit, 1, 1000, 300) / listBound) };
  if (has('first') || has('last')) {
    return { field: own, multiplier: clamp(args.first ?? args.last, 0, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE) };
  }
  if (!isListType(unwrap(field.type))) return { field: own, multiplier: 1 };
  // topicBreakdown's tree is one query's answer with every topic in it once, however deep (four
  // levels for OpenAlex topics): a level of `children` does not multiply; the roots list does.
  if (field.name === 'children' && getNamedType(field.type).name === 'TopicCount') return { field: own, multiplier: 1 };
  if (field.name === 'nodes' && Array.isArray(args.ids)) return { field: own, multiplier: args.ids.length };
  return { field: own, multiplier: listBound * Math.max(hops, 1) };
}
