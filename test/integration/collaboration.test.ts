import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { collaborationDistances, loadSeedGraph } from '../helpers/seed-graph.js';

/**
 * collaborationPath against a breadth-first search over the seed's bylines
 * (test/helpers/seed-graph.ts): for a large deterministic sample of author pairs —
 * every distance the seed has, unreachable pairs and organizations at either end —
 * the path's length is the oracle's (ties between equally short paths are fine, so
 * only lengths are compared), null beyond `maxLength`, and every step is a paper
 * both of its authors wrote, with only persons in between.
 */
const t = useTestApp();
const seed = loadSeedGraph();
const MAX = 10;

/**
 * In the seed every two authors linked through the organization OpenAI are also linked as
 * closely through persons, so the person-only rule needs two more papers: two new persons,
 * each on one paper with OpenAI only. Through OpenAI they are two steps apart; by the rule,
 * not connected at all (but each is one step from OpenAI itself). Written through the API
 * (ids arxiv:9999.5*, author:test-collab-*), added to the oracle's copy of the seed, removed after.
 */
const FIXTURE = [
  { id: 'arxiv:9999.5001', person: 'author:test-collab-p' },
  { id: 'arxiv:9999.5002', person: 'author:test-collab-q' },
];
for (const f of FIXTURE) {
  seed.authors.set(f.person, { type: 'author', id: f.person, name: f.person, kind: 'person' });
  seed.papers.set(f.id, {
    type: 'paper',
    id: f.id,
    title: f.id,
    published: '2025-05-01',
    authors: [f.person, 'author:openai'],
    topics: [],
  });
}
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const cleanUp = () =>
  executor.write({
    name: 'collaboration-clean-up',
    cypher: `MATCH (n) WHERE n.id STARTS WITH 'author:test-collab-' OR (n:Paper AND n.id STARTS WITH 'arxiv:9999.5')
             DETACH DELETE n`,
  });
beforeAll(async () => {
  await cleanUp();
  for (const f of FIXTURE) {
    const res = await t.gql(
      'mutation($input: PaperInput!) { upsertPaper(input: $input) { key } }',
      {
        input: {
          id: f.id,
          title: `Collaboration fixture ${f.id}`,
          published: '2025-05-01',
          authors: [f.person, 'author:openai'],
          newAuthors: [{ id: f.person, name: f.person }],
        },
      },
      { authorization: `Bearer ${WRITE_TOKEN}` },
    );
    expect(res.body.errors).toBeUndefined();
  }
});
afterAll(cleanUp);

type Path = {
  length: number;
  authors: { key: string }[];
  steps: { from: { key: string }; to: { key: string }; paper: { key: string } }[];
} | null;
const PATH = 'length authors { key } steps { from { key } to { key } paper { key } }';
const QUERY = `query Path($from: ID!, $to: ID!, $at: Int!, $below: Int!) {
  full: collaborationPath(from: $from, to: $to, maxLength: ${MAX}) { ${PATH} }
  at: collaborationPath(from: $from, to: $to, maxLength: $at) { length }
  below: collaborationPath(from: $from, to: $to, maxLength: $below) { length }
}`;

/** A small seeded generator, so the sample is the same on every run. */
function random(seedValue: number) {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

const authors = [...seed.authors.keys()].sort();
const distances = new Map(authors.map((a) => [a, collaborationDistances(seed, a, MAX)]));
const distance = (from: string, to: string) => distances.get(from)!.get(to) ?? null;

/** Up to PER_CLASS pairs for each distance (null = none within MAX), organizations at either end included. */
const PER_CLASS = 60;
const pairs: [string, string][] = (() => {
  const next = random(11);
  const byClass = new Map<string, [string, string][]>();
  for (let i = 0; i < 40_000; i++) {
    const from = authors[Math.floor(next() * authors.length)]!;
    const to = authors[Math.floor(next() * authors.length)]!;
    const cls = String(distance(from, to));
    const list = byClass.get(cls) ?? [];
    if (list.length < PER_CLASS && !list.some(([f, x]) => f === from && x === to)) list.push([from, to]);
    byClass.set(cls, list);
  }
  const orgs = authors.filter((a) => seed.authors.get(a)?.kind !== 'person');
  const withOrgs = orgs.flatMap((org) =>
    authors
      .filter((_, i) => i % 9 === 0)
      .flatMap((other): [string, string][] => [
        [org, other],
        [other, org],
      ]),
  );
  const fixture: [string, string][] = [
    ['author:test-collab-p', 'author:test-collab-q'],
    ['author:test-collab-q', 'author:test-collab-p'],
    ['author:test-collab-p', 'author:openai'],
    ['author:openai', 'author:test-collab-q'],
  ];
  return [...[...byClass.values()].flat(), ...withOrgs, ...fixture];
})();

describe('collaborationPath against the seed', () => {
  it('the sample covers every distance, unreachable pairs and organizations', () => {
    expect(distance('author:test-collab-p', 'author:test-collab-q')).toBeNull();
    expect(distance('author:test-collab-p', 'author:openai')).toBe(1);
    const classes = new Set(pairs.map(([f, x]) => distance(f, x)));
    expect(classes).toContain(null);
    expect(classes).toContain(0);
    expect(Math.max(...[...classes].map(Number).filter((n) => n >= 0))).toBeGreaterThanOrEqual(3);
    expect(pairs.some(([f, x]) => seed.authors.get(f)?.kind === 'organization' && distance(f, x)! > 0)).toBe(true);
    expect(pairs.length).toBeGreaterThan(200);
  });

  it('is as short as the shortest chain, each step a shared paper, null when none within maxLength', async () => {
    const wrong: string[] = [];
    const lengths = new Map<string, number>();
    for (let i = 0; i < pairs.length; i += 8) {
      await Promise.all(
        pairs.slice(i, i + 8).map(async ([from, to]) => {
          const d = distance(from, to);
          // maxLength d answers the path, d - 1 answers null (both within 1..MAX).
          const at = Math.min(MAX, Math.max(1, d ?? MAX));
          const below = Math.max(1, (d ?? MAX + 1) - 1);
          const res = await t.gql<{ full: Path; at: Path; below: Path }>(QUERY, { from, to, at, below });
          expect(res.body.errors, `${from} → ${to}`).toBeUndefined();
          const { full, at: atMax, below: belowMax } = res.body.data!;
          const got = [full?.length ?? null, atMax?.length ?? null, belowMax?.length ?? null];
          const expected = [d, d, d !== null && d >= 2 ? null : d];
          if (JSON.stringify(got) !== JSON.stringify(expected)) {
            wrong.push(`${from} → ${to}: ${JSON.stringify(got)}, oracle ${JSON.stringify(expected)}`);
          }
          lengths.set(String(d), (lengths.get(String(d)) ?? 0) + 1);
          if (!full) return;
          const keys = full.authors.map((a) => a.key);
          expect(keys[0]).toBe(from);
          expect(keys.at(-1)).toBe(to);
          expect(keys).toHaveLength(full.length + 1);
          expect(full.steps).toHaveLength(full.length);
          full.steps.forEach((step, k) => {
            expect([step.from.key, step.to.key]).toEqual([keys[k], keys[k + 1]]);
            expect(seed.papers.get(step.paper.key)?.authors, `${step.paper.key}`).toEqual(
              expect.arrayContaining([step.from.key, step.to.key]),
            );
          });
          for (const between of keys.slice(1, -1)) expect(seed.authors.get(between)?.kind).toBe('person');
        }),
      );
    }
    console.log(
      `[collaboration] ${pairs.length} pairs by oracle distance: ${JSON.stringify(Object.fromEntries(lengths))}`,
    );
    expect(wrong).toEqual([]);
  }, 240_000);
});
