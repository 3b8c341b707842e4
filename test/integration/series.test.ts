import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor, int } from '../../src/db/executor.js';
import { useTestApp } from '../helpers/app.js';
import { expectedBuildingOn, loadSeedGraph } from '../helpers/seed-graph.js';

/**
 * Expected values are computed from seed/*.ndjson (test/helpers/seed-graph.ts), never copied from
 * the API. Two papers of this file's own (ids `test-series:*`) are added and removed around it: one
 * with a year but no date (the importers allow it), one far in the past so YEAR has empty buckets.
 */
const t = useTestApp();
const seed = loadSeedGraph();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });

const DATELESS = { id: 'test-series:dateless', year: 2021 };
const OLD = { id: 'test-series:old', published: '2009-03-10' };

beforeAll(async () => {
  await executor.write(
    {
      name: 'test-series-fixtures',
      cypher: `CREATE (:Paper {id: $dateless, title: 'Known only by its year', titleLower: 'known only by its year',
                              year: $year, kind: 'paper'})
               CREATE (:Paper {id: $old, title: 'An old report', titleLower: 'an old report', published: date($published),
                              year: 2009, kind: 'technical_report'})`,
    },
    { dateless: DATELESS.id, year: int(DATELESS.year), old: OLD.id, published: OLD.published },
  );
});
afterAll(async () => {
  await executor.write({
    name: 'test-series-cleanup',
    cypher: "MATCH (p:Paper) WHERE p.id STARTS WITH 'test-series:' DETACH DELETE p",
  });
});

/** Every paper the API sees: the seed's and this file's, as `{id, published (or null), year, kind}`. */
const allPapers = () => [
  ...[...seed.papers.values()].map((p) => ({
    id: p.id as string,
    published: p.published as string | null,
    year: Number(p.published.slice(0, 4)),
    kind: p.kind as string,
  })),
  { id: DATELESS.id, published: null, year: DATELESS.year, kind: 'paper' },
  { id: OLD.id, published: OLD.published, year: 2009, kind: 'technical_report' },
];

const iso = (y: number, m = 1) => new Date(Date.UTC(y, m - 1, 1)).toISOString();

function yearSeries(years: number[], lo = Math.min(...years), hi = Math.max(...years)) {
  const out = [];
  for (let y = lo; y <= hi; y++) {
    out.push({ key: String(y), label: String(y), time: iso(y), count: years.filter((x) => x === y).length });
  }
  return out;
}

const SERIES = `query S($groupBy: SeriesGroupBy!, $where: PaperFilter, $from: DateTime, $to: DateTime, $top: Int) {
  series(groupBy: $groupBy, where: $where, from: $from, to: $to, top: $top) { key label time count }
}`;
const series = (variables: Record<string, unknown>) => t.gql<{ series: unknown[] }>(SERIES, variables);

describe('series', () => {
  it('counts papers per year, every year of the data present (empty ones 0), a dateless paper in its year', async () => {
    const years = allPapers().map((p) => p.year);
    t.queries.length = 0;
    const res = await series({ groupBy: 'YEAR' });
    expect(res.body).toEqual({ data: { series: yearSeries(years) } });
    // 2010..2012 have no paper: present as zeros.
    expect(yearSeries(years).find((p) => p.key === '2011')?.count).toBe(0);
    expect(t.queries.map((q) => q.name)).toEqual(['series-year']);
  });

  it('counts per month within from/to sent as epoch milliseconds, and reports dateless papers as YYYY-unknown', async () => {
    const from = Date.UTC(2021, 0, 1);
    const to = Date.UTC(2022, 11, 31, 23, 59, 59, 999);
    expect(from).toBeGreaterThan(2 ** 31); // beyond Int: the reason DateTime takes epoch ms
    const inRange = allPapers().filter((p) => p.year >= 2021 && p.year <= 2022);
    const expected = [];
    for (const y of [2021, 2022]) {
      for (let m = 1; m <= 12; m++) {
        const key = `${y}-${String(m).padStart(2, '0')}`;
        const count = inRange.filter((p) => p.published?.startsWith(key)).length;
        expected.push({ key, label: key, time: iso(y, m), count });
      }
      const unknown = inRange.filter((p) => p.published === null && p.year === y).length;
      if (unknown) expected.push({ key: `${y}-unknown`, label: `${y}, month unknown`, time: null, count: unknown });
    }
    expect(expected.some((p) => p.key === '2021-unknown' && p.count === 1)).toBe(true);
    const res = await series({ groupBy: 'MONTH', from, to });
    expect(res.body).toEqual({ data: { series: expected } });
    // Every paper counted once: the sum is the number of papers in the range.
    expect(expected.reduce((n, p) => n + p.count, 0)).toBe(inRange.length);
  });

  it('takes from/to as ISO strings with zones, by publication day (UTC, inclusive)', async () => {
    // 2017-06-12 has two papers; a range ending that day in UTC (the instant is the 13th in +02:00) includes both.
    const res = await series({ groupBy: 'YEAR', from: '2017-06-12', to: '2017-06-13T01:30:00+02:00' });
    const count = allPapers().filter((p) => p.published === '2017-06-12').length;
    expect(count).toBe(2);
    expect(res.body).toEqual({ data: { series: [{ key: '2017', label: '2017', time: iso(2017), count }] } });
  });

  it('charts papers building on RLHF per year in one call, the same set as papers(where: {buildingOn})', async () => {
    const building = expectedBuildingOn(seed, 'technique:rlhf', 4);
    const years = building.map((p) => Number(seed.papers.get(p.key)?.published.slice(0, 4)));
    const res = await series({ groupBy: 'YEAR', where: { buildingOn: { technique: 'RLHF' } } });
    expect(res.body).toEqual({ data: { series: yearSeries(years) } });

    const list = await t.gql<{ papers: { totalCount: number; edges: { node: { key: string } }[] } }>(
      '{ papers(first: 100, where: {buildingOn: {technique: "RLHF"}}) { totalCount edges { node { key } } } }',
    );
    expect(list.body.data?.papers.edges.map((e) => e.node.key).sort()).toEqual(building.map((p) => p.key).sort());
  });

  it('applies buildingOn maxDepth and minConfidence like papersBuildingOn', async () => {
    for (const [maxDepth, minConfidence] of [
      [1, 0],
      [2, 0.9],
      [6, 0.8],
    ] as const) {
      const expected = expectedBuildingOn(seed, 'technique:transformer', maxDepth, minConfidence).map((p) => p.key);
      const res = await t.gql<{ papers: { totalCount: number; edges: { node: { key: string } }[] } }>(
        `{ papers(first: 100, where: {buildingOn: {technique: "technique:transformer", maxDepth: ${maxDepth}, minConfidence: ${minConfidence}}}) {
           totalCount edges { node { key } } } }`,
      );
      expect(res.body.data?.papers.totalCount).toBe(expected.length);
      expect(res.body.data?.papers.edges.map((e) => e.node.key).sort()).toEqual([...expected].sort());
    }
  });

  it('combines buildingOn with other conditions and an unknown technique matches nothing', async () => {
    const expected = expectedBuildingOn(seed, 'technique:rlhf', 4)
      .filter((p) => seed.papers.get(p.key)?.kind === 'paper')
      .map((p) => p.key);
    const res = await t.gql<{ papers: { totalCount: number } }>(
      '{ papers(where: {buildingOn: {technique: "rlhf"}, kind: PAPER, yearFrom: 2022}) { totalCount } }',
    );
    const recent = expected.filter((k) => (seed.papers.get(k)?.published ?? '') >= '2022');
    expect(recent.length).toBeGreaterThan(0);
    expect(res.body.data?.papers.totalCount).toBe(recent.length);
    const none = await series({ groupBy: 'TOPIC', where: { buildingOn: { technique: 'no such technique' } } });
    expect(none.body).toEqual({ data: { series: [] } });
  });

  it('ranks topics, techniques, authors and kinds, most papers first, limited by top', async () => {
    const papers = allPapers();
    const rank = (groups: Map<string, Set<string>>, name: (id: string) => string, top: number) =>
      [...groups.entries()]
        .map(([key, ids]) => ({ key, label: name(key), time: null, count: ids.size }))
        .sort(
          (a, b) =>
            b.count - a.count || a.label.toLowerCase().localeCompare(b.label.toLowerCase()) || (a.key < b.key ? -1 : 1),
        )
        .slice(0, top);
    const add = (m: Map<string, Set<string>>, k: string, id: string) => m.set(k, (m.get(k) ?? new Set()).add(id));

    const topics = new Map<string, Set<string>>();
    for (const p of seed.papers.values()) {
      for (const x of p.topics) {
        add(topics, x, p.id as string);
        const parent = seed.topics.get(x)?.parent;
        if (parent) add(topics, parent, p.id as string);
      }
    }
    const techniques = new Map<string, Set<string>>();
    for (const e of seed.edges) if (e.relation === 'USES' || e.relation === 'INTRODUCES') add(techniques, e.to, e.from);
    const authors = new Map<string, Set<string>>();
    for (const p of seed.papers.values()) for (const a of p.authors) add(authors, a, p.id as string);
    const kinds = new Map<string, Set<string>>();
    for (const p of papers) add(kinds, p.kind, p.id);

    const cases = [
      ['TOPIC', rank(topics, (id) => seed.topics.get(id)?.name ?? '', 5), 5],
      ['TECHNIQUE', rank(techniques, (id) => seed.techniques.get(id)?.name ?? '', 10), undefined],
      ['AUTHOR', rank(authors, (id) => seed.authors.get(id)?.name ?? '', 100), 100],
    ] as const;
    for (const [groupBy, expected, top] of cases) {
      const res = await series({ groupBy, top });
      expect(res.body, groupBy).toEqual({ data: { series: expected } });
    }
    const kind = await series({ groupBy: 'KIND' });
    expect(kind.body).toEqual({
      data: {
        series: [...kinds.entries()]
          .map(([k, ids]) => ({ key: k.toUpperCase(), label: k.replaceAll('_', ' '), time: null, count: ids.size }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      },
    });
  });

  it.each([
    ['unknown groupBy in a variable', { groupBy: 'DECADE' }, 'BAD_REQUEST', /\$groupBy.*DECADE/s],
    [
      'reversed from/to',
      { groupBy: 'YEAR', from: '2024-01-01', to: 1577836800000 },
      'BAD_USER_INPUT',
      /from .* is after to/,
    ],
    ['top over 100', { groupBy: 'TOPIC', top: 101 }, 'BAD_USER_INPUT', /top must be between 1 and 100 \(got 101\)/],
    ['a DateTime without a zone', { groupBy: 'YEAR', from: '2024-01-01T10:00' }, 'BAD_USER_INPUT', /\$from.*DateTime/s],
    ['an impossible date', { groupBy: 'YEAR', to: '2023-02-30' }, 'BAD_USER_INPUT', /\$to.*2023-02-30/s],
    ['a fractional epoch', { groupBy: 'YEAR', to: 1.5 }, 'BAD_USER_INPUT', /\$to/],
    // Found by hostile.test.ts: months from year -2^31 were listed one by one (INTERNAL_SERVER_ERROR).
    [
      'a year far outside the calendar',
      { groupBy: 'MONTH', where: { yearFrom: -2147483648, yearTo: 0 } },
      'BAD_USER_INPUT',
      /yearFrom must be between 0 and 9999/,
    ],
    [
      'a from far in the past',
      { groupBy: 'MONTH', from: -62198755200000 },
      'BAD_USER_INPUT',
      /from must be between years 0 and 9999/,
    ],
  ])('rejects %s with a coded error naming the argument', async (_label, variables, code, message) => {
    const res = await series(variables);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.body.errors?.[0]?.message).toMatch(message);
  });

  it('names the argument for an unknown groupBy literal, a nested enum literal and a reversed range', async () => {
    const literal = await t.gql('{ series(groupBy: DECADE) { key } }');
    expect(literal.body.errors).toHaveLength(1);
    expect(literal.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', argument: 'groupBy' });
    expect(literal.body.errors?.[0]?.message).toBe(
      'Value "DECADE" does not exist in "SeriesGroupBy" enum. (argument `groupBy`)',
    );
    const nested = await t.gql('{ series(groupBy: YEAR, where: {kind: ESSAY}) { key } }');
    expect(nested.body.errors?.[0]?.extensions?.argument).toBe('where.kind');
    const date = await t.gql('{ series(groupBy: YEAR, from: "yesterday") { key } }');
    expect(date.body.errors?.[0]?.extensions?.argument).toBe('from');
    expect(date.body.errors?.[0]?.message).toMatch(/DateTime must be an ISO 8601 date/);
    const reversed = await series({ groupBy: 'YEAR', from: '2024-01-01', to: '2023-01-01' });
    expect(reversed.body.errors?.[0]?.extensions?.argument).toBe('from');
  });
});
