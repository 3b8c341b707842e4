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
