/**
 * Row shapes the stores return and the Cypher map projections that produce
 * them. Every row carries `__type` so unions (search hits, lineage steps) can
 * resolve their GraphQL type without another query.
 */

export type PaperKindValue = 'paper' | 'technical_report' | 'system_card';

export interface PaperRow {
  __type: 'Paper';
  id: string;
  title: string;
  abstract: string | null;
  published: string;
  year: number;
  arxivId: string | null;
  url: string | null;
  kind: PaperKindValue;
  citationCount: number;
}

export interface AuthorRow {
  __type: 'Author';
  id: string;
  name: string;
  kind: 'person' | 'organization';
  aliases: string[];
}

export interface TopicRow {
  __type: 'Topic';
  id: string;
  name: string;
  description: string | null;
  parentId: string | null;
}

export interface TechniqueRow {
  __type: 'Technique';
  id: string;
  name: string;
  aliases: string[];
  description: string | null;
}

export type NodeRow = PaperRow | AuthorRow | TopicRow | TechniqueRow;

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

export const paperMap = (v: string) => `${v} {
  __type: 'Paper', .id, .title, .abstract, published: toString(${v}.published), .year, .arxivId, .url, .kind,
  citationCount: coalesce(${v}.citationCount, 0)
}`;

export const authorMap = (v: string) =>
  `${v} { __type: 'Author', .id, .name, .kind, aliases: coalesce(${v}.aliases, []) }`;

export const topicMap = (v: string) =>
  `${v} { __type: 'Topic', .id, .name, .description, parentId: COLLECT { MATCH (${v})-[:SUBTOPIC_OF]->(pt:Topic) RETURN pt.id }[0] }`;

/** Technique projection; `extra` adds more `key: expression` entries to the same map. */
export const techniqueMap = (v: string, extra = '') =>
  `${v} { __type: 'Technique', .id, .name, .description, aliases: coalesce(${v}.aliases, [])${extra ? `, ${extra}` : ''} }`;

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

/** Align batched `{ key, value: Page }` rows with the requested ids (an empty page where a key has none). */
export function alignPages<T>(ids: readonly string[], rows: Record<string, unknown>[]): Page<T>[] {
  const byKey = new Map(rows.map((r) => [r.key as string, r.value as Page<T>]));
  return ids.map((id) => byKey.get(id) ?? { total: 0, items: [] });
}

/** Cypher that pages the collected list `all` (already sorted): total plus the window, projected with `project`. */
export const pageOf = (variable: string, project: string) =>
  `WITH collect(${variable}) AS rows
   RETURN size(rows) AS total, [${variable} IN rows[$skip..$skip + $limit] | ${project}] AS items`;

/** Escape Lucene query syntax so user text is searched literally (full-text indexes). */
export function luceneQuery(text: string): string {
  const terms = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => term.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, '\\$&'))
    .filter((term) => !/^(AND|OR|NOT)$/.test(term));
  // Every term, fuzzy-tolerant on its own; the whole phrase boosted.
  return terms.length ? `${terms.join(' ')}${terms.length > 1 ? ` "${terms.join(' ')}"^2` : ''}` : '';
}
