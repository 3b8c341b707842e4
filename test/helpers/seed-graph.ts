import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seedDir } from '../../src/bootstrap.js';

/**
 * The seed read straight from seed/*.ndjson — independent of Neo4j and of the
 * API — so tests can derive expected answers instead of copying the API's own output.
 */
type Rec = Record<string, unknown> & { type: string };

export interface SeedEdge {
  relation: string;
  from: string;
  to: string;
  evidence: string;
  confidence: number;
}

export function loadSeedGraph() {
  const records: Rec[] = [];
  for (const file of readdirSync(seedDir).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of readFileSync(path.join(seedDir, file), 'utf8').split('\n')) {
      if (line.trim()) records.push(JSON.parse(line));
    }
  }
  const of = (type: string) => records.filter((r) => r.type === type);
  const papers = new Map(
    of('paper').map((p) => [
      p.id as string,
      p as Rec & { published: string; title: string; authors: string[]; topics: string[] },
    ]),
  );
  const authors = new Map(of('author').map((a) => [a.id as string, a as Rec & { name: string; kind?: string }]));
  const techniques = new Map(
    of('technique').map((t) => [t.id as string, t as Rec & { name: string; aliases?: string[] }]),
  );
  const topics = new Map(of('topic').map((t) => [t.id as string, t as Rec & { name: string; parent?: string }]));
  const edges = of('edge') as unknown as SeedEdge[];
  return { papers, authors, techniques, topics, edges };
}

export type SeedGraph = ReturnType<typeof loadSeedGraph>;

/**
 * Reference answer for papersBuildingOn: BFS outward from the technique over
 * reversed BUILDS_ON, then papers that INTRODUCE/USE any technique reached.
 * Returns each paper's smallest depth (edges on the path; direct users = 1).
 */
export function expectedBuildingOn(seed: SeedGraph, technique: string, maxDepth: number, minConfidence = 0) {
  const ok = (e: SeedEdge) => e.confidence >= minConfidence;
  const hops = new Map<string, number>([[technique, 0]]);
  let frontier = [technique];
  for (let d = 1; d < maxDepth && frontier.length; d++) {
    const next: string[] = [];
    for (const e of seed.edges) {
      if (e.relation === 'BUILDS_ON' && ok(e) && frontier.includes(e.to) && !hops.has(e.from)) {
        hops.set(e.from, d);
        next.push(e.from);
      }
    }
    frontier = next;
  }
  const depth = new Map<string, number>();
  for (const e of seed.edges) {
    if ((e.relation === 'USES' || e.relation === 'INTRODUCES') && ok(e) && hops.has(e.to)) {
      const d = 1 + (hops.get(e.to) as number);
      if (!depth.has(e.from) || (depth.get(e.from) as number) > d) depth.set(e.from, d);
    }
  }
  return [...depth.entries()]
    .map(([key, d]) => ({ key, depth: d, published: seed.papers.get(key)?.published as string }))
    .sort((a, b) => a.depth - b.depth || b.published.localeCompare(a.published) || a.key.localeCompare(b.key))
    .map(({ key, depth: d }) => ({ key, depth: d }));
}

/** The seed edge for a step, or undefined when the graph has no such edge. */
export function seedEdge(seed: SeedGraph, from: string, relation: string, to: string): SeedEdge | undefined {
  return seed.edges.find((e) => e.from === from && e.relation === relation && e.to === to);
}

/**
 * Reference answer for collaborationPath: the fewest co-authorship steps from one author to
 * another (breadth-first over shared papers), or null when none within `maxLength`. Only persons
 * are intermediaries; either end may be an organization (as in the API, which lets the two
 * authors asked about be anything).
 */
export function collaborationDistance(seed: SeedGraph, from: string, to: string, maxLength: number): number | null {
  return collaborationDistances(seed, from, maxLength).get(to) ?? null;
}

/** Every author reachable from `from` within `maxLength` steps, with its distance (0 for itself). */
export function collaborationDistances(seed: SeedGraph, from: string, maxLength: number): Map<string, number> {
  const papersOf = new Map<string, string[][]>();
  for (const p of seed.papers.values()) {
    for (const a of p.authors) papersOf.set(a, [...(papersOf.get(a) ?? []), p.authors]);
  }
  const distance = new Map<string, number>([[from, 0]]);
  let frontier = [from];
  for (let d = 1; d <= maxLength && frontier.length; d++) {
    const next: string[] = [];
    for (const author of frontier) {
      // An organization ends a chain: it can be reached, never passed through.
      if (author !== from && seed.authors.get(author)?.kind !== 'person') continue;
      for (const byline of papersOf.get(author) ?? []) {
        for (const other of byline) {
          if (distance.has(other)) continue;
          distance.set(other, d);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return distance;
}

/** Strings in code-point order, as Neo4j sorts them. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = (seed: SeedGraph) => (a: string, b: string) =>
  byText(seed.papers.get(b)?.published ?? '', seed.papers.get(a)?.published ?? '') || byText(a, b);

/** Ids ordered by lower-cased name, then id (the root lists and other "by name" lists). */
export function byName(items: (Record<string, unknown> & { name: string })[]): string[] {
  return [...items]
    .sort((a, b) => byText(a.name.toLowerCase(), b.name.toLowerCase()) || byText(a.id as string, b.id as string))
    .map((x) => x.id as string);
}

/** A topic and its subtopics (the hierarchy has two levels). */
const topicAndChildren = (seed: SeedGraph, topic: string) =>
  new Set([topic, ...[...seed.topics.values()].filter((t) => t.parent === topic).map((t) => t.id as string)]);

/** Topic.papers: papers about the topic or a subtopic, newest first (then id). */
export function expectedTopicPapers(seed: SeedGraph, topic: string): string[] {
  const topics = topicAndChildren(seed, topic);
  return [...seed.papers.values()]
    .filter((p) => p.topics.some((x) => topics.has(x)))
    .map((p) => p.id as string)
    .sort(newestFirst(seed));
}

/** Topic.techniques: techniques in the topic or a subtopic, by name. */
export function expectedTopicTechniques(seed: SeedGraph, topic: string): string[] {
  const topics = topicAndChildren(seed, topic);
  return byName([...seed.techniques.values()].filter((t) => ((t.topics as string[]) ?? []).some((x) => topics.has(x))));
}

/** Technique.papers(role): papers that introduce or use it directly, newest first (then id). */
export function expectedTechniquePapers(seed: SeedGraph, technique: string, role?: 'INTRODUCES' | 'USES'): string[] {
  const ids = seed.edges
    .filter((e) => e.to === technique && (role ? e.relation === role : ['INTRODUCES', 'USES'].includes(e.relation)))
    .map((e) => e.from);
  return [...new Set(ids)].sort(newestFirst(seed));
}

/** Technique.descendants: techniques building on it within maxDepth BUILDS_ON edges, nearest first, then by name. */
export function expectedDescendants(seed: SeedGraph, technique: string, maxDepth: number) {
  const depth = new Map<string, number>();
  let frontier = [technique];
  for (let d = 1; d <= maxDepth && frontier.length; d++) {
    const next: string[] = [];
    for (const e of seed.edges) {
      if (e.relation === 'BUILDS_ON' && frontier.includes(e.to) && e.from !== technique && !depth.has(e.from)) {
        depth.set(e.from, d);
        next.push(e.from);
      }
    }
    frontier = next;
  }
  const name = (id: string) => (seed.techniques.get(id)?.name ?? '').toLowerCase();
  return [...depth.entries()]
    .sort(([a, da], [b, db]) => da - db || byText(name(a), name(b)))
    .map(([key, d]) => ({ key, depth: d }));
}
