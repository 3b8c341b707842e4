import { pathDataloaderGetter } from '@pothos/plugin-dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { Page, PaperLinks, PaperRow, Window } from '../db/stores/rows.js';
import { connectionPaperLinks } from './lookahead.js';
import { type ConnectionArgs, toConnection, windowFor } from './pagination.js';

/**
 * The resolver of a list field whose value may already sit on the parent row
 * (fetched in the same Cypher, see lookahead.ts); otherwise the value is batched
 * through one DataLoader per request (per path when `byPath`), as `t.loadable` does.
 */
export function preloadedOr<V, Args>(
  load: (keys: string[], ctx: Context, args: Args, info: GraphQLResolveInfo) => Promise<readonly V[]>,
  byPath = false,
) {
  const getLoader = pathDataloaderGetter<string, V, unknown, Args>(
    undefined,
    // async: a synchronous throw in a batch function would become an uncoded TypeError.
    async (keys, ctx, args, info) => load(keys, ctx as Context, args, info),
    undefined,
    false,
    byPath,
  );
  return (preloaded: V | undefined, key: string, args: Args, ctx: Context, info: GraphQLResolveInfo) =>
    preloaded !== undefined ? preloaded : getLoader(args, ctx, info).load(key);
}

/**
 * The `load` of a paged papers field (`t.loadable` with `byPath: true`): one query per path for
 * all parents, each page projected with the links its selection asks for (lookahead.ts).
 */
export function loadPaperPages<Args extends ConnectionArgs>(
  fetch: (ctx: Context, ids: string[], window: Window, links: PaperLinks, args: Args) => Promise<Page<PaperRow>[]>,
) {
  return async (ids: string[], ctx: Context, args: Args, info: GraphQLResolveInfo) => {
    const window = windowFor(args);
    const pages = await fetch(ctx, ids, window, connectionPaperLinks(info), args);
    return pages.map((page) => toConnection(page, window));
  };
}

/**
 * The resolver of a scalar read from the parent row, or — when the query that fetched the row
 * projected only the selected properties and this one was left out — from the node loaded by
 * id (batched). A narrower projection can cost a query, never an answer.
 */
export function fromRow<R extends { id: string }, K extends keyof R>(
  name: K,
  loader: (ctx: Context) => { load(id: string): Promise<R> },
) {
  return (row: R, _args: unknown, ctx: Context): R[K] | Promise<R[K]> =>
    row[name] !== undefined
      ? row[name]
      : loader(ctx)
          .load(row.id)
          .then((full) => full[name]);
}

/** A Pothos loadable node ref, as `rowFields` uses it (declared so refs can be passed before their type is known). */
export interface LoadableRef {
  getDataloader(ctx: object): unknown;
}

/** `fromRow` for the scalars of one node type, loading left-out ones through the dataloader of `ref()`. */
export function rowFields<R extends { id: string }>(ref: () => LoadableRef) {
  const loader = (ctx: Context) => ref().getDataloader(ctx) as { load(id: string): Promise<R> };
  return <K extends keyof R>(name: K) => fromRow<R, K>(name, loader);
}
