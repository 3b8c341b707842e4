import { propertyReads } from '../../graph/derive.js';
import type { PaperKind } from '../../graph/model.js';
import { int, type Query } from '../executor.js';
import { type Link, type Plan, planned, project, type Table } from '../prefetch.js';
import type { Window } from './page.js';

/** The stored `kind` of a paper (the model's enum). */
export type PaperKindValue = PaperKind;

/** A paper as the stores return it; properties left out of a narrowed projection are absent. */
export interface PaperRow {
  __type: 'Paper';
  id: string;
  title: string;
  abstract: string | null;
  /** Null when the source gave only a year; `YYYY-MM` when only a month. */
  published: string | null;
  datePrecision: 'day' | 'month' | 'year';
  year: number;
  arxivId: string | null;
  url: string | null;
  kind: PaperKindValue;
  doi: string | null;
  openalexId: string | null;
  s2Id: string | null;
  corpusId: number | null;
  source: string;
  sourceType: string | null;
  citedByCount: number | null;
  citationCount: number;
}

/** How each property of a paper row is read: as the graph model says (src/graph/model.ts). */
export const paperTable: Table = {
  type: 'Paper',
  properties: propertyReads.Paper,
};

/** Paper projection of `v`, with the planned properties and links (all properties, no links by default). */
export const paperMap = (v: string, plan?: Plan) => project(paperTable, v, plan);

/**
 * One page of papers per owner id, newest first, projected per the plan: `owner` matches the
 * owner node `o` from `id`, `pattern` reaches the papers `p` from it. One query per plan,
 * built on first use (rows `{key, value: {total, items}}`).
 */
export function paperPages(name: string, owner: string, pattern: string): (plan?: Plan) => Query {
  return planned(
    name,
    (plan) => `
          UNWIND $ids AS id
          MATCH ${owner}
          CALL (o) {
            MATCH ${pattern}
            WITH DISTINCT p ORDER BY p.published DESC, p.id
            WITH collect(p) AS rows
            RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
          }
          RETURN id AS key, {total: total, items: [p IN page | ${paperMap('p', plan)}]} AS value`,
  );
}

/**
 * The same page as a link (fetched inside its owner's projection, see src/db/prefetch.ts):
 * `pattern(v, p)` reaches the papers `p` from the owner `v`; `{total, items}`, newest first.
 */
export function paperPageLink(pattern: (v: string, p: string) => string): Link<Window> {
  return {
    target: paperTable,
    cypher: (v, n) => {
      const p = n.v('p');
      const papers = `MATCH ${pattern(v, p)}`;
      return `{total: COUNT { ${papers} RETURN DISTINCT ${p} }, items: COLLECT {
           ${papers} WITH DISTINCT ${p} ORDER BY ${p}.published DESC, ${p}.id
           SKIP ${n.param('skip')} LIMIT ${n.param('limit')} RETURN ${n.project(p)} }}`;
    },
    params: (window) => ({ skip: int(window.skip), limit: int(window.limit) }),
  };
}
