import { type Executor, int, type Query } from '../executor.js';
import { Reader } from './reader.js';
import {
  type AuthorRow,
  authorsOfPaper,
  linkParams,
  linksKey,
  luceneQuery,
  type Page,
  type PaperLinks,
  type PaperRow,
  paperMap,
  paperPages,
  type TechniqueRole,
  type TechniqueUse,
  type TopicRow,
  techniquesOfPaper,
  topicsOfPaper,
  variantCache,
  variantKey,
  type Window,
} from './rows.js';

export interface PaperFilter {
  yearFrom?: number | null;
  yearTo?: number | null;
  /** Topic id or name; matches the topic and its subtopics. */
  topic?: string | null;
  /** Technique id, name or alias (case-insensitive). */
  technique?: string | null;
  /** Author id or name. */
  author?: string | null;
  kind?: string | null;
  /** Full-text over title and abstract. */
  text?: string | null;
}

export type PaperOrderField = 'YEAR' | 'TITLE' | 'CITATIONS';
export type Direction = 'ASC' | 'DESC';

// Whitelists: sort keys and relationship types are chosen from these maps, never taken from input.
const orderKeys: Record<PaperOrderField, string> = {
  YEAR: 'p.published',
  TITLE: 'p.titleLower',
  CITATIONS: 'p.citationCount',
};
const roleTypes: Record<TechniqueRole | 'ANY', string> = {
  INTRODUCES: 'INTRODUCES',
  USES: 'USES',
  ANY: 'INTRODUCES|USES',
};

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** List queries by filter shape; at most 2^6 × 2 × 3 × 2 entries. */
const listQueryCache = variantCache();

/** One query per combination of links and projected properties, built on first use. */
const variants = variantCache();
const variant = (name: string, links: PaperLinks, cypher: (links: PaperLinks) => string): Query =>
  variants(`${name}${variantKey(links)}`, () => q(`${name}${linksKey(links)}`, cypher(links)));
const byIds = (links: PaperLinks) =>
  variant(
    'papers-by-ids',
    links,
    (l) => `UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN ${paperMap('p', l)} AS row`,
  );
const byArxiv = (links: PaperLinks) =>
  variant('paper-by-arxiv-id', links, (l) => `MATCH (p:Paper {arxivId: $arxivId}) RETURN ${paperMap('p', l)} AS row`);

/** One list per paper id: `fragment` is a COLLECT over paper `p`. */
const linkLists = (name: string, fragment: string) =>
  q(name, `UNWIND $ids AS id MATCH (p:Paper {id: id}) RETURN id AS key, ${fragment} AS value`);
const authorsOf = linkLists('paper-authors', authorsOfPaper('p'));
const topicsOf = linkLists('paper-topics', topicsOfPaper('p'));
const techniquesOf = Object.fromEntries(
  Object.entries(roleTypes).map(([role, types]) => [
    role,
    linkLists(`paper-techniques-${role.toLowerCase()}`, techniquesOfPaper('p', types)),
  ]),
) as Record<TechniqueRole | 'ANY', Query>;

const citesOf = paperPages('paper-cites', '(o:Paper {id: id})', '(o)-[:CITES]->(p:Paper)');
const citedByOf = paperPages('paper-cited-by', '(o:Paper {id: id})', '(o)<-[:CITES]-(p:Paper)');

const related = q(
  'paper-related',
  `MATCH (p:Paper {id: $id})
   CALL (p) {
     MATCH (p)-[:USES|INTRODUCES]->(x:Technique)<-[:USES|INTRODUCES]-(o:Paper)
     RETURN o, {kind: 'TECHNIQUE', key: x.id, name: x.name, weight: 3.0} AS reason
     UNION
     MATCH (p)<-[:AUTHORED]-(a:Author)-[:AUTHORED]->(o:Paper) WHERE a.kind = 'person'
     RETURN o, {kind: 'AUTHOR', key: a.id, name: a.name, weight: 2.0} AS reason
     UNION
     MATCH (p)-[:ABOUT]->(t:Topic)<-[:ABOUT]-(o:Paper)
     RETURN o, {kind: 'TOPIC', key: t.id, name: t.name, weight: 1.0} AS reason
     UNION
     MATCH (p)-[:CITES]->(o:Paper)
     RETURN o, {kind: 'CITES', key: o.id, name: o.title, weight: 4.0} AS reason
     UNION
     MATCH (p)<-[:CITES]-(o:Paper)
     RETURN o, {kind: 'CITED_BY', key: o.id, name: o.title, weight: 4.0} AS reason
   }
   WITH o, reason WHERE o <> p
   WITH o, collect(reason) AS reasons, sum(reason.weight) AS score
   ORDER BY score DESC, o.published DESC, o.id
   LIMIT $first
   RETURN ${paperMap('o')} AS paper, score,
          [r IN reasons | r] AS reasons`,
);

/** Papers: lookups, filtered lists, and everything hanging off one paper (batched for dataloaders). */
export class PaperStore {
  private readonly reader: Reader;

  constructor(private readonly executor: Executor) {
    this.reader = new Reader(executor);
  }

  /** Papers by id, with `links` fetched in the same query. */
  byIds(ids: readonly string[], links: PaperLinks = {}): Promise<(PaperRow | null)[]> {
    return this.reader.byIds(byIds(links), ids, linkParams(links));
  }

  byArxivId(arxivId: string, links: PaperLinks = {}): Promise<PaperRow | null> {
    return this.reader.one(byArxiv(links), { arxivId, ...linkParams(links) });
  }

  authorsOf(ids: readonly string[]): Promise<AuthorRow[][]> {
    return this.reader.lists(authorsOf, ids);
  }

  topicsOf(ids: readonly string[]): Promise<TopicRow[][]> {
    return this.reader.lists(topicsOf, ids);
  }

  techniquesOf(ids: readonly string[], role: TechniqueRole | 'ANY'): Promise<TechniqueUse[][]> {
    return this.reader.lists(techniquesOf[role], ids);
  }

  citesOf(ids: readonly string[], window: Window, links: PaperLinks = {}): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(citesOf, ids, window, links);
  }

  citedByOf(ids: readonly string[], window: Window, links: PaperLinks = {}): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(citedByOf, ids, window, links);
  }

  async related(id: string, first: number): Promise<RelatedRow[]> {
    const rows = await this.executor.read(related, { id, first: int(first) });
    return rows as unknown as RelatedRow[];
  }

  /** One page of papers matching `filter`, sorted inside Cypher, with the total count. */
  list(
    filter: PaperFilter,
    order: { field: PaperOrderField; direction: Direction },
    window: Window,
    links: PaperLinks = {},
  ): Promise<Page<PaperRow>> {
    const text = filter.text ? luceneQuery(filter.text) : '';
    const query = this.listQuery(filter, order, text !== '', links);
    return this.reader.page(query, window, {
      yearFrom: filter.yearFrom ?? null,
      yearTo: filter.yearTo ?? null,
      topic: filter.topic ?? null,
      topicLower: filter.topic?.toLowerCase() ?? null,
      technique: filter.technique ?? null,
      techniqueLower: filter.technique?.toLowerCase() ?? null,
      author: filter.author ?? null,
      authorLower: filter.author?.toLowerCase() ?? null,
      kind: filter.kind ?? null,
      text,
      ...linkParams(links),
    });
  }

  /** Build (once per shape) the list query from fixed fragments: only present filters add a clause. */
  private listQuery(
    filter: PaperFilter,
    order: { field: PaperOrderField; direction: Direction },
    text: boolean,
    links: PaperLinks,
  ): Query {
    const present = (['yearFrom', 'yearTo', 'topic', 'technique', 'author', 'kind'] as const).filter(
      (k) => filter[k] !== undefined && filter[k] !== null,
    );
    const key = `${present.join(',')}|${text}|${order.field}|${order.direction}|${variantKey(links)}`;
    return listQueryCache(key, () => this.buildListQuery(present, text, order, links));
  }

  private buildListQuery(
    present: readonly string[],
    text: boolean,
    order: { field: PaperOrderField; direction: Direction },
    links: PaperLinks,
  ): Query {
    const where: string[] = [];
    if (present.includes('yearFrom')) where.push('p.year >= $yearFrom');
    if (present.includes('yearTo')) where.push('p.year <= $yearTo');
    if (present.includes('kind')) where.push('p.kind = $kind');
    // With a topic and no text, start from the topic (a few thousand ABOUT edges) rather than
    // from the year index with a per-paper EXISTS (28× the db hits on 100k papers, see src/bench).
    const fromTopic = present.includes('topic') && !text;
    if (present.includes('topic') && !fromTopic)
      where.push(
        'EXISTS { MATCH (p)-[:ABOUT]->(:Topic)-[:SUBTOPIC_OF*0..1]->(t:Topic) WHERE t.id = $topic OR t.nameLower = $topicLower }',
      );
    if (present.includes('technique'))
      where.push(
        'EXISTS { MATCH (p)-[:USES|INTRODUCES]->(x:Technique) WHERE x.id = $technique OR $techniqueLower IN x.lookupKeys }',
      );
    if (present.includes('author'))
      where.push('EXISTS { MATCH (p)<-[:AUTHORED]-(a:Author) WHERE a.id = $author OR a.nameLower = $authorLower }');
    const source = text
      ? "CALL db.index.fulltext.queryNodes('paper_text', $text) YIELD node AS p, score"
      : fromTopic
        ? `MATCH (t:Topic) WHERE t.id = $topic OR t.nameLower = $topicLower
      CALL (t) { MATCH (p:Paper)-[:ABOUT]->(:Topic)-[:SUBTOPIC_OF*0..1]->(t) RETURN p }
      WITH DISTINCT p`
        : 'MATCH (p:Paper)';
    const cypher = `
      ${source}
      ${where.length ? `WHERE ${where.join('\n        AND ')}` : ''}
      WITH p ORDER BY ${orderKeys[order.field]} ${order.direction}, p.id ASC
      WITH collect(p) AS rows
      RETURN size(rows) AS total, [p IN rows[$skip..$skip + $limit] | ${paperMap('p', links)}] AS items`;
    return q('papers-list', cypher);
  }
}

export interface RelatedRow {
  paper: PaperRow;
  score: number;
  reasons: { kind: string; key: string; name: string; weight: number }[];
}
