import { pathDataloaderGetter } from '@pothos/plugin-dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { Link, Plan } from '../db/prefetch.js';
import type { Page, Window } from '../db/stores/page.js';
import type { PaperRow } from '../db/stores/paper-rows.js';
import { CONNECTION_ROWS, type Prefetchable, planFallback, planRows, prefetchedKey } from './lookahead.js';
import { type ConnectionArgs, toConnection, windowFor } from './pagination.js';

/** A prefetchable relation, declared once beside its field. */
export interface RelationOptions<Args, Input, Value, Result> {
  /** Where the parent row carries the prefetched value. */
  slot: string;
  /** Its Cypher (in the store of the parent's node type). */
  link: Link<Input>;
  /** The argument key: the link's input for these arguments, or undefined when they cannot be prefetched. */
  key: (args: Args) => Input | undefined;
  /** Where the rows the link reaches sit below the field (default: the field's own value). */
  rows?: readonly (readonly string[])[];
  /** Flags of the link, each set when the selection reaches its path below the field. */
  flags?: Readonly<Record<string, readonly string[]>>;
  /** The batched fallback: the values for many parents at one path, fetched per the plan below the field. */
  fallback: (ids: string[], ctx: Context, args: Args, plan: Plan) => Promise<readonly Value[]>;
  /** The field's result from the value (default: the value itself). */
  result?: (value: Value, args: Args) => Result;
}

/**
 * The `extensions` and `resolve` of a relation's field (spread them into the field): the
 * parent's prefetched value when the parent recorded this field's path with the same argument
 * key (lookahead.ts), else the fallback, batched per path as `t.loadable` with `byPath` does.
 */
export function relation<Parent extends { id: string }, Args, Input, Value, Result = Value>(
  options: RelationOptions<Args, Input, Value, Result>,
) {
  const prefetch: Prefetchable = {
    slot: options.slot,
    link: options.link as Link<never>,
    key: options.key as (args: Record<string, unknown>) => unknown,
    rows: options.rows ?? [[]],
    flags: options.flags ?? {},
  };
  const getLoader = pathDataloaderGetter<string, Value, unknown, Args>(
    undefined,
    // async: a synchronous throw in a batch function would become an uncoded TypeError.
    async (ids, ctx, args, info) => options.fallback(ids, ctx as Context, args, planFallback(prefetch, info, ctx)),
    undefined,
    false,
    true,
  );
  /** Whether the parent's value was prefetched for these arguments (the same argument key). */
  const prefetchedFor = (args: Args, ctx: Context, info: GraphQLResolveInfo) => {
    const input = options.key(args);
    return input !== undefined && prefetchedKey(ctx, info) === JSON.stringify(input);
  };
  return {
    extensions: { prefetch },
    resolve: async (parent: Parent, args: Args, ctx: Context, info: GraphQLResolveInfo): Promise<Result> => {
      const own = (parent as Record<string, unknown>)[options.slot] as Value | undefined;
      const value =
        own !== undefined && prefetchedFor(args, ctx, info) ? own : await getLoader(args, ctx, info).load(parent.id);
      return options.result ? options.result(value, args) : (value as unknown as Result);
    },
  };
}

/** The window of a connection's arguments, or undefined when they are invalid (the field answers the error). */
export function windowKey(args: ConnectionArgs): Window | undefined {
  try {
    return windowFor(args);
  } catch {
    return undefined;
  }
}

/**
 * A paged papers relation (`Author.papers`, `Topic.papers`, `Paper.cites`, …): `link` is its
 * `{total, items}` link (see `paperPageLink`), `fetch` its batched fallback, one page per parent.
 */
export function paperPageRelation<Parent extends { id: string }>(
  slot: string,
  link: Link<Window>,
  fetch: (ctx: Context, ids: string[], window: Window, plan: Plan) => Promise<Page<PaperRow>[]>,
) {
  return relation<Parent, ConnectionArgs, Window, Page<PaperRow>, ReturnType<typeof toConnection<PaperRow>>>({
    slot,
    link,
    key: windowKey,
    rows: CONNECTION_ROWS,
    fallback: (ids, ctx, args, plan) => fetch(ctx, ids, windowFor(args), plan),
    result: (page, args) => toConnection(page, windowFor(args)),
  });
}

/**
 * The `load` of a paged papers field (`t.loadable` with `byPath: true`): one query per path for
 * all parents, each page projected per the plan below the field (lookahead.ts).
 */
export function loadPaperPages<Args extends ConnectionArgs>(
  fetch: (ctx: Context, ids: string[], window: Window, plan: Plan, args: Args) => Promise<Page<PaperRow>[]>,
) {
  return async (ids: string[], ctx: Context, args: Args, info: GraphQLResolveInfo) => {
    const window = windowFor(args);
    const pages = await fetch(ctx, ids, window, planRows(ctx, info, CONNECTION_ROWS), args);
    return pages.map((page) => toConnection(page, window));
  };
}

/**
 * The scalar fields of one node type, each declaring the row property it reads (spread the
 * result into the field): lookahead projects exactly the declared properties of the selected
 * fields. A row fetched without the property (never, while every field declares what it reads)
 * loads the node by id, batched: a narrower projection can cost a query, never an answer.
 */
export function propertiesOf<R extends { id: string }>(
  load: (ids: string[], ctx: Context) => Promise<readonly (R | null)[]>,
) {
  const getLoader = pathDataloaderGetter<string, R | null, unknown, unknown>(
    undefined,
    async (ids, ctx) => load(ids, ctx as Context),
    undefined,
    false,
    false,
  );
  return <K extends keyof R & string>(name: K) => ({
    extensions: { property: name },
    resolve: (row: R, _args: unknown, ctx: Context, info: GraphQLResolveInfo): R[K] | Promise<R[K]> =>
      row[name] !== undefined
        ? row[name]
        : getLoader({}, ctx, info)
            .load(row.id)
            .then((full) => (full as R)[name]),
  });
}
