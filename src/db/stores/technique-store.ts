import type { Executor } from '../executor.js';
import { calls, type Link, linkQuery, type Plan, planned, planParams } from '../prefetch.js';
import { type Page, pageOf, type Window } from './page.js';
import { type PaperRow, paperPages, paperTable } from './paper-rows.js';
import { DEFAULT_FILTER, type EdgeFilter, filterParams, passes } from './provenance.js';
import { Reader } from './reader.js';
import { type TechniqueRole, type TechniqueRow, techniqueMap, techniqueTable } from './technique-rows.js';
import { type TopicRow, topicTable } from './topic-rows.js';

/** Deepest traversal any lineage field may ask for; each depth is its own query variant (quantifiers are literals). */
export const MAX_LINEAGE_DEPTH = 10;

/** How a caller names a technique: an exact id when the text can be one, and the lower-cased text as name or alias. */
export interface TechniqueRef {
  id: string | null;
  key: string;
}

/**
 * Binds `t` to the technique named by `$ref` (a `TechniqueRef`): the exact id first, else the
 * first technique (by id) with that name or alias. No row when neither matches. Queries
 * start with it so naming a technique costs no extra round trip.
 */
export const matchTechniqueRef = `
  OPTIONAL MATCH (byId:Technique {id: $ref.id})
  WITH CASE WHEN byId IS NOT NULL THEN byId
       ELSE COLLECT { MATCH (n:Technique) WHERE $ref.key IN n.lookupKeys RETURN n ORDER BY n.id LIMIT 1 }[0] END AS t
  WITH t WHERE t IS NOT NULL`;

/** The topics technique `v` belongs to (IN_TOPIC), by name. */
export const topicsOfTechnique: Link = {
  target: topicTable,
  cypher: (v, n) => {
    const t = n.v('t');
    return `COLLECT { MATCH (${v})-[:IN_TOPIC]->(${t}:Topic) WITH ${t} ORDER BY ${t}.nameLower, ${t}.id RETURN ${n.project(t)} }`;
  },
};

/** The papers introducing technique `v` through edges passing the filter (its input), oldest first. */
export const introducedByOfTechnique: Link<EdgeFilter> = {
  target: paperTable,
  cypher: (v, n) => {
    const [u, p] = [n.v('u'), n.v('p')];
    return `COLLECT { MATCH (${v})<-[${u}:INTRODUCES]-(${p}:Paper) WHERE ${passes(u, n.param('sources'), n.param('includeContrast'))}
   WITH ${p} ORDER BY ${p}.published, ${p}.id RETURN ${n.project(p)} }`;
  },
  params: (filter = DEFAULT_FILTER) => filterParams(filter),
};

/** The techniques `v` builds on directly (`out`), or that build on it, by name, with each edge's evidence. */
const neighbours = (direction: 'out' | 'in'): Link => ({
  target: techniqueTable,
  cypher: (v, n) => {
    const [r, o] = [n.v('r'), n.v('o')];
    const edge = direction === 'out' ? `-[${r}:BUILDS_ON]->` : `<-[${r}:BUILDS_ON]-`;
    return `COLLECT { MATCH (${v})${edge}(${o}:Technique) WITH ${o}, ${r} ORDER BY ${o}.nameLower, ${o}.id
   RETURN {technique: ${n.project(o)}, evidence: ${r}.evidence, confidence: ${r}.confidence, source: ${r}.source} }`;
  },
});
export const buildsOnOfTechnique = neighbours('out');
export const builtUponByOfTechnique = neighbours('in');

/** One query per plan (links and projected properties), built on first use. */
const byIds = planned(
  'techniques-by-ids',
  (plan) =>
    `UNWIND $ids AS id MATCH (t:Technique {id: id}) ${calls('t', plan)} RETURN ${techniqueMap('t', '', plan)} AS row`,
);
const byRef = planned(
  'technique-by-ref',
  (plan) => `${matchTechniqueRef} ${calls('t', plan)} RETURN ${techniqueMap('t', '', plan)} AS row`,
);
const list = planned(
  'techniques-list',
  (plan) => `MATCH (t:Technique) WITH t ORDER BY t.nameLower, t.id ${pageOf('t', techniqueMap('t', '', plan))}`,
);

/** The links of a technique alone, for many techniques: the batched fallback when the query above did not prefetch them. */
const techniqueLink = <Input>(name: string, link: Link<Input>) => linkQuery(name, '(x:Technique {id: id})', 'x', link);
const topicsOf = techniqueLink('technique-topics', topicsOfTechnique);
const introducedBy = techniqueLink('technique-introduced-by', introducedByOfTechnique);
const buildsOn = techniqueLink('technique-builds-on', buildsOnOfTechnique);
const builtUponBy = techniqueLink('technique-built-upon-by', builtUponByOfTechnique);

const papersOf = Object.fromEntries(
  (['INTRODUCES', 'USES', 'ANY'] as const).map((role) => [
    role,
    paperPages(
      `technique-papers-${role.toLowerCase()}`,
      '(o:Technique {id: id})',
      `(o)<-[u:${role === 'ANY' ? 'INTRODUCES|USES' : role}]-(p:Paper) WHERE ${passes('u')}`,
    ),
  ]),
) as Record<TechniqueRole | 'ANY', ReturnType<typeof paperPages>>;

/** Whether `depth` is a depth a lineage field may ask for: an integer 1..MAX_LINEAGE_DEPTH. */
export const isLineageDepth = (depth: unknown): depth is number =>
  typeof depth === 'number' && Number.isInteger(depth) && depth >= 1 && depth <= MAX_LINEAGE_DEPTH;

/** The depth of a lineage field as a Cypher literal: an integer 1..MAX_LINEAGE_DEPTH, else a RangeError. */
export function depthLiteral(depth: number): string {
  if (!isLineageDepth(depth)) throw new RangeError(`maxDepth must be 1..${MAX_LINEAGE_DEPTH}`);
  return String(depth);
}

/** A technique reached through BUILDS_ON as the Cypher returns it: the shortest chain's nodes and edges. */
export interface ChainRow {
  technique: TechniqueRow;
  depth: number;
  nodes: TechniqueRow[];
  rels: { evidence: string | null; confidence: number | null; source: string | null }[];
}

/**
 * Ancestors (BUILDS_ON outward) or descendants (inward) of technique `v` within `maxDepth` edges
 * (the link's variant: quantifiers are literals), nearest first, then by name; one shortest chain
 * per technique reached, the first by its techniques' ids when several are as short. It
 * aggregates, so it is a CALL link (see `Link.call`).
 * Without the flag `path` (the chain's steps not selected) the chains are left out.
 */
const relativesOf = (direction: 'ancestors' | 'descendants'): Link<{ maxDepth: number }> => ({
  call: true,
  target: techniqueTable,
  variant: (input) => depthLiteral(input.maxDepth),
  cypher: (v, n) => {
    const [o, chain, x, r] = [n.v('o'), n.v('chain'), n.v('x'), n.v('r')];
    const edge = direction === 'ancestors' ? `-[:BUILDS_ON*1..${n.variant}]->` : `<-[:BUILDS_ON*1..${n.variant}]-`;
    // The chain itself only when its steps are selected (flag `path`); its length is the depth either way.
    const path = n.reads('path');
    return `
     MATCH ${chain} = (${v})${edge}(${o}:Technique)
     WHERE ${o} <> ${v}
     WITH ${o}, ${chain} ORDER BY length(${chain})${path ? `, [${x} IN nodes(${chain}) | ${x}.id]` : ''}
     WITH ${o}, head(collect(${chain})) AS ${chain}
     ORDER BY length(${chain}), ${o}.nameLower, ${o}.id
     RETURN collect({
       technique: ${n.project(o)},
       depth: length(${chain}),
       nodes: ${path ? `[${x} IN nodes(${chain}) | ${techniqueMap(x)}]` : '[]'},
       rels: ${path ? `[${r} IN relationships(${chain}) | {evidence: ${r}.evidence, confidence: ${r}.confidence, source: ${r}.source}]` : '[]'}
     }) AS ${n.v('value')}`;
  },
});
export const ancestorsOfTechnique = relativesOf('ancestors');
export const descendantsOfTechnique = relativesOf('descendants');

/** Per direction, one query per depth (the link's variant): `technique-ancestors-4`, … */
const relativesAlone = {
  ancestors: techniqueLink('technique-ancestors', ancestorsOfTechnique),
  descendants: techniqueLink('technique-descendants', descendantsOfTechnique),
};

export interface LinkedTechnique {
  technique: TechniqueRow;
  evidence: string | null;
  confidence: number | null;
  source: string | null;
}

export interface LineageStepRow {
  from: PaperRow | TechniqueRow;
  relation: 'INTRODUCES' | 'USES' | 'BUILDS_ON' | 'CITES';
  to: PaperRow | TechniqueRow;
  evidence: string | null;
  confidence: number | null;
  /** Provenance (`curated`, `linker`, `import:<file>`, `api`, …), when the query read it. */
  source?: string | null;
  /** A mined link's kind (MENTION or CONTRAST); null on every other edge. */
  mentionKind?: string | null;
}

export interface RelativeRow {
  technique: TechniqueRow;
  depth: number;
  path: LineageStepRow[];
}

/** A technique reached, with its chain as BUILDS_ON steps. */
export const relativeOf = (row: ChainRow): RelativeRow => ({
  technique: row.technique,
  depth: row.depth,
  path: chainSteps(row.nodes, row.rels),
});

/** Turn a chain's nodes and relationship properties into BUILDS_ON steps, in path order. */
export function chainSteps(
  nodes: TechniqueRow[],
  rels: { evidence: string | null; confidence: number | null; source?: string | null }[],
): LineageStepRow[] {
  return rels.map((r, i) => {
    const from = nodes[i];
    const to = nodes[i + 1];
    if (!from || !to) throw new Error(`a chain of ${nodes.length} techniques has no step ${i + 1}`);
    return { from, relation: 'BUILDS_ON', to, ...r };
  });
}

/** Techniques: lookups by id or any alias, lineage (BUILDS_ON) both ways, and the papers using them. */
export class TechniqueStore {
  private readonly reader: Reader;

  constructor(executor: Executor) {
    this.reader = new Reader(executor);
  }

  byIds(ids: readonly string[], plan?: Plan): Promise<(TechniqueRow | null)[]> {
    return this.reader.byIds(byIds(plan), ids, planParams(plan));
  }

  /** By id, else by name or alias, case-insensitive ("RLHF" and "reinforcement learning from human feedback" both work). */
  byRef(ref: TechniqueRef, plan?: Plan): Promise<TechniqueRow | null> {
    return this.reader.one(byRef(plan), { ref, ...planParams(plan) });
  }

  list(window: Window, plan?: Plan): Promise<Page<TechniqueRow>> {
    return this.reader.page(list(plan), window, planParams(plan));
  }

  topicsOf(ids: readonly string[], plan?: Plan): Promise<TopicRow[][]> {
    return this.reader.linkLists(topicsOf, ids, plan);
  }

  /** Papers introducing each technique through edges that pass `filter` (the API leaves mined ones out by default). */
  introducedBy(ids: readonly string[], filter: EdgeFilter, plan?: Plan): Promise<PaperRow[][]> {
    return this.reader.linkLists(introducedBy, ids, plan, filter);
  }

  buildsOn(ids: readonly string[], plan?: Plan): Promise<LinkedTechnique[][]> {
    return this.reader.linkLists(buildsOn, ids, plan);
  }

  builtUponBy(ids: readonly string[], plan?: Plan): Promise<LinkedTechnique[][]> {
    return this.reader.linkLists(builtUponBy, ids, plan);
  }

  papersOf(
    ids: readonly string[],
    role: TechniqueRole | 'ANY',
    window: Window,
    plan?: Plan,
    filter: EdgeFilter = DEFAULT_FILTER,
  ): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(papersOf[role], ids, window, plan, filterParams(filter));
  }

  /** Each technique's ancestors or descendants within `maxDepth` edges (see `relativesOf`), per the plan. */
  async relatives(
    ids: readonly string[],
    direction: 'ancestors' | 'descendants',
    maxDepth: number,
    plan?: Plan,
  ): Promise<ChainRow[][]> {
    // A depth out of range is a RangeError (the link's variant) before anything runs.
    return this.reader.linkLists(relativesAlone[direction], ids, plan, { maxDepth });
  }
}
