import { type Executor, int, type Query } from '../executor.js';
import { Reader } from './reader.js';
import { type AuthorRow, authorMap, type Page, type PaperRow, paperMap, type Window } from './rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

const byIds = q('authors-by-ids', `UNWIND $ids AS id MATCH (a:Author {id: id}) RETURN ${authorMap('a')} AS row`);
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
const papersOf = q(
  'author-papers',
  `UNWIND $ids AS id
   MATCH (a:Author {id: id})
   CALL (a) {
     MATCH (a)-[:AUTHORED]->(p:Paper)
     WITH p ORDER BY p.published DESC, p.id
     WITH collect(p) AS rows
     RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
   }
   RETURN id AS key, {total: total, items: [p IN page | ${paperMap('p')}]} AS value`,
);
const coauthors = q(
  'author-coauthors',
  `UNWIND $ids AS id
   MATCH (a:Author {id: id})
   CALL (a) {
     MATCH (a)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
     WHERE c <> a AND ($orgs OR c.kind = 'person')
     WITH c, p ORDER BY p.published DESC, p.id
     WITH c, collect(p) AS papers
     ORDER BY size(papers) DESC, c.nameLower, c.id
     LIMIT $first
     RETURN collect({author: ${authorMap('c')}, sharedPapers: size(papers), papers: [p IN papers | ${paperMap('p')}]}) AS list
   }
   RETURN id AS key, list AS value`,
);

/** The shortest chain of co-authorships, one query per allowed maximum length (a whitelist of literals). */
export const MAX_COLLABORATION_LENGTH = 10;
const collaborationQueries = new Map<number, Query>();
for (let hops = 1; hops <= MAX_COLLABORATION_LENGTH; hops++) {
  collaborationQueries.set(
    hops,
    q(
      `collaboration-path-${hops}`,
      // The person-only rule sits inside the pattern, so the search prunes as it goes. (As a WHERE
      // after shortestPath it made Neo4j fall back to an exhaustive search: > 15 s for two
      // authors with no such chain, e.g. author:aditya-ramesh → author:ajay-jain.)
      `MATCH (a:Author {id: $from}), (b:Author {id: $to})
       MATCH path = SHORTEST 1 (a) ((:Author)-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(n:Author)
                                    WHERE n = b OR n.kind = 'person'){1,${hops}} (b)
       WITH nodes(path) AS ns
       RETURN [n IN ns WHERE n:Author | ${authorMap('n')}] AS authors,
              [n IN ns WHERE n:Paper | ${paperMap('n')}] AS papers`,
    ),
  );
}

export interface CoauthorRow {
  author: AuthorRow;
  sharedPapers: number;
  papers: PaperRow[];
}

/** Authors: lookups, their papers, ranked co-authors, and collaboration paths. */
export class AuthorStore {
  private readonly reader: Reader;

  constructor(private readonly executor: Executor) {
    this.reader = new Reader(executor);
  }

  byIds(ids: readonly string[]): Promise<(AuthorRow | null)[]> {
    return this.reader.byIds(byIds, ids);
  }

  byName(name: string): Promise<AuthorRow | null> {
    return this.reader.one(byName, { name: name.toLowerCase() });
  }

  list(window: Window): Promise<Page<AuthorRow>> {
    return this.reader.page(list, window);
  }

  papersOf(ids: readonly string[], window: Window): Promise<Page<PaperRow>[]> {
    return this.reader.pages(papersOf, ids, window);
  }

  async coauthorsOf(ids: readonly string[], first: number, includeOrganizations: boolean): Promise<CoauthorRow[][]> {
    const rows = await this.executor.read(coauthors, { ids, first: int(first), orgs: includeOrganizations });
    const byKey = new Map(rows.map((r) => [r.key as string, r.value as CoauthorRow[]]));
    return ids.map((id) => byKey.get(id) ?? []);
  }

  /** Authors in order and the paper linking each consecutive pair, or null when none within `maxLength` steps. */
  async collaborationPath(
    from: string,
    to: string,
    maxLength: number,
  ): Promise<{ authors: AuthorRow[]; papers: PaperRow[] } | null> {
    const query = collaborationQueries.get(maxLength);
    if (!query) throw new RangeError(`maxLength must be 1..${MAX_COLLABORATION_LENGTH}`);
    const [row] = await this.executor.read(query, { from, to });
    return row ? { authors: row.authors as AuthorRow[], papers: row.papers as PaperRow[] } : null;
  }
}
