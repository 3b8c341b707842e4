import { type Executor, int, type Query } from '../executor.js';
import {
  calls,
  FULL,
  type Link,
  linkQuery,
  type Plan,
  planKey,
  planned,
  planParams,
  variantCache,
} from '../prefetch.js';
import type { AuthorRow } from './author-rows.js';
import { authorTable } from './author-rows.js';
import type { Page, Window } from './page.js';
import { type PaperRow, paperMap, paperPages } from './paper-rows.js';
import { DEFAULT_FILTER, type EdgeFilter, filterParams, passes } from './provenance.js';
import { Reader } from './reader.js';
import { luceneQuery } from './search-store.js';
import type { TechniqueRole, TechniqueUse } from './technique-rows.js';
import { techniqueTable } from './technique-rows.js';
import { type TopicRow, topicTable } from './topic-rows.js';

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

/** The authors of paper `v` in byline order. */
export const authorsOfPaper: Link = {
  target: authorTable,
  cypher: (v, n) => {
    const [a, w] = [n.v('a'), n.v('w')];
    return `COLLECT { MATCH (${v})<-[${w}:AUTHORED]-(${a}:Author) WITH ${a}, ${w} ORDER BY ${w}.position RETURN ${n.project(a)} }`;
  },
};

/** The topics of paper `v` by name. */
export const topicsOfPaper: Link = {
  target: topicTable,
  cypher: (v, n) => {
    const t = n.v('t');
    return `COLLECT { MATCH (${v})-[:ABOUT]->(${t}:Topic) WITH ${t} ORDER BY ${t}.name RETURN ${n.project(t)} }`;
  },
};

/**
 * The techniques paper `v` introduces or uses (`role` picks whitelisted relationship types), with
 * evidence and provenance, through edges passing the filter (its input; src/db/stores/provenance.ts).
 */
export const techniquesOfPaper = (role: TechniqueRole | 'ANY'): Link<EdgeFilter> => ({
  target: techniqueTable,
  cypher: (v, n) => {
    const [r, x] = [n.v('r'), n.v('x')];
    return `COLLECT { MATCH (${v})-[${r}:${roleTypes[role]}]->(${x}:Technique)
   WHERE ${passes(r, n.param('sources'), n.param('includeContrast'))}
   WITH ${x}, ${r} ORDER BY type(${r}), ${x}.name
   RETURN ${n.project(x, `role: type(${r}), evidence: ${r}.evidence, confidence: ${r}.confidence, source: ${r}.source, mentionKind: ${r}.mentionKind`)} }`;
  },
  params: (filter = DEFAULT_FILTER) => filterParams(filter),
});

/** One query per plan (links and projected properties), built on first use. */
const byIds = planned(
  'papers-by-ids',
  (plan) => `UNWIND $ids AS id MATCH (p:Paper {id: id}) ${calls('p', plan)} RETURN ${paperMap('p', plan)} AS row`,
);
const byArxiv = planned(
  'paper-by-arxiv-id',
  (plan) => `MATCH (p:Paper {arxivId: $arxivId}) ${calls('p', plan)} RETURN ${paperMap('p', plan)} AS row`,
);
/** List queries by filter shape and plan. */
const listQueryCache = variantCache();

/** The links of a paper alone, for many papers: the batched fallback when the query above did not prefetch them. */
const paperLink = (name: string, link: Link) => linkQuery(name, '(p:Paper {id: id})', 'p', link);
const authorsOf = paperLink('paper-authors', authorsOfPaper);
const topicsOf = paperLink('paper-topics', topicsOfPaper);
const techniquesOf = Object.fromEntries(
  Object.keys(roleTypes).map((role) => [
    role,
    paperLink(`paper-techniques-${role.toLowerCase()}`, techniquesOfPaper(role as TechniqueRole | 'ANY')),
  ]),
) as Record<TechniqueRole | 'ANY', ReturnType<typeof paperLink>>;

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

  /** Papers by id, projected per the plan (its links fetched in the same query). */
  byIds(ids: readonly string[], plan?: Plan): Promise<(PaperRow | null)[]> {
    return this.reader.byIds(byIds(plan), ids, planParams(plan));
  }

  byArxivId(arxivId: string, plan?: Plan): Promise<PaperRow | null> {
    return this.reader.one(byArxiv(plan), { arxivId, ...planParams(plan) });
  }

  authorsOf(ids: readonly string[], plan?: Plan): Promise<AuthorRow[][]> {
    return this.reader.linkLists(authorsOf, ids, plan);
  }

  topicsOf(ids: readonly string[], plan?: Plan): Promise<TopicRow[][]> {
    return this.reader.linkLists(topicsOf, ids, plan);
  }

  techniquesOf(
    ids: readonly string[],
    role: TechniqueRole | 'ANY',
    plan?: Plan,
    filter: EdgeFilter = DEFAULT_FILTER,
  ): Promise<TechniqueUse[][]> {
    return this.reader.linkLists(techniquesOf[role], ids, plan, filter);
  }

  citesOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(citesOf, ids, window, plan);
  }

  citedByOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(citedByOf, ids, window, plan);
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
    plan: Plan = FULL,
  ): Promise<Page<PaperRow>> {
    const text = filter.text ? luceneQuery(filter.text) : '';
    const query = this.listQuery(filter, order, text !== '', plan);
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
      ...planParams(plan),
    });
  }

  /** Build (once per shape) the list query from fixed fragments: only present filters add a clause. */
  private listQuery(
    filter: PaperFilter,
    order: { field: PaperOrderField; direction: Direction },
    text: boolean,
    plan: Plan,
  ): Query {
    const present = (['yearFrom', 'yearTo', 'topic', 'technique', 'author', 'kind'] as const).filter(
      (k) => filter[k] !== undefined && filter[k] !== null,
    );
    const key = `${present.join(',')}|${text}|${order.field}|${order.direction}|${planKey(plan)}`;
    return listQueryCache(key, () => this.buildListQuery(present, text, order, plan));
  }

  private buildListQuery(
    present: readonly string[],
    text: boolean,
    order: { field: PaperOrderField; direction: Direction },
    plan: Plan,
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
      RETURN size(rows) AS total, [p IN rows[$skip..$skip + $limit] | ${paperMap('p', plan)}] AS items`;
    return q('papers-list', cypher);
  }
}

export interface RelatedRow {
  paper: PaperRow;
  score: number;
  reasons: { kind: string; key: string; name: string; weight: number }[];
}
