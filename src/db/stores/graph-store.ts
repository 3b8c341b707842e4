import { type RelationshipType, relationships } from '../../graph/model.js';
import { type Executor, int, type Query } from '../executor.js';
import { oneRow } from '../one-row.js';

/** The relationship types a neighbourhood can follow: every one in the graph model, in its order. */
export const graphRelations = Object.keys(relationships) as RelationshipType[];
export type GraphRelationName = RelationshipType;

export const MAX_GRAPH_DEPTH = 3;
export const MAX_GRAPH_LIMIT = 1000;
export const MAX_GRAPH_SEEDS = 50;

export type GraphNodeKind = 'PAPER' | 'AUTHOR' | 'TECHNIQUE' | 'TOPIC';

export interface GraphNodeRow {
  id: string;
  type: GraphNodeKind;
  title: string;
  subtitle: string | null;
  year: number | null;
  citationCount: number | null;
  hiddenNeighbors: number;
}

export interface GraphEdgeRow {
  id: string;
  from: string;
  to: string;
  relation: GraphRelationName;
  evidence: string | null;
  confidence: number | null;
  source: string | null;
}

export interface GraphRow {
  nodes: GraphNodeRow[];
  edges: GraphEdgeRow[];
  truncated: boolean;
  /** Requested seeds that match no node. */
  missing: string[];
}

export interface GraphOptions {
  depth: number;
  relations: readonly GraphRelationName[];
  minConfidence: number;
  limit: number;
}

/**
 * One level of the breadth-first expansion, as Cypher: the neighbours of `frontier` (through the
 * chosen relationship types, edges weaker than $minConfidence skipped) that are not yet `kept`,
 * ranked by links to the frontier, then citations, then id. Only the best `$take` (= limit + 1)
 * neighbours are ever collected (a top-k sort, no path is enumerated); of those not already kept,
 * as many as there is room for join `kept`, and the level is `cut` when more were left over. A
 * level with no room left after a cut expands nothing (it could add no node and change no flag).
 */
const level = (pattern: string, strong: string) => `
      CALL (kept, frontier, truncated) {
        UNWIND CASE WHEN truncated AND size(kept) >= $limit THEN [] ELSE frontier END AS f
        MATCH (f)${pattern}(m)
        WHERE NOT m:Reference ${strong ? `AND ${strong}` : ''}
        WITH m, count(r) AS links
        ORDER BY links DESC, coalesce(m.citationCount, 0) DESC, m.id
        LIMIT $take
        WITH collect(m) AS ranked
        WITH [m IN ranked WHERE NOT m IN kept] AS fresh,
             CASE WHEN $limit > size(kept) THEN $limit - size(kept) ELSE 0 END AS room
        RETURN fresh[0..room] AS next, size(fresh) > room AS cut
      }
      WITH seeds, kept + next AS kept, next AS frontier, truncated OR cut AS truncated`;

const nodeType = `CASE WHEN n:Paper THEN 'PAPER' WHEN n:Author THEN 'AUTHOR' WHEN n:Technique THEN 'TECHNIQUE' ELSE 'TOPIC' END`;
const title = 'coalesce(n.title, n.name)';
/** Paper: "2022 · Long Ouyang" (year, first author); author: its kind; technique: its aliases; topic: its parent. */
const subtitle = `CASE
          WHEN n:Paper THEN toString(n.year) + coalesce(' · ' + COLLECT {
            MATCH (au:Author)-[w:AUTHORED]->(n) RETURN au.name ORDER BY w.position LIMIT 1
          }[0], '')
          WHEN n:Author THEN n.kind
          WHEN n:Technique THEN CASE WHEN size(coalesce(n.aliases, [])) > 0
            THEN reduce(s = '', a IN n.aliases | s + CASE WHEN s = '' THEN '' ELSE ', ' END + a) END
          ELSE COLLECT { MATCH (n)-[:SUBTOPIC_OF]->(pt:Topic) RETURN 'in ' + pt.name }[0]
        END`;

/**
 * The neighbourhood query for one depth, relation filter and confidence filter (built on first
 * use). One round trip: seeds by id (each label's id index), `depth` levels of `level`, then the
 * edges among the kept nodes (each found once, from its start node) and each kept node's degree
 * under the same filters. With every relation (the default) the types are spelled in the pattern,
 * from the model's whitelist, so Neo4j expands only them and reads a dense node's degree from its
 * degree store; a chosen subset is a parameter (`type(r) IN $relations`), so there are 12
 * statements in all (depth × subset or not × confidence or not) rather than one per subset, each
 * planned once and kept in Neo4j's query cache.
 */
function graphQuery(depth: number, subset: boolean, filtered: boolean): Query {
  const types = graphRelations.join('|');
  const conditions = [
    ...(subset ? ['type(r) IN $relations'] : []),
    ...(filtered ? ['(r.confidence IS NULL OR r.confidence >= $minConfidence)'] : []),
  ];
  const strong = conditions.join(' AND ');
  const pattern = (arrow: '-' | '->') => (subset ? `-[r]${arrow}` : `-[r:${types}]${arrow}`);
  // Reference stubs (--keep-external-references) are never reached (see `level`); the degree, read
  // from the degree store, still counts a paper's CITES to them among its hidden neighbours.
  const degree = strong ? `COUNT { (n)${pattern('-')}() WHERE ${strong} }` : `COUNT { (n)-[:${types}]-() }`;
  return {
    name: `graph-${depth}${subset ? '-some-relations' : ''}${filtered ? '-min-confidence' : ''}`,
    cypher: `
      UNWIND $seeds AS sid
      CALL (sid) {
        MATCH (s:Paper {id: sid}) RETURN s
        UNION MATCH (s:Author {id: sid}) RETURN s
        UNION MATCH (s:Technique {id: sid}) RETURN s
        UNION MATCH (s:Topic {id: sid}) RETURN s
      }
      WITH collect(DISTINCT s) AS seeds
      WITH seeds, seeds AS kept, seeds AS frontier, false AS truncated
      ${Array.from({ length: depth }, () => level(pattern('-'), strong)).join('\n')}
      CALL (kept) {
        UNWIND kept AS a
        MATCH (a)${pattern('->')}(b)
        WHERE b IN kept ${strong ? `AND ${strong}` : ''}
        RETURN collect({
          from: a.id, to: b.id, relation: type(r),
          evidence: r.evidence, confidence: r.confidence, source: r.source
        }) AS edges
      }
      CALL (kept) {
        UNWIND kept AS n
        RETURN collect({
          id: n.id, type: ${nodeType}, title: ${title},
          subtitle: ${subtitle},
          year: n.year, citationCount: CASE WHEN n:Paper THEN coalesce(n.citationCount, 0) END,
          degree: ${degree}
        }) AS nodes
      }
      RETURN nodes, edges, truncated,
             [id IN $seeds WHERE NOT id IN [s IN seeds | s.id]] AS missing`,
  };
}

const queries = new Map<string, Query>();

/**
 * The neighbourhood of some nodes (the `graph` field): breadth-first from the seeds, level by
 * level, keeping at most `limit` nodes (seeds first, then nearest first; within a level the
 * nodes with the most links to the level before, then the most cited, then by id).
 */
export class GraphStore {
  constructor(private readonly executor: Executor) {}

  async neighbourhood(seeds: readonly string[], options: GraphOptions): Promise<GraphRow> {
    const relations = graphRelations.filter((r) => options.relations.includes(r));
    if (relations.length === 0) throw new RangeError('graph needs at least one relation');
    if (options.depth < 1 || options.depth > MAX_GRAPH_DEPTH) throw new RangeError('graph depth out of range');
    const filtered = options.minConfidence > 0;
    const subset = relations.length < graphRelations.length;
    const key = `${options.depth}:${subset}:${filtered}`;
    let query = queries.get(key);
    if (!query) {
      query = graphQuery(options.depth, subset, filtered);
      queries.set(key, query);
    }
    const row = oneRow(
      await this.executor.read(query, {
        seeds: [...new Set(seeds)],
        relations,
        minConfidence: options.minConfidence,
        limit: int(options.limit),
        take: int(options.limit + 1),
      }),
      query,
    );
    const edges = (row.edges as Omit<GraphEdgeRow, 'id'>[]).map((e) => ({
      ...e,
      id: `${e.from}-${e.relation}->${e.to}`,
    }));
    // hiddenNeighbors: the node's relationships under the filter, less those returned.
    const shown = new Map<string, number>();
    for (const e of edges) {
      shown.set(e.from, (shown.get(e.from) ?? 0) + 1);
      shown.set(e.to, (shown.get(e.to) ?? 0) + 1);
    }
    const nodes = (row.nodes as (Omit<GraphNodeRow, 'hiddenNeighbors'> & { degree: number })[]).map(
      ({ degree, ...n }) => ({ ...n, hiddenNeighbors: Math.max(degree - (shown.get(n.id) ?? 0), 0) }),
    );
    return { nodes, edges, truncated: row.truncated as boolean, missing: row.missing as string[] };
  }
}
