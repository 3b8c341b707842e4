import { type Executor, int, type Query } from '../executor.js';
import { type AuthorRow, authorMap, type TechniqueRow, type TopicRow, techniqueMap, topicMap } from './rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** `{year, count}` rows for every year of range(lo, hi), zeros included, from the list `years` (one entry per paper). */
const yearSeries = (lo: string, hi: string) => `
  UNWIND CASE WHEN ${lo} IS NULL OR ${hi} IS NULL THEN [] ELSE range(${lo}, ${hi}) END AS year
  RETURN year, size([y IN years WHERE y = year]) AS count
  ORDER BY year`;

const papersPerYear = q(
  'stats-papers-per-year',
  `MATCH (p:Paper)
   WITH collect(p.year) AS years, min(p.year) AS lo, max(p.year) AS hi
   ${yearSeries('lo', 'hi')}`,
);

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
  `COUNT { MATCH (p:Paper)-[:ABOUT]->(:Topic)-[:SUBTOPIC_OF*0..1]->(${v}) RETURN DISTINCT p }`;

const topicBreakdown = q(
  'stats-topic-breakdown',
  `MATCH (root:Topic) WHERE NOT (root)-[:SUBTOPIC_OF]->(:Topic)
   CALL (root) {
     MATCH (root)<-[:SUBTOPIC_OF]-(c:Topic)
     WITH c, ${topicPaperCount('c')} AS paperCount
     ORDER BY paperCount DESC, c.nameLower, c.id
     RETURN collect({topic: ${topicMap('c')}, paperCount: paperCount, children: []}) AS children
   }
   WITH root, children, ${topicPaperCount('root')} AS paperCount
   ORDER BY paperCount DESC, root.nameLower, root.id
   RETURN {topic: ${topicMap('root')}, paperCount: paperCount, children: children} AS row`,
);

/**
 * Per-year count of distinct papers that introduce or use the technique or any
 * technique building on it (BUILDS_ON, transitively: the lineage is acyclic).
 * Missing bounds default to the first and last year with such a paper.
 */
const techniqueAdoption = q(
  'stats-technique-adoption',
  `MATCH (t:Technique {id: $technique})
   CALL (t) {
     MATCH (x:Technique)-[:BUILDS_ON*0..]->(t)
     WITH DISTINCT x
     MATCH (p:Paper)-[:INTRODUCES|USES]->(x)
     RETURN DISTINCT p
   }
   WITH collect(p.year) AS years, min(p.year) AS first, max(p.year) AS last
   WITH years, coalesce($fromYear, first) AS lo, coalesce($toYear, last) AS hi
   ${yearSeries('lo', 'hi')}`,
);

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
  constructor(private readonly executor: Executor) {}

  async papersPerYear(): Promise<YearCountRow[]> {
    return (await this.executor.read(papersPerYear)) as unknown as YearCountRow[];
  }

  async topTechniques(first: number): Promise<TechniqueCountRow[]> {
    return (await this.executor.read(topTechniques, { first: int(first) })) as unknown as TechniqueCountRow[];
  }

  async topAuthors(first: number, includeOrganizations: boolean): Promise<AuthorCountRow[]> {
    const rows = await this.executor.read(topAuthors, { first: int(first), orgs: includeOrganizations });
    return rows as unknown as AuthorCountRow[];
  }

  async topicBreakdown(): Promise<TopicCountRow[]> {
    return (await this.executor.read(topicBreakdown)).map((r) => r.row as TopicCountRow);
  }

  async techniqueAdoption(
    techniqueId: string,
    fromYear: number | null,
    toYear: number | null,
  ): Promise<YearCountRow[]> {
    const rows = await this.executor.read(techniqueAdoption, {
      technique: techniqueId,
      fromYear: fromYear === null ? null : int(fromYear),
      toYear: toYear === null ? null : int(toYear),
    });
    return rows as unknown as YearCountRow[];
  }
}
