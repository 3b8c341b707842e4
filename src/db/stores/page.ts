/** Shapes and helpers every read store shares: pages, windows, and aligning batched rows with their ids. */

/** One page of a list plus the size of the whole list. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Pagination window, already validated (limit ≤ 100). */
export interface Window {
  skip: number;
  limit: number;
}

/** Align batched rows with the requested ids (dataloaders need one entry per key, in order). */
export function alignById<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const found = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => found.get(id) ?? null);
}

/** Group batched `{ key, value }` rows by key, one (possibly empty) list per requested key. */
export function groupByKey<T>(ids: readonly string[], rows: { key: string; value: T }[]): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(row.key)?.push(row.value);
  return ids.map((id) => groups.get(id) ?? []);
}

/** Align batched `{ key, value }` rows with the requested ids (`empty()` where a key has none). */
export function alignValues<T>(ids: readonly string[], rows: Record<string, unknown>[], empty: () => T): T[] {
  const byKey = new Map(rows.map((r) => [r.key as string, r.value as T]));
  return ids.map((id) => byKey.get(id) ?? empty());
}

/** Cypher that pages the collected list `all` (already sorted): total plus the window, projected with `project`. */
export const pageOf = (variable: string, project: string) =>
  `WITH collect(${variable}) AS rows
   RETURN size(rows) AS total, [${variable} IN rows[$skip..$skip + $limit] | ${project}] AS items`;
