import type { Executor, Query } from '../executor.js';
import type { Plan } from '../prefetch.js';
import { groupByKey, type Page, pageOf, type Window } from './page.js';
import { type PaperRow, paperMap, paperPages } from './paper-rows.js';
import { DEFAULT_FILTER, type EdgeFilter, filterParams, passes } from './provenance.js';
import { Reader } from './reader.js';
import { type TechniqueRole, type TechniqueRow, techniqueMap } from './technique-rows.js';
import { type TopicRow, topicMap } from './topic-rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** Deepest traversal any lineage field may ask for; each depth has its own query (quantifiers are literals). */
export const MAX_LINEAGE_DEPTH = 10;

const byIds = q(
  'techniques-by-ids',
  `UNWIND $ids AS id MATCH (t:Technique {id: id}) RETURN ${techniqueMap('t')} AS row`,
);

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

const byRef = q('technique-by-ref', `${matchTechniqueRef} RETURN ${techniqueMap('t')} AS row`);
const list = q(
  'techniques-list',
  `MATCH (t:Technique) WITH t ORDER BY t.nameLower, t.id ${pageOf('t', techniqueMap('t'))}`,
);
const topicsOf = q(
  'technique-topics',
  `UNWIND $ids AS id MATCH (:Technique {id: id})-[:IN_TOPIC]->(t:Topic)
   WITH id, t ORDER BY t.nameLower RETURN id AS key, ${topicMap('t')} AS value`,
);
const introducedBy = q(
  'technique-introduced-by',
  `UNWIND $ids AS id MATCH (:Technique {id: id})<-[u:INTRODUCES]-(p:Paper) WHERE ${passes('u')}
   WITH id, p ORDER BY p.published RETURN id AS key, ${paperMap('p')} AS value`,
);
const neighbour = (name: string, pattern: string) =>
  q(
    name,
    `UNWIND $ids AS id MATCH ${pattern}
     WITH id, o, r ORDER BY o.nameLower
     RETURN id AS key, {technique: ${techniqueMap('o')}, evidence: r.evidence, confidence: r.confidence, source: r.source} AS value`,
  );
const buildsOn = neighbour('technique-builds-on', '(:Technique {id: id})-[r:BUILDS_ON]->(o:Technique)');
const builtUponBy = neighbour('technique-built-upon-by', '(:Technique {id: id})<-[r:BUILDS_ON]-(o:Technique)');

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

/** Ancestors (BUILDS_ON outward) or descendants (inward): one shortest chain per technique reached. */
const chainQueries = (direction: 'ancestors' | 'descendants') => {
  const queries = new Map<number, Query>();
  for (let depth = 1; depth <= MAX_LINEAGE_DEPTH; depth++) {
    const pattern =
      direction === 'ancestors'
        ? `(t)-[:BUILDS_ON*1..${depth}]->(o:Technique)`
        : `(t)<-[:BUILDS_ON*1..${depth}]-(o:Technique)`;
    queries.set(
      depth,
      q(
        `technique-${direction}-${depth}`,
        `UNWIND $ids AS id
         MATCH (t:Technique {id: id})
         MATCH chain = ${pattern}
         WHERE o <> t
         WITH id, o, chain ORDER BY length(chain), o.nameLower
         WITH id, o, head(collect(chain)) AS chain
         ORDER BY length(chain), o.nameLower
         RETURN id AS key, {
           technique: ${techniqueMap('o')},
           depth: length(chain),
           nodes: [n IN nodes(chain) | ${techniqueMap('n')}],
           rels: [r IN relationships(chain) | {evidence: r.evidence, confidence: r.confidence, source: r.source}]
         } AS value`,
      ),
    );
  }
  return queries;
};
const ancestorQueries = chainQueries('ancestors');
const descendantQueries = chainQueries('descendants');

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

  constructor(private readonly executor: Executor) {
    this.reader = new Reader(executor);
  }

  byIds(ids: readonly string[]): Promise<(TechniqueRow | null)[]> {
    return this.reader.byIds(byIds, ids);
  }

  /** By id, else by name or alias, case-insensitive ("RLHF" and "reinforcement learning from human feedback" both work). */
  byRef(ref: TechniqueRef): Promise<TechniqueRow | null> {
    return this.reader.one(byRef, { ref });
  }

  list(window: Window): Promise<Page<TechniqueRow>> {
    return this.reader.page(list, window);
  }

  topicsOf(ids: readonly string[]): Promise<TopicRow[][]> {
    return this.reader.groups(topicsOf, ids);
  }

  /** Papers introducing each technique through edges that pass `filter` (the API leaves mined ones out by default). */
  introducedBy(ids: readonly string[], filter: EdgeFilter): Promise<PaperRow[][]> {
    return this.reader.groups(introducedBy, ids, filterParams(filter));
  }

  buildsOn(ids: readonly string[]): Promise<LinkedTechnique[][]> {
    return this.reader.groups(buildsOn, ids);
  }

  builtUponBy(ids: readonly string[]): Promise<LinkedTechnique[][]> {
    return this.reader.groups(builtUponBy, ids);
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

  async relatives(
    ids: readonly string[],
    direction: 'ancestors' | 'descendants',
    maxDepth: number,
  ): Promise<RelativeRow[][]> {
    const query = (direction === 'ancestors' ? ancestorQueries : descendantQueries).get(maxDepth);
    if (!query) throw new RangeError(`maxDepth must be 1..${MAX_LINEAGE_DEPTH}`);
    const rows = (await this.executor.read(query, { ids })) as {
      key: string;
      value: {
        technique: TechniqueRow;
        depth: number;
        nodes: TechniqueRow[];
        rels: { evidence: string; confidence: number }[];
      };
    }[];
    return groupByKey(
      ids,
      rows.map((r) => ({
        key: r.key,
        value: { technique: r.value.technique, depth: r.value.depth, path: chainSteps(r.value.nodes, r.value.rels) },
      })),
    );
  }
}
