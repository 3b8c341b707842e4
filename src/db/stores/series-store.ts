import { type Executor, int, type Query } from '../executor.js';
import { variantCache } from '../prefetch.js';
import { filterParams, filterShape, type PaperFilter, paperSource } from './paper-filter.js';
import { SUBTOPICS } from './topic-rows.js';

export type SeriesGroupBy = 'YEAR' | 'MONTH' | 'TOPIC' | 'TECHNIQUE' | 'AUTHOR' | 'KIND';

/** A bucket of a series. `time` is the bucket's start for time groupings (null for a month-unknown bucket). */
export interface SeriesPointRow {
  key: string;
  label: string;
  time: Date | null;
  count: number;
}

export interface SeriesRange {
  /** Only papers published on or after this instant's day (UTC); a paper without a date: in or after its year. */
  from: Date | null;
  /** Only papers published on or before this instant's day (UTC); a paper without a date: in or before its year. */
  to: Date | null;
}

/**
 * The time range on `p`: by publication day when the paper has a date, by year when it has only
 * a year (the importers allow a record without `published`).
 */
const inRange = [
  '($fromDate IS NULL OR CASE WHEN p.published IS NULL THEN p.year >= $fromYear ELSE p.published >= date($fromDate) END)',
  '($toDate IS NULL OR CASE WHEN p.published IS NULL THEN p.year <= $toYear ELSE p.published <= date($toDate) END)',
];

/**
 * Every year from the range's first (else `where.yearFrom`, else the data's) to its last, empty
 * years as 0. Counts are aggregated per year first: one pass over the papers, one per year.
 */
const byYear = `
      WITH p.year AS year, count(*) AS count
      WITH collect({year: year, count: count}) AS counts, min(year) AS first, max(year) AS last
      WITH counts, coalesce($fromYear, toInteger($yearFrom), first) AS lo, coalesce($toYear, toInteger($yearTo), last) AS hi
      UNWIND CASE WHEN lo IS NULL OR hi IS NULL THEN [] ELSE range(lo, hi) END AS year
      RETURN year, 1 AS month, coalesce([c IN counts WHERE c.year = year][0].count, 0) AS count
      ORDER BY year`;

/**
 * Every month (as year × 12 + month − 1) of the range or the dated papers, empty months as 0, and
 * one bucket per year for papers with a year but no date (month null): reported, not dropped.
 */
const byMonth = `
      WITH p.year AS year, CASE WHEN p.published IS NULL THEN null ELSE p.published.month END AS month, count(*) AS count
      WITH collect({year: year, month: month, count: count}) AS counts,
           min(CASE WHEN month IS NULL THEN null ELSE year * 12 + month - 1 END) AS first,
           max(CASE WHEN month IS NULL THEN null ELSE year * 12 + month - 1 END) AS last
      WITH counts, coalesce($fromMonth, toInteger($yearFrom) * 12, first) AS lo,
           coalesce($toMonth, toInteger($yearTo) * 12 + 11, last) AS hi
      WITH [m IN CASE WHEN lo IS NULL OR hi IS NULL THEN [] ELSE range(lo, hi) END |
             {year: m / 12, month: m % 12 + 1,
              count: coalesce([c IN counts WHERE c.year = m / 12 AND c.month = m % 12 + 1][0].count, 0)}]
           + [c IN counts WHERE c.month IS NULL] AS buckets
      UNWIND buckets AS b
      RETURN b.year AS year, b.month AS month, b.count AS count
      ORDER BY year, coalesce(month, 13)`;

/** The largest groups of papers, most first, then by name and id; groups without a paper are left out. */
const byNode = (pattern: string, name: string) => `
      MATCH ${pattern}
      WITH g, count(DISTINCT p) AS count
      ORDER BY count DESC, toLower(g.${name}), g.id
      LIMIT $top
      RETURN g.id AS key, g.${name} AS label, count`;

// Whitelist: the grouping picks one of these fixed tails, never text from the request.
const tails: Record<SeriesGroupBy, string> = {
  YEAR: byYear,
  MONTH: byMonth,
  // A topic counts the papers about it or a topic below it (as `papers(where: {topic})`).
  TOPIC: byNode(`(p)-[:ABOUT]->(:Topic)-[:${SUBTOPICS}]->(g:Topic)`, 'name'),
  TECHNIQUE: byNode('(p)-[:INTRODUCES|USES]->(g:Technique)', 'name'),
  AUTHOR: byNode('(p)<-[:AUTHORED]-(g:Author)', 'name'),
  KIND: `
      WITH p.kind AS kind, count(*) AS count
      ORDER BY count DESC, kind
      LIMIT $top
      RETURN kind AS key, kind AS label, count`,
};

const queries = variantCache();

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const year = (d: Date | null) => (d ? int(d.getUTCFullYear()) : null);
const month = (d: Date | null) => (d ? int(d.getUTCFullYear() * 12 + d.getUTCMonth()) : null);
const pad = (n: number) => String(n).padStart(2, '0');

/** Time series and category counts over papers for dashboards: one query per call, aggregated in Cypher. */
export class SeriesStore {
  constructor(private readonly executor: Executor) {}

  async series(
    groupBy: SeriesGroupBy,
    filter: PaperFilter,
    range: SeriesRange,
    top: number,
  ): Promise<SeriesPointRow[]> {
    const query = queries(
      `${groupBy}|${filterShape(filter).key}`,
      (): Query => ({
        name: `series-${groupBy.toLowerCase()}`,
        cypher: `${paperSource(filter, inRange)}${tails[groupBy]}`,
      }),
    );
    const rows = await this.executor.read(query, {
      ...filterParams(filter),
      fromDate: day(range.from),
      toDate: day(range.to),
      fromYear: year(range.from),
      toYear: year(range.to),
      fromMonth: month(range.from),
      toMonth: month(range.to),
      top: int(top),
    });
    if (groupBy !== 'YEAR' && groupBy !== 'MONTH') {
      return rows.map((r) => ({
        key: r.key as string,
        label: r.label as string,
        time: null,
        count: r.count as number,
      }));
    }
    return rows.map((r) => {
      const [y, m] = [r.year as number, r.month as number | null];
      const count = r.count as number;
      if (groupBy === 'YEAR') return { key: String(y), label: String(y), time: new Date(Date.UTC(y, 0, 1)), count };
      if (m === null) return { key: `${y}-unknown`, label: `${y}, month unknown`, time: null, count };
      return { key: `${y}-${pad(m)}`, label: `${y}-${pad(m)}`, time: new Date(Date.UTC(y, m - 1, 1)), count };
    });
  }
}
