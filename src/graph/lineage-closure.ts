/**
 * The arithmetic of the lineage index (README "Lineage index"), free of any database: which
 * techniques a paper builds on, and at what depth, by the rule of `papersBuildingOn`. A paper that
 * INTRODUCES or USES technique x builds on every technique t that x reaches through BUILDS_ON, at
 * depth 1 + the fewest BUILDS_ON edges from x to t (x itself at depth 1); over all its techniques
 * the smallest depth counts.
 */

/** BUILDS_ON edges as [from, to]: `from` builds on `to`. */
export type BuildsOnEdge = readonly [from: string, to: string];

/** For each technique, the techniques it reaches through BUILDS_ON (itself included) and the fewest edges to each. */
export interface Closure {
  /** Undefined for a technique named in no edge (it reaches only itself). */
  get(technique: string): ReadonlyMap<string, number> | undefined;
}

/**
 * The closure of `edges`, computed lazily: a technique's breadth-first search runs the first
 * time it is asked for and is remembered, so a write touching a few papers searches from their
 * techniques only, not from every technique in the graph.
 */
export function closureOf(edges: readonly BuildsOnEdge[]): Closure {
  const out = new Map<string, string[]>();
  const named = new Set<string>();
  for (const [from, to] of edges) {
    const list = out.get(from);
    if (list) list.push(to);
    else out.set(from, [to]);
    named.add(from);
    named.add(to);
  }
  const memo = new Map<string, Map<string, number>>();
  const search = (start: string) => {
    const dist = new Map<string, number>([[start, 0]]);
    let frontier = [start];
    for (let d = 1; frontier.length; d++) {
      const next: string[] = [];
      for (const x of frontier) {
        for (const y of out.get(x) ?? []) {
          if (dist.has(y)) continue;
          dist.set(y, d);
          next.push(y);
        }
      }
      frontier = next;
    }
    return dist;
  };
  return {
    get(technique) {
      if (!named.has(technique)) return undefined;
      let dist = memo.get(technique);
      if (!dist) {
        dist = search(technique);
        memo.set(technique, dist);
      }
      return dist;
    },
  };
}

/** The techniques a paper using `used` builds on, each with its depth (1 + fewest BUILDS_ON edges). */
export function lineageOf(used: Iterable<string>, closure: Closure): Map<string, number> {
  const depths = new Map<string, number>();
  for (const x of used) {
    for (const [t, d] of closure.get(x) ?? new Map([[x, 0]])) {
      const depth = d + 1;
      const known = depths.get(t);
      if (known === undefined || depth < known) depths.set(t, depth);
    }
  }
  return depths;
}

/**
 * The key that orders a technique's papers as `papersBuildingOn` does — depth ascending, then
 * publication date descending (an unknown date first, as Cypher's DESC puts null first), then id —
 * as one string, so an index on (technique, key) serves a page in order. `published` is an ISO
 * date (YYYY-MM-DD) or null.
 */
export function lineageKey(depth: number, published: string | null, id: string): string {
  const inverted = published === null ? '00000000' : String(99_999_999 - Number(published.replaceAll('-', '')));
  return `${String(depth).padStart(3, '0')}|${inverted.padStart(8, '0')}|${id}`;
}

/** The smallest key of depth `depth + 1`: keys below it have depth ≤ `depth`. */
export const keyBound = (depth: number) => `${String(depth + 1).padStart(3, '0')}|`;
