import { type Executor, int, type Query } from '../executor.js';
import type { LinkQuery, Plan } from '../prefetch.js';
import { planParams } from '../prefetch.js';
import { alignById, alignValues, groupByKey, type Page, type Window } from './page.js';
import type { PaperRow } from './paper-rows.js';

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

  /** Rows `{key, value}`: the value of each requested id (`empty()` where none). */
  async values<T>(query: Query, ids: readonly string[], params: Record<string, unknown>, empty: () => T): Promise<T[]> {
    const rows = await this.executor.read(query, { ids, ...params });
    return alignValues<T>(ids, rows, empty);
  }

  /** A link fetched alone (see `linkQuery`): its list for each requested id (empty where none). */
  linkLists<T, Input = never>(
    link: LinkQuery<Input>,
    ids: readonly string[],
    plan?: Plan,
    input?: Input,
  ): Promise<T[][]> {
    return this.values<T[]>(link.query(plan, input), ids, link.params(plan, input), () => []);
  }

  /** One page of papers per requested id, per the plan (see `paperPages`). */
  paperPages(
    query: (plan?: Plan) => Query,
    ids: readonly string[],
    window: Window,
    plan?: Plan,
    params: Record<string, unknown> = {},
  ): Promise<Page<PaperRow>[]> {
    return this.pages(query(plan), ids, window, { ...planParams(plan), ...params });
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
