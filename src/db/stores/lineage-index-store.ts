import { closureOf, lineageKey, lineageOf } from '../../graph/lineage-closure.js';
import type { Query, Row, WriteTx } from '../executor.js';
import { int } from '../executor.js';
import { DEFAULT_FILTER, filterParams, passes } from './provenance.js';

/**
 * Upkeep of the lineage index (README "Lineage index"; schema in migration 0005). The write
 * funnel calls `refreshLineage` inside every write transaction that touched papers' technique links,
 * their dates or BUILDS_ON edges, so the index commits with the write or not at all. A refresh
 * recomputes the touched papers' lineage from the graph as it now is (the BUILDS_ON edges are
 * read — a few thousand — and the closure is searched in JavaScript from the touched papers'
 * techniques only), compares it with the stored
 * IN_LINEAGE relationships and writes only the difference, with the matching count deltas.
 * The index covers the default reading of lineage: every edge but mined CONTRAST links, any
 * confidence. Nothing happens while no marker exists.
 */

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** What a write transaction touched: papers whose links or dates changed, techniques whose BUILDS_ON changed. */
export interface LineageTouch {
  papers: Set<string>;
  techniques: Set<string>;
}

const markerQuery = q('lineage-index-marker', `MATCH (m:LineageIndex {id: 'lineage'}) RETURN m.state AS state`);

/** Every technique with its element id (for direct lookups when writing) and the ones it BUILDS_ON. */
const techniquesQuery = q(
  'lineage-index-techniques',
  'MATCH (t:Technique) RETURN t.id AS id, elementId(t) AS eid, [(t)-[:BUILDS_ON]->(b:Technique) | b.id] AS up',
);

/** Papers using a technique that reaches one of `$ids` through BUILDS_ON (the ones a changed edge can move). */
const usersQuery = q(
  'lineage-index-users',
  `UNWIND $ids AS id
   MATCH (:Technique {id: id})<-[:BUILDS_ON*0..]-(y:Technique)
   WITH DISTINCT y
   MATCH (p:Paper)-[:USES|INTRODUCES]->(y)
   RETURN DISTINCT p.id AS id`,
);

/** The stored and the current lineage inputs of `$ids`, each paper locked for the rest of the transaction. */
const stateQuery = q(
  'lineage-index-state',
  `UNWIND $ids AS id
   MATCH (p:Paper {id: id})
   SET p.lineageLock = true REMOVE p.lineageLock
   RETURN p.id AS id, elementId(p) AS eid, toString(p.published) AS published, p.year AS year,
          COLLECT { MATCH (p)-[u:USES|INTRODUCES]->(x:Technique) WHERE ${passes('u')} RETURN DISTINCT x.id } AS used,
          COLLECT { MATCH (p)-[r:IN_LINEAGE]->(:Technique) RETURN [r.technique, r.key, r.year, elementId(r)] } AS stored`,
);

// Both ends and old relationships are found by element id, read earlier in the same transaction:
// a direct lookup. Measured at 1M about as fast as an index seek per row (378 vs 416 ms per
// 5,000 rows), so this is for simplicity (old relationships have no key of their own), not speed.
const removeQuery = q(
  'lineage-index-remove',
  `UNWIND $rows AS eid
   MATCH ()-[e:IN_LINEAGE]->() WHERE elementId(e) = eid
   DELETE e`,
);

const addQuery = q(
  'lineage-index-add',
  `UNWIND $rows AS r
   MATCH (p:Paper) WHERE elementId(p) = r.p
   MATCH (t:Technique) WHERE elementId(t) = r.t
   CREATE (p)-[:IN_LINEAGE {technique: r.technique, key: r.key, year: r.year}]->(t)`,
);

const countQuery = q(
  'lineage-index-count',
  `UNWIND $rows AS d
   MERGE (c:LineageCount {technique: d.technique, depth: d.depth, year: d.year})
   SET c.papers = coalesce(c.papers, 0) + d.delta
   WITH c WHERE c.papers = 0
   DELETE c`,
);

interface PaperState {
  id: string;
  eid: string;
  published: string | null;
  year: number | null;
  used: string[];
  stored: [technique: string, key: string, year: number | null, eid: string][];
}

/** Depth of a stored key (its first three digits). */
const depthOf = (key: string) => Number(key.slice(0, 3));
/** Count nodes cannot hold null in a unique key: an unknown year is -1. */
const yearKey = (year: number | null) => year ?? -1;

/** The index marker's state, or null when there is no index. */
export async function lineageIndexState(run: (query: Query) => Promise<Row[]>): Promise<string | null> {
  const [row] = await run(markerQuery);
  return row ? (row.state as string) : null;
}

/** Bring the index up to date for what `touch` names, inside the write transaction `tx`. */
export async function refreshLineage(tx: WriteTx, touch: LineageTouch): Promise<number> {
  if (!touch.papers.size && !touch.techniques.size) return 0;
  if ((await lineageIndexState((query) => tx.run(query))) === null) return 0;
  const ids = new Set(touch.papers);
  if (touch.techniques.size) {
    for (const r of await tx.run(usersQuery, { ids: [...touch.techniques] })) ids.add(r.id as string);
  }
  return refreshPapers(tx, [...ids]);
}

/**
 * Recompute the lineage of papers `ids` (existing ones; others are skipped) and write the
 * difference; with `forget`, take them out of the index (before they are deleted).
 */
export async function refreshPapers(tx: WriteTx, ids: string[], forget = false): Promise<number> {
  if (!ids.length) return 0;
  const techniques = forget ? [] : await tx.run(techniquesQuery);
  const eidOf = new Map(techniques.map((t) => [t.id as string, t.eid as string]));
  const closure = closureOf(techniques.flatMap((t) => (t.up as string[]).map((up) => [t.id as string, up] as const)));
  const states = (await tx.run(stateQuery, { ids, ...filterParams(DEFAULT_FILTER) })) as unknown as PaperState[];
  const remove: string[] = [];
  const add: { p: string; t: string; technique: string; key: string; year: number | null }[] = [];
  const deltas = new Map<string, { technique: string; depth: number; year: number; delta: number }>();
  const count = (technique: string, depth: number, year: number | null, delta: number) => {
    const k = `${technique}\u0000${depth}\u0000${yearKey(year)}`;
    const d = deltas.get(k);
    if (d) d.delta += delta;
    else deltas.set(k, { technique, depth, year: yearKey(year), delta });
  };
  for (const s of states) {
    const wanted = forget ? new Map<string, number>() : lineageOf(s.used, closure);
    const current = (t: string) => {
      const depth = wanted.get(t);
      return depth === undefined ? null : lineageKey(depth, s.published, s.id);
    };
    const stored = new Map(s.stored.map(([t, key, year, eid]) => [t, { key, year, eid }]));
    for (const [t, old] of stored) {
      if (old.key === current(t) && old.year === s.year) continue;
      remove.push(old.eid);
      count(t, depthOf(old.key), old.year, -1);
    }
    for (const [t, depth] of wanted) {
      const old = stored.get(t);
      const key = lineageKey(depth, s.published, s.id);
      if (old && old.key === key && old.year === s.year) continue;
      add.push({ p: s.eid, t: eidOf.get(t) as string, technique: t, key, year: s.year });
      count(t, depth, s.year, +1);
    }
  }
  if (remove.length) await tx.run(removeQuery, { rows: remove });
  if (add.length)
    await tx.run(addQuery, { rows: add.map((r) => ({ ...r, year: r.year === null ? null : int(r.year) })) });
  const changed = [...deltas.values()].filter((d) => d.delta !== 0);
  if (changed.length) {
    await tx.run(countQuery, {
      rows: changed.map((d) => ({ ...d, depth: int(d.depth), year: int(d.year), delta: int(d.delta) })),
    });
  }
  return remove.length + add.length;
}

/** Take papers `ids` out of the index before they are deleted (their counts go down with them). */
export async function forgetPapers(tx: WriteTx, ids: string[]): Promise<void> {
  if ((await lineageIndexState((query) => tx.run(query))) !== null) await refreshPapers(tx, ids, true);
}
