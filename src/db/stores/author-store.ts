import { type Executor, int, type Query } from '../executor.js';
import { Reader } from './reader.js';
import {
  type AuthorRow,
  authorMap,
  type Page,
  type PaperLinks,
  type PaperRow,
  paperMap,
  paperPages,
  type Window,
} from './rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

/**
 * Co-authors of author `a`, ranked by shared papers then name, as `list` ($first of them;
 * organizations only when $orgs). With `papers`, each with the shared papers (newest first);
 * without, only counted — for a prolific author that is most of the work saved.
 */
const coauthorsOfA = (papers: boolean) => `
   CALL (a) {
     MATCH (a)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
     WHERE c <> a AND ($orgs OR c.kind = 'person')
     ${
       papers
         ? `WITH c, p ORDER BY p.published DESC, p.id
     WITH c, collect(p) AS papers, count(p) AS shared`
         : 'WITH c, count(p) AS shared'
     }
     ORDER BY shared DESC, c.nameLower, c.id
     LIMIT $first
     RETURN collect({author: ${authorMap('c')}, sharedPapers: shared${papers ? `, papers: [p IN papers | ${paperMap('p')}]` : ''}}) AS list
   }`;
const withPapers = (papers: boolean) => (papers ? '+papers' : '');

const byIds = q('authors-by-ids', `UNWIND $ids AS id MATCH (a:Author {id: id}) RETURN ${authorMap('a')} AS row`);
/** Authors by id with their co-authors in the same query (when the selection asks for them). */
const byIdsWithCoauthors = (papers: boolean) =>
  q(
    `authors-by-ids+coauthors${withPapers(papers)}`,
    `UNWIND $ids AS id MATCH (a:Author {id: id})
     ${coauthorsOfA(papers)}
     RETURN ${authorMap('a', 'coauthors: list')} AS row`,
  );
const byIdsWithCoauthorsQueries = [false, true].map(byIdsWithCoauthors);
const byName = q(
  'author-by-name',
  `MATCH (a:Author) WHERE a.nameLower = $name OR $name IN [x IN coalesce(a.aliases, []) | toLower(x)]
   RETURN ${authorMap('a')} AS row ORDER BY a.id LIMIT 1`,
);
const list = q(
  'authors-list',
  `MATCH (a:Author)
   WITH a ORDER BY a.nameLower, a.id
   WITH collect(a) AS rows
   RETURN size(rows) AS total, [a IN rows[$skip..$skip + $limit] | ${authorMap('a')}] AS items`,
);
const papersOf = paperPages('author-papers', '(o:Author {id: id})', '(o)-[:AUTHORED]->(p:Paper)');
const coauthorsQueries = [false, true].map((papers) =>
  q(
    `author-coauthors${withPapers(papers)}`,
    `UNWIND $ids AS id
     MATCH (a:Author {id: id})
     ${coauthorsOfA(papers)}
     RETURN id AS key, list AS value`,
  ),
);

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
  /** Present when asked for (`CoauthorOptions.papers`). */
  papers?: PaperRow[];
}

export interface CoauthorOptions {
  first: number;
  includeOrganizations: boolean;
  /** Fetch the shared papers of each co-author too. */
  papers: boolean;
}
const coauthorParams = (o: CoauthorOptions) => ({ first: int(o.first), orgs: o.includeOrganizations });

/** Authors: lookups, their papers, ranked co-authors, and collaboration paths. */
export class AuthorStore {
  private readonly reader: Reader;

  constructor(private readonly executor: Executor) {
    this.reader = new Reader(executor);
  }

  byIds(ids: readonly string[]): Promise<(AuthorRow | null)[]> {
    return this.reader.byIds(byIds, ids);
  }

  /** Authors by id, each with `coauthors` (and `coauthorsKey` naming the arguments) fetched in the same query. */
  byIdsWithCoauthors(ids: readonly string[], options: CoauthorOptions): Promise<(AuthorRow | null)[]> {
    return this.reader.byIds(byIdsWithCoauthorsQueries[Number(options.papers)], ids, coauthorParams(options));
  }

  byName(name: string): Promise<AuthorRow | null> {
    return this.reader.one(byName, { name: name.toLowerCase() });
  }

  list(window: Window): Promise<Page<AuthorRow>> {
    return this.reader.page(list, window);
  }

  papersOf(ids: readonly string[], window: Window, links: PaperLinks = {}): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(papersOf, ids, window, links);
  }

  /** Co-authors of each author; `papers` fetches the shared papers too (else `papers` is absent). */
  async coauthorsOf(ids: readonly string[], options: CoauthorOptions): Promise<CoauthorRow[][]> {
    const rows = await this.executor.read(coauthorsQueries[Number(options.papers)], {
      ids,
      ...coauthorParams(options),
    });
    const byKey = new Map(rows.map((r) => [r.key as string, r.value as CoauthorRow[]]));
    return ids.map((id) => byKey.get(id) ?? []);
  }

  /**
   * Authors in order and the paper linking each consecutive pair (path null when none within
   * `maxLength` steps; one author and no papers when from = to), or which end does not exist.
   */
  async collaborationPath(from: string, to: string, maxLength: number): Promise<CollaborationRow> {
    const query = collaborationQueries.get(maxLength);
    if (!query) throw new RangeError(`maxLength must be 1..${MAX_COLLABORATION_LENGTH}`);
    const [row] = await this.executor.read(query, { from, to });
    if (!row.fromFound) return { found: false, missing: 'from' };
    if (!row.toFound) return { found: false, missing: 'to' };
    if (row.authors === null) return { found: true, path: null };
    return { found: true, path: { authors: row.authors as AuthorRow[], papers: row.papers as PaperRow[] } };
  }
}
