import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
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
  return [...[...byClass.values()].flat(), ...withOrgs];
})();

describe('collaborationPath against the seed', () => {
  it('the sample covers every distance, unreachable pairs and organizations', () => {
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
