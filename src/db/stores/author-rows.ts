import { propertyReads } from '../../graph/derive.js';
import type { AuthorKind } from '../../graph/model.js';
import { type Plan, project, type Table } from '../prefetch.js';

/** An author as the stores return it; properties left out of a narrowed projection are absent. */
export interface AuthorRow {
  __type: 'Author';
  id: string;
  name: string;
  kind: AuthorKind;
  aliases: string[];
  openalexId: string | null;
  s2Id: string | null;
  orcid: string | null;
}

/** How each property of an author row is read: as the graph model says (src/graph/model.ts). */
export const authorTable: Table = {
  type: 'Author',
  properties: propertyReads.Author,
};

/** Author projection of `v`; `extra` adds more `key: expression` entries to the same map. */
export const authorMap = (v: string, extra = '', plan?: Plan) => project(authorTable, v, plan, extra);
