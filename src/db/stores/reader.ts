import { type Executor, int, type Query } from '../executor.js';
import {
  alignById,
  alignValues,
  groupByKey,
  linkParams,
  type Page,
  type PaperLinks,
  type PaperRow,
  type Window,
} from './rows.js';

/**
 * The read shapes every entity store needs, over one executor: batched lookups
 * aligned with their ids (dataloaders), one list per id, one page per id, and a
 * single page. Queries return `row`, `{key, value}` or `{total, items}` columns.
 */
export class Reader {
  constructor(private readonly executor: Executor) {}

  /** Rows `{row}` for many ids, aligned with `ids` (null where absent). */
  async byIds<T extends { id: string }>(
    query: Query,
    ids: readonly string[],
    params: Record<string, unknown> = {},
  ): Promise<(T | null)[]> {
    const rows = await this.executor.read(query, { ids, ...params });
    return alignById(
      ids,
      rows.map((r) => r.row as T),
    );
  }

  /** The first `{row}` of a lookup, or null. */
  async one<T>(query: Query, params: Record<string, unknown>): Promise<T | null> {
    const [row] = await this.executor.read(query, params);
    return (row?.row as T | undefined) ?? null;
  }

  /** Rows `{key, value}` grouped into one list per requested id. */
  async groups<T>(query: Query, ids: readonly string[], params: Record<string, unknown> = {}): Promise<T[][]> {
    const rows = await this.executor.read(query, { ids, ...params });
    return groupByKey(ids, rows as { key: string; value: T }[]);
  }

  /** Rows `{key, value: list}`: the list of each requested id (empty where none). */
  async lists<T>(query: Query, ids: readonly string[]): Promise<T[][]> {
    const rows = await this.executor.read(query, { ids });
    return alignValues<T[]>(ids, rows, () => []);
  }

  /** One page of papers per requested id, with the links asked for (see `paperPages`). */
  paperPages(
    query: (links: PaperLinks) => Query,
    ids: readonly string[],
    window: Window,
    links: PaperLinks = {},
  ): Promise<Page<PaperRow>[]> {
    return this.pages(query(links), ids, window, linkParams(links));
  }

  /** Rows `{key, value: {total, items}}`: one page per requested id. */
  async pages<T>(
    query: Query,
    ids: readonly string[],
    window: Window,
    params: Record<string, unknown> = {},
  ): Promise<Page<T>[]> {
    const rows = await this.executor.read(query, { ids, ...params, skip: int(window.skip), limit: int(window.limit) });
    return alignValues<Page<T>>(ids, rows, () => ({ total: 0, items: [] }));
  }

  /** One row `{total, items}`: a single page. */
  async page<T>(query: Query, window: Window, params: Record<string, unknown> = {}): Promise<Page<T>> {
    const [row] = await this.executor.read(query, { ...params, skip: int(window.skip), limit: int(window.limit) });
    return { total: (row?.total as number) ?? 0, items: (row?.items as T[]) ?? [] };
  }
}
