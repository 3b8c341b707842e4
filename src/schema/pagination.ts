import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import type { Page, Window } from '../db/stores/page.js';
import { badInput } from '../errors.js';
import { between, invalidArguments } from './arg-checks.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * The page-size rule of every connection: `first`/`last` in 0..100. Declared on the arguments
 * through the builder's relay `firstArgOptions`/`lastArgOptions` (validation plugin), and applied
 * by `windowFor` to arguments read ahead of their field (lookahead), which no plugin has seen yet.
 */
export const pageSize = {
  first: between('`first`', 0, MAX_PAGE_SIZE, '; page with `after` for more').nullish(),
  last: between('`last`', 0, MAX_PAGE_SIZE, '; page with `before` for more').nullish(),
};

/** The size of a ranked list (`coauthors`, `related`): `first` in 1..100. */
export const listSize = between('`first`', 1, MAX_PAGE_SIZE);

/** The window a connection's arguments ask for; `first`/`last` out of range are a BAD_USER_INPUT error. */
export function windowFor(args: ConnectionArgs): Window {
  for (const key of ['first', 'last'] as const) {
    const checked = pageSize[key].safeParse(args[key]);
    if (!checked.success) throw invalidArguments(checked.error.issues.map((i) => ({ ...i, path: [key] })));
  }
  let offset: ReturnType<typeof offsetForArgs>;
  try {
    offset = offsetForArgs({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });
  } catch (error) {
    throw badInput(
      `Invalid pagination arguments: ${(error as Error).message}. Use the \`cursor\` values this API returned.`,
      { argument: args.after != null ? 'after' : args.before != null ? 'before' : 'last' },
    );
  }
  return { skip: offset.offset, limit: offset.expectedSize };
}

/** A Relay connection from one page of a list; `edge` adds per-edge fields (e.g. depth and path). */
export function toConnection<T, N = T, E extends object = object>(
  page: Page<T>,
  window: Window,
  edge: (item: T) => { node: N } & E = (item) => ({ node: item as unknown as N }) as { node: N } & E,
) {
  const edges = page.items.map((item, i) => ({ cursor: offsetToCursor(window.skip + i), ...edge(item) }));
  return {
    totalCount: page.total,
    edges,
    pageInfo: {
      hasNextPage: window.skip + page.items.length < page.total,
      hasPreviousPage: window.skip > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
