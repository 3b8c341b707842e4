import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import type { Page, Window } from '../db/stores/page.js';
import { badInput } from '../errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** The window a connection's arguments ask for; `first`/`last` above 100 are a BAD_USER_INPUT error. */
export function windowFor(args: ConnectionArgs): Window {
  for (const key of ['first', 'last'] as const) {
    const value = args[key];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badInput(
        `\`${key}\` must be between 0 and ${MAX_PAGE_SIZE} (got ${value}); page with \`after\` for more.`,
        {
          argument: key,
        },
      );
    }
  }
  let offset: ReturnType<typeof offsetForArgs>;
  try {
    offset = offsetForArgs({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });
  } catch (error) {
    throw badInput(
      `Invalid pagination arguments: ${(error as Error).message}. Use the \`cursor\` values this API returned.`,
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
