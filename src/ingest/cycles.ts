import type { ImportStore } from '../db/stores/import-store.js';
import type { AcyclicRelation } from '../graph/model.js';
import { displayPath, type RecordError } from './errors.js';

/**
 * Cycle checks of the import's acyclic relations (SUBTOPIC_OF, BUILDS_ON): the edges an import
 * defines, joined with those already in the graph, must form no cycle.
 */

/** How many ids one look-up against the graph names. */
export const LOOKUP_BATCH = 5_000;

export type Where = { file: string; line: number };
export const where = (at?: Where) => (at ? `${displayPath(at.file)}:${at.line}` : '?');
const edgeKey = (from: string, to: string) => `${from}\u0000${to}`;

/** Edges of one acyclic relation found in the import, with where each was defined. */
export class EdgeSet {
  readonly targets = new Map<string, string[]>();
  readonly at = new Map<string, Where & { path: string }>();
  add(from: string, to: string, at: Where & { path: string }) {
    const list = this.targets.get(from);
    if (list) list.push(to);
    else this.targets.set(from, [to]);
    this.at.set(edgeKey(from, to), at);
  }
}

/** What validation asks of the graph (an empty graph answers nothing). */
export type GraphLookup = Pick<ImportStore, 'typesOf' | 'outEdges'>;

/** The lookups of a graph known to hold no node of the model (a new database, a first start's seed): nothing to find. */
export const emptyGraph: GraphLookup = { typesOf: async () => new Map(), outEdges: async () => [] };

/**
 * Cycles that the import's `edges` would close, following the graph's existing
 * `relation` edges from every node the import points at (except out of nodes
 * in `replaced`, whose edges the import replaces). Each cycle is reported
 * once, at the first edge of it that the import defines.
 */
export async function cycleErrors(
  store: GraphLookup,
  relation: AcyclicRelation,
  edges: EdgeSet,
  replaced: Set<string>,
): Promise<RecordError[]> {
  const graph = new Map([...edges.targets].map(([from, to]) => [from, [...to]]));
  const seen = new Set<string>();
  let frontier = [...new Set([...edges.targets.values()].flat())];
  while (frontier.length) {
    const fresh = frontier.filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    const next = fresh.flatMap((id) => edges.targets.get(id) ?? []);
    const expand = fresh.filter((id) => !replaced.has(id));
    for (let i = 0; i < expand.length; i += LOOKUP_BATCH) {
      for (const [from, to] of await store.outEdges(relation, expand.slice(i, i + LOOKUP_BATCH))) {
        const list = graph.get(from);
        if (list) list.push(to);
        else graph.set(from, [to]);
        next.push(to);
      }
    }
    frontier = next.filter((id) => !seen.has(id));
  }
  const out: RecordError[] = [];
  for (const cycle of findCycles(graph)) {
    const step = cycle.findIndex((from, i) => {
      const to = cycle[i + 1];
      return to !== undefined && edges.at.has(edgeKey(from, to));
    });
    const from = cycle[step];
    const to = cycle[step + 1];
    if (from === undefined || to === undefined) continue; // step -1: already in the graph, not this import's doing
    const at = edges.at.get(edgeKey(from, to)) as Where & { path: string };
    const rotated = [...cycle.slice(step, -1), ...cycle.slice(0, step), from];
    out.push({ ...at, message: `${relation} cycle: ${rotated.join(' → ')}` });
  }
  return out;
}

/** Cycles in a directed graph given as adjacency lists (iterative DFS, one per back edge). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const onPath: string[] = [start];
    state.set(start, 1);
    for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
      const neighbours = graph.get(top.node) ?? [];
      const n = neighbours[top.next];
      if (n !== undefined) {
        top.next += 1;
        const s = state.get(n);
        if (s === 1) cycles.push([...onPath.slice(onPath.indexOf(n)), n]);
        else if (s === undefined) {
          state.set(n, 1);
          stack.push({ node: n, next: 0 });
          onPath.push(n);
        }
      } else {
        state.set(top.node, 2);
        stack.pop();
        onPath.pop();
      }
    }
  }
  return cycles;
}
