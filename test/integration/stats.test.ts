import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { expectedBuildingOn, loadSeedGraph } from '../helpers/seed-graph.js';

/**
 * Every expected value is derived from seed/*.ndjson by the small reference
 * computations below (never copied from the API's output), except the RLHF
 * adoption series, which is also written out by hand.
 */
const t = useTestApp();
const seed = loadSeedGraph();

const yearOf = (paperId: string) => Number(seed.papers.get(paperId)!.published.slice(0, 4));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Most first, then by lower-cased name, then id: the API's documented order. */
const byCountThenName = <T extends { count: number; name: string; id: string }>(a: T, b: T) =>
  b.count - a.count || cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.id, b.id);

/** `{year, count}` for every year lo..hi, zeros included. */
function series(years: number[], lo: number, hi: number) {
  const out: { year: number; count: number }[] = [];
  for (let year = lo; year <= hi; year++) out.push({ year, count: years.filter((y) => y === year).length });
  return out;
}

function expectedTopTechniques(first: number) {
  const papers = new Map<string, Set<string>>();
  for (const e of seed.edges) {
    if (e.relation !== 'INTRODUCES' && e.relation !== 'USES') continue;
    papers.set(e.to, (papers.get(e.to) ?? new Set()).add(e.from));
  }
  return [...papers.entries()]
    .map(([id, set]) => ({ id, name: seed.techniques.get(id)!.name, count: set.size }))
    .sort(byCountThenName)
    .slice(0, first)
    .map((x) => ({ technique: { key: x.id }, paperCount: x.count }));
}

function expectedTopAuthors(first: number, includeOrganizations: boolean) {
  const counts = new Map<string, number>();
  for (const p of seed.papers.values()) for (const a of p.authors) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([id]) => includeOrganizations || (seed.authors.get(id)!.kind ?? 'person') === 'person')
    .map(([id, count]) => ({ id, name: seed.authors.get(id)!.name, count }))
    .sort(byCountThenName)
    .slice(0, first)
    .map((x) => ({ author: { key: x.id }, paperCount: x.count }));
}

function expectedTopicBreakdown() {
  const topics = [...seed.topics.values()];
  const childrenOf = (id: string) => topics.filter((x) => x.parent === id).map((x) => x.id as string);
  const count = (id: string) => {
    const covered = new Set([id, ...childrenOf(id)]);
    return [...seed.papers.values()].filter((p) => p.topics.some((x) => covered.has(x))).length;
  };
  const node = (id: string, children: unknown[]) => ({ topic: { key: id }, paperCount: count(id), children });
  const order = (ids: string[]) =>
    ids
      .map((id) => ({ id, name: seed.topics.get(id)!.name, count: count(id) }))
      .sort(byCountThenName)
      .map((x) => x.id);
  return order(topics.filter((x) => !x.parent).map((x) => x.id as string)).map((root) =>
    node(
      root,
      order(childrenOf(root)).map((child) => node(child, [])),
    ),
  );
}

/** Papers using the technique or anything building on it, transitively (the lineage reference BFS, unbounded). */
const adoptionYears = (technique: string) => expectedBuildingOn(seed, technique, 1_000).map((p) => yearOf(p.key));

const STATS = `
  query Stats {
    stats {
      papersPerYear { year count }
      topTechniques { technique { key } paperCount }
      top3: topTechniques(first: 3) { technique { key } paperCount }
      topAuthors { author { key } paperCount }
      people: topAuthors(first: 60) { author { key } paperCount }
      withOrgs: topAuthors(first: 60, includeOrganizations: true) { author { key } paperCount }
      topicBreakdown { topic { key } paperCount children { topic { key } paperCount children { paperCount } } }
      rlhf: techniqueAdoption(technique: "RLHF") { year count }
    }
  }`;

describe('stats', () => {
  it('answers every dashboard aggregate from the seed, one query per field', async () => {
    const paperYears = [...seed.papers.keys()].map(yearOf);
    const rlhfYears = adoptionYears('technique:rlhf');
    // OpenAI, credited on its reports, ranks within the first 60 only when organizations are asked for.
    const openai = { author: { key: 'author:openai' }, paperCount: 3 };
    expect(expectedTopAuthors(60, true)).toContainEqual(openai);
    expect(expectedTopAuthors(60, false)).not.toContainEqual(openai);
    t.queries.length = 0;
    const res = await t.gql(STATS);
    expect(res.body).toEqual({
      data: {
        stats: {
          papersPerYear: series(paperYears, Math.min(...paperYears), Math.max(...paperYears)),
          topTechniques: expectedTopTechniques(10),
          top3: expectedTopTechniques(3),
          topAuthors: expectedTopAuthors(10, false),
          people: expectedTopAuthors(60, false),
          withOrgs: expectedTopAuthors(60, true),
          topicBreakdown: expectedTopicBreakdown(),
          rlhf: series(rlhfYears, Math.min(...rlhfYears), Math.max(...rlhfYears)),
        },
      },
    });
    expect(t.queries.map((q) => q.name).sort()).toEqual([
      'stats-papers-per-year',
      'stats-technique-adoption-default',
      'stats-top-authors',
      'stats-top-authors',
      'stats-top-authors',
      'stats-top-techniques',
      'stats-top-techniques',
      'stats-topic-breakdown',
    ]);
  });

  it('charts RLHF adoption with the years in between present as zeros', async () => {
    const res = await t.gql('{ stats { techniqueAdoption(technique: "RLHF") { year count } } }');
    // Christiano et al. 2017 introduces it; InstructGPT (2022) and GPT-4 (2023) use it; Constitutional AI (2022)
    // introduces RLAIF, which builds on it.
    expect(res.body).toEqual({
      data: {
        stats: {
          techniqueAdoption: [
            { year: 2017, count: 1 },
            { year: 2018, count: 0 },
            { year: 2019, count: 0 },
            { year: 2020, count: 0 },
            { year: 2021, count: 0 },
            { year: 2022, count: 2 },
            { year: 2023, count: 1 },
          ],
        },
      },
    });
  });

  it('counts papers using techniques that build on it transitively, within an explicit range', async () => {
    // Transformer ← generative pretraining ← few-shot ICL ← chain of thought ← …: most of the seed builds on it.
    const years = adoptionYears('technique:transformer');
    const direct = seed.edges.filter((e) => e.to === 'technique:transformer' && e.relation !== 'BUILDS_ON');
    expect(years.length).toBeGreaterThan(new Set(direct.map((e) => e.from)).size);
    const res = await t.gql(
      '{ stats { techniqueAdoption(technique: "technique:transformer", fromYear: 2015, toYear: 2026) { year count } } }',
    );
    expect(res.body).toEqual({ data: { stats: { techniqueAdoption: series(years, 2015, 2026) } } });
  });

  it('takes one bound and defaults the other to the data', async () => {
    const years = adoptionYears('technique:rlhf');
    const res = await t.gql('{ stats { techniqueAdoption(technique: "rlhf", fromYear: 2020) { year count } } }');
    expect(res.body).toEqual({ data: { stats: { techniqueAdoption: series(years, 2020, Math.max(...years)) } } });
  });

  it.each([
    [
      'techniqueAdoption(technique: "RLHF", fromYear: 2024, toYear: 2020) { year }',
      'BAD_USER_INPUT',
      /fromYear \(2024\) is after toYear \(2020\)/,
    ],
    [
      'techniqueAdoption(technique: "RLHF", fromYear: 20) { year }',
      'BAD_USER_INPUT',
      /fromYear: must be a four-digit year/,
    ],
    ['techniqueAdoption(technique: "no such technique") { year }', 'NOT_FOUND', /No technique with id, name or alias/],
    ['topTechniques(first: 0) { paperCount }', 'BAD_USER_INPUT', /first: must be between 1 and 100/],
    ['topAuthors(first: 101) { paperCount }', 'BAD_USER_INPUT', /first: must be between 1 and 100/],
  ])('rejects %s', async (field, code, message) => {
    const res = await t.gql(`{ stats { ${field} } }`);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.body.errors?.[0]?.message).toMatch(message);
  });
});
