import type { SeedGraph } from './seed-graph.js';

/**
 * Reference answer for the `graph` field, computed from the seed files alone (no Neo4j, no API
 * code): every relationship the seed stores (lineage edges, plus the structural ones listed in
 * the node records), then the documented rule — breadth-first from the seeds, each level's new
 * nodes ranked by links to the level before (desc), citations (desc), id; at most `limit` nodes.
 */
export interface RefEdge {
  from: string;
  to: string;
  relation: string;
  confidence: number | null;
}

export function seedRelationships(seed: SeedGraph): RefEdge[] {
  const edges: RefEdge[] = seed.edges.map((e) => ({
    from: e.from,
    to: e.to,
    relation: e.relation,
    confidence: e.confidence,
  }));
  const structural = (from: string, relation: string, to: string) =>
    edges.push({ from, to, relation, confidence: null });
  for (const p of seed.papers.values()) {
    for (const a of p.authors) structural(a, 'AUTHORED', p.id as string);
    for (const t of p.topics) structural(p.id as string, 'ABOUT', t);
  }
  for (const t of seed.topics.values()) if (t.parent) structural(t.id as string, 'SUBTOPIC_OF', t.parent);
  for (const x of seed.techniques.values()) {
    for (const t of (x.topics as string[]) ?? []) structural(x.id as string, 'IN_TOPIC', t);
  }
  return edges;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface RefOptions {
  depth: number;
  limit: number;
  relations?: string[];
  minConfidence?: number;
  /** Leave citations out of the ranking (links, then id): to find cases that only the citation rule decides. */
  ignoreCitations?: boolean;
}

export function expectedGraph(seed: SeedGraph, seeds: string[], options: RefOptions) {
  const min = options.minConfidence ?? 0;
  const all = seedRelationships(seed).filter(
    (e) =>
      (!options.relations || options.relations.includes(e.relation)) && (e.confidence === null || e.confidence >= min),
  );
  const citations = (id: string) =>
    seed.papers.has(id) ? seedRelationships(seed).filter((e) => e.relation === 'CITES' && e.to === id).length : 0;
  const kept: string[] = [...seeds];
  let frontier = [...seeds];
  let truncated = false;
  for (let d = 1; d <= options.depth; d++) {
    const links = new Map<string, number>();
    for (const e of all) {
      for (const [f, m] of [
        [e.from, e.to],
        [e.to, e.from],
      ] as const) {
        if (frontier.includes(f)) links.set(m, (links.get(m) ?? 0) + 1);
      }
    }
    const ranked = [...links.entries()]
      .sort(
        ([a, la], [b, lb]) => lb - la || (options.ignoreCitations ? 0 : citations(b) - citations(a)) || byText(a, b),
      )
      .slice(0, options.limit + 1)
      .map(([id]) => id);
    const fresh = ranked.filter((id) => !kept.includes(id));
    const room = Math.max(options.limit - kept.length, 0);
    if (fresh.length > room) truncated = true;
    frontier = fresh.slice(0, room);
    kept.push(...frontier);
  }
  const keptSet = new Set(kept);
  const edges = all.filter((e) => keptSet.has(e.from) && keptSet.has(e.to));
  const hidden = new Map(
    kept.map((id) => [
      id,
      all.filter((e) => (e.from === id && !keptSet.has(e.to)) || (e.to === id && !keptSet.has(e.from))).length,
    ]),
  );
  return { nodes: kept, edges, truncated, hidden, citations };
}

/** Every node within `depth` hops of the seeds under the filter (no limit): the complete neighbourhood. */
export function withinHops(seed: SeedGraph, seeds: string[], depth: number): Set<string> {
  const all = seedRelationships(seed);
  const seen = new Set(seeds);
  let frontier = [...seeds];
  for (let d = 1; d <= depth; d++) {
    const next: string[] = [];
    for (const e of all) {
      for (const [f, m] of [
        [e.from, e.to],
        [e.to, e.from],
      ] as const) {
        if (frontier.includes(f) && !seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return seen;
}
