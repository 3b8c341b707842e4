import { type Executor, int, type Query } from '../executor.js';
import { oneRow } from '../one-row.js';
import { calls, type Link, linkQuery, type Plan, planned, planParams } from '../prefetch.js';
import { type AuthorRow, authorMap } from './author-rows.js';
import { type Page, pageOf, type Window } from './page.js';
import { type PaperRow, paperMap, paperPages, paperTable } from './paper-rows.js';
import { Reader } from './reader.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** One page of the papers of author `v`, newest first: `{total, items}`. */
export const papersOfAuthor: Link<Window> = {
  target: paperTable,
  cypher: (v, n) => {
    const p = n.v('p');
    return `{total: COUNT { (${v})-[:AUTHORED]->() }, items: COLLECT {
           MATCH (${v})-[:AUTHORED]->(${p}:Paper) WITH ${p} ORDER BY ${p}.published DESC, ${p}.id
           SKIP ${n.param('skip')} LIMIT ${n.param('limit')} RETURN ${n.project(p)} }}`;
  },
  params: (window) => ({ skip: int(window.skip), limit: int(window.limit) }),
};

export interface CoauthorInput {
  first: number;
  includeOrganizations: boolean;
}

/**
 * Co-authors of author `v`, ranked by shared papers then name (`first` of them; organizations
 * only when asked). With the `papers` flag, each with the shared papers (newest first); without,
 * only counted — for a prolific author that is most of the work saved.
 */
export const coauthorsOfAuthor: Link<CoauthorInput> = {
  call: true,
  cypher: (v, n) => {
    const [p, c, papers, shared] = [n.v('p'), n.v('c'), n.v('papers'), n.v('shared')];
    const withPapers = n.flag('papers');
    return `
     MATCH (${v})-[:AUTHORED]->(${p}:Paper)<-[:AUTHORED]-(${c}:Author)
     WHERE ${c} <> ${v} AND (${n.param('orgs')} OR ${c}.kind = 'person')
     ${
       withPapers
         ? `WITH ${c}, ${p} ORDER BY ${p}.published DESC, ${p}.id
     WITH ${c}, collect(${p}) AS ${papers}, count(${p}) AS ${shared}`
         : `WITH ${c}, count(${p}) AS ${shared}`
     }
     ORDER BY ${shared} DESC, ${c}.nameLower, ${c}.id
     LIMIT ${n.param('first')}
     RETURN collect({author: ${authorMap(c)}, sharedPapers: ${shared}${
       withPapers ? `, papers: [${p} IN ${papers} | ${paperMap(p)}]` : ''
     }}) AS ${n.v('value')}`;
  },
  params: (input) => ({ first: int(input.first), orgs: input.includeOrganizations }),
};

const byIds = planned(
  'authors-by-ids',
  (plan) => `UNWIND $ids AS id MATCH (a:Author {id: id}) ${calls('a', plan)} RETURN ${authorMap('a', '', plan)} AS row`,
);
const byName = planned(
  'author-by-name',
  (plan) => `MATCH (a:Author) WHERE a.nameLower = $name OR $name IN [x IN coalesce(a.aliases, []) | toLower(x)]
   WITH a ORDER BY a.id LIMIT 1 ${calls('a', plan)} RETURN ${authorMap('a', '', plan)} AS row`,
);
const list = planned(
  'authors-list',
  (plan) => `MATCH (a:Author) WITH a ORDER BY a.nameLower, a.id ${pageOf('a', authorMap('a', '', plan))}`,
);
const papersOf = paperPages('author-papers', '(o:Author {id: id})', '(o)-[:AUTHORED]->(p:Paper)');
const coauthorsOf = linkQuery('author-coauthors', '(a:Author {id: id})', 'a', coauthorsOfAuthor);

/**
 * The shortest chain of co-authorships, one query per allowed maximum length (a whitelist of
 * literals), with both authors looked up in the same query. A bidirectional `shortestPath` with
 * the person-only rule as `all(n IN nodes(path) …)`, which Neo4j checks during the search (the
 * plan has no exhaustive fallback; written as `nodes(path)[1..-1]` it had one, > 15 s for two
 * authors with no such chain). On 100k papers: 12,380 db hits against 68,818 for the one-sided
 * `SHORTEST 1` quantified-path form used before.
 */
export const MAX_COLLABORATION_LENGTH = 10;
const collaborationQueries = new Map<number, Query>();
for (let hops = 1; hops <= MAX_COLLABORATION_LENGTH; hops++) {
  collaborationQueries.set(
    hops,
    q(
      `collaboration-path-${hops}`,
      `OPTIONAL MATCH (a:Author {id: $from})
       OPTIONAL MATCH (b:Author {id: $to})
       WITH a, b, CASE WHEN a IS NULL OR b IS NULL THEN null WHEN a = b THEN [a] ELSE COLLECT {
         MATCH path = shortestPath((a)-[:AUTHORED*..${2 * hops}]-(b))
         WHERE all(n IN nodes(path) WHERE n:Paper OR n.kind = 'person' OR n = a OR n = b)
         RETURN nodes(path) AS ns
       }[0] END AS ns
       RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound,
              [n IN ns WHERE n:Author | ${authorMap('n')}] AS authors,
              [n IN ns WHERE n:Paper | ${paperMap('n')}] AS papers`,
    ),
  );
}

export type CollaborationRow =
  | { found: false; missing: 'from' | 'to' }
  | { found: true; path: { authors: AuthorRow[]; papers: PaperRow[] } | null };

export interface CoauthorRow {
  author: AuthorRow;
  sharedPapers: number;
  /** Present when the `papers` flag was planned. */
  papers?: PaperRow[];
}

/** Authors: lookups, their papers, ranked co-authors, and collaboration paths. */
export class AuthorStore {
  private readonly reader: Reader;

  constructor(private readonly executor: Executor) {
    this.reader = new Reader(executor);
  }

  /** Authors by id, projected per the plan (its links fetched in the same query). */
  byIds(ids: readonly string[], plan?: Plan): Promise<(AuthorRow | null)[]> {
    return this.reader.byIds(byIds(plan), ids, planParams(plan));
  }

  byName(name: string, plan?: Plan): Promise<AuthorRow | null> {
    return this.reader.one(byName(plan), { name: name.toLowerCase(), ...planParams(plan) });
  }

  list(window: Window, plan?: Plan): Promise<Page<AuthorRow>> {
    return this.reader.page(list(plan), window, planParams(plan));
  }

  papersOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(papersOf, ids, window, plan);
  }

  /** Co-authors of each author; the plan's `papers` flag fetches the shared papers too (else `papers` is absent). */
  coauthorsOf(ids: readonly string[], input: CoauthorInput, plan?: Plan): Promise<CoauthorRow[][]> {
    return this.reader.linkLists(coauthorsOf, ids, plan, input);
  }

  /**
   * Authors in order and the paper linking each consecutive pair (path null when none within
   * `maxLength` steps; one author and no papers when from = to), or which end does not exist.
   */
  async collaborationPath(from: string, to: string, maxLength: number): Promise<CollaborationRow> {
    const query = collaborationQueries.get(maxLength);
    if (!query) throw new RangeError(`maxLength must be 1..${MAX_COLLABORATION_LENGTH}`);
    const row = oneRow(await this.executor.read(query, { from, to }), query);
    if (!row.fromFound) return { found: false, missing: 'from' };
    if (!row.toFound) return { found: false, missing: 'to' };
    if (row.authors === null) return { found: true, path: null };
    return { found: true, path: { authors: row.authors as AuthorRow[], papers: row.papers as PaperRow[] } };
  }
}
