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
