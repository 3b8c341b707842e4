import { type Executor, int, type Query } from '../executor.js';
import { type AuthorRow, authorMap } from './author-rows.js';
import { DEFAULT_FILTER, type EdgeFilter, filterParams, isDefaultFilter, passes } from './provenance.js';
import { type TechniqueRow, techniqueMap } from './technique-rows.js';
import { matchTechniqueRef, type TechniqueRef } from './technique-store.js';
import { SUBTOPICS, type TopicRow, topicMap } from './topic-rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });
/** Code-point order, as Cypher's ORDER BY on strings. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * From rows of `year` (one per paper): the list of `{year, count}` for every year from
 * $fromYear (default the first) to $toYear (default the last), zeros included, as `series`.
 * Counts are aggregated first, so the work is one pass over the papers plus one per year.
 */
const yearSeries = `
  WITH year, count(*) AS count
  WITH collect({year: year, count: count}) AS counts, min(year) AS first, max(year) AS last
  WITH counts, coalesce($fromYear, first) AS lo, coalesce($toYear, last) AS hi
  RETURN [year IN CASE WHEN lo IS NULL OR hi IS NULL THEN [] ELSE range(lo, hi) END |
          {year: year, count: coalesce([c IN counts WHERE c.year = year][0].count, 0)}] AS series`;

const papersPerYear = q('stats-papers-per-year', `MATCH (p:Paper) WITH p.year AS year ${yearSeries}`);

const topTechniques = q(
  'stats-top-techniques',
  `MATCH (x:Technique)
   WITH x, COUNT { MATCH (p:Paper)-[:INTRODUCES|USES]->(x) RETURN DISTINCT p } AS paperCount
   WHERE paperCount > 0
   ORDER BY paperCount DESC, x.nameLower, x.id
   LIMIT $first
   RETURN ${techniqueMap('x')} AS technique, paperCount`,
);

const topAuthors = q(
  'stats-top-authors',
  `MATCH (a:Author) WHERE $orgs OR a.kind = 'person'
   WITH a, COUNT { (a)-[:AUTHORED]->(:Paper) } AS paperCount
   WHERE paperCount > 0
   ORDER BY paperCount DESC, a.nameLower, a.id
   LIMIT $first
   RETURN ${authorMap('a')} AS author, paperCount`,
);

/** Papers about topic `v` or one of its subtopics, each once (the same rule as Topic.papers). */
const topicPaperCount = (v: string) =>
  `COUNT { MATCH (p:Paper)-[:ABOUT]->(:Topic)-[:${SUBTOPICS}]->(${v}) RETURN DISTINCT p }`;

/** Every topic with its parent's id and paper count: the tree is built from these rows (any depth). */
const topicBreakdown = q(
  'stats-topic-breakdown',
  `MATCH (t:Topic)
   RETURN ${topicMap('t')} AS topic, ${topicPaperCount('t')} AS paperCount,
          COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(up:Topic) RETURN up.id }[0] AS parent`,
);

/**
 * Per-year count of distinct papers that introduce or use the technique or any
 * technique building on it (BUILDS_ON, transitively: the lineage is acyclic).
 * Missing bounds default to the first and last year with such a paper.
 */
const adoptionTraversal = `
   ${matchTechniqueRef}
   CALL (t) {
     CALL (t) {
       MATCH (x:Technique)-[:BUILDS_ON*0..]->(t)
       WITH DISTINCT x
       MATCH (p:Paper)-[u:INTRODUCES|USES]->(x) WHERE ${passes('u')}
       RETURN DISTINCT p
     }
     WITH p.year AS year
     ${yearSeries}
   }
   RETURN ${techniqueMap('t')} AS technique, series, false AS indexed`;

/** The same series from the lineage index's per-year counts (README "Lineage index"). */
const adoptionFromIndex = `
   ${matchTechniqueRef}
   CALL (t) {
     MATCH (c:LineageCount) WHERE c.technique = t.id AND c.depth IS NOT NULL AND c.year >= 0
     WITH c.year AS year, sum(c.papers) AS count
     ${yearSeries.replace('WITH year, count(*) AS count', '')}
   }
   RETURN ${techniqueMap('t')} AS technique, series, true AS indexed`;

/** Other sources: the traversal. */
const techniqueAdoption = q('stats-technique-adoption', adoptionTraversal);
/** The default sources: from the index when it is ready, else the traversal (one round trip). */
const techniqueAdoptionDefault = q(
  'stats-technique-adoption-default',
  `OPTIONAL MATCH (ix:LineageIndex {id: 'lineage', state: 'ready'})
   CALL (ix) {
     WITH * WHERE ix IS NOT NULL
     ${adoptionFromIndex}
     UNION ALL
     WITH * WHERE ix IS NULL
     ${adoptionTraversal}
   }
   RETURN technique, series, indexed`,
);

const years = (fromYear: number | null, toYear: number | null) => ({
  fromYear: fromYear === null ? null : int(fromYear),
  toYear: toYear === null ? null : int(toYear),
});

export interface YearCountRow {
  year: number;
  count: number;
}
export interface TechniqueCountRow {
  technique: TechniqueRow;
  paperCount: number;
}
export interface AuthorCountRow {
  author: AuthorRow;
  paperCount: number;
}
export interface TopicCountRow {
  topic: TopicRow;
  paperCount: number;
  children: TopicCountRow[];
}

/** Aggregates for dashboards; every method is one query. */
export class StatsStore {
  /** `traversalOnly`: never read the lineage index (the oracle in its exactness test). */
  constructor(
    private readonly executor: Executor,
    private readonly traversalOnly = false,
  ) {}

  async papersPerYear(): Promise<YearCountRow[]> {
    const [row] = await this.executor.read(papersPerYear, years(null, null));
    return (row?.series as YearCountRow[]) ?? [];
  }

  async topTechniques(first: number): Promise<TechniqueCountRow[]> {
    return (await this.executor.read(topTechniques, { first: int(first) })) as unknown as TechniqueCountRow[];
  }

  async topAuthors(first: number, includeOrganizations: boolean): Promise<AuthorCountRow[]> {
    const rows = await this.executor.read(topAuthors, { first: int(first), orgs: includeOrganizations });
    return rows as unknown as AuthorCountRow[];
  }

  /** The topic forest: roots, each with its subtopics at every depth; most papers first, then by name and id. */
  async topicBreakdown(): Promise<TopicCountRow[]> {
    const rows = await this.executor.read(topicBreakdown);
    const nodes = new Map<string, TopicCountRow>();
    for (const r of rows) {
      const topic = r.topic as TopicRow;
      nodes.set(topic.id, { topic, paperCount: r.paperCount as number, children: [] });
    }
    const roots: TopicCountRow[] = [];
    for (const r of rows) {
      const node = nodes.get((r.topic as TopicRow).id) as TopicCountRow;
      const parent = r.parent ? nodes.get(r.parent as string) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    const order = (a: TopicCountRow, b: TopicCountRow) =>
      b.paperCount - a.paperCount ||
      cmp(a.topic.name.toLowerCase(), b.topic.name.toLowerCase()) ||
      cmp(a.topic.id, b.topic.id);
    const sort = (list: TopicCountRow[]): TopicCountRow[] => {
      list.sort(order);
      for (const n of list) sort(n.children);
      return list;
    };
    return sort(roots);
  }

  /** Null when no technique matches `ref`. */
  async techniqueAdoption(
    ref: TechniqueRef,
    fromYear: number | null,
    toYear: number | null,
    filter: EdgeFilter = DEFAULT_FILTER,
  ): Promise<{ technique: TechniqueRow; series: YearCountRow[]; indexed: boolean } | null> {
    const params = { ref, ...years(fromYear, toYear), ...filterParams(filter) };
    const query = isDefaultFilter(filter) && !this.traversalOnly ? techniqueAdoptionDefault : techniqueAdoption;
    const [row] = await this.executor.read(query, params);
    if (!row) return null;
    return {
      technique: row.technique as TechniqueRow,
      series: row.series as YearCountRow[],
      indexed: row.indexed === true,
    };
  }
}
