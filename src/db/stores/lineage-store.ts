import { keyBound } from '../../graph/lineage-closure.js';
import { type Executor, int, type Query } from '../executor.js';
import type { Page, Window } from './page.js';
import { type PaperRow, paperMap } from './paper-rows.js';
import { DEFAULT_FILTER, type EdgeFilter, filterParams, isDefaultFilter, passes } from './provenance.js';
import { type TechniqueRow, techniqueMap } from './technique-rows.js';
import {
  chainSteps,
  type LineageStepRow,
  MAX_LINEAGE_DEPTH,
  matchTechniqueRef,
  type TechniqueRef,
} from './technique-store.js';

/**
 * "Papers building on T": papers that INTRODUCE or USE T, or a technique that
 * BUILDS_ON T through up to maxDepth − 1 hops. depth = edges on the path, so a
 * direct user of T has depth 1. One shortest explanation per paper: fewest
 * edges, then the most confident use, INTRODUCES before USES (then technique id),
 * through the most confident shortest chain. The technique is named by a
 * `TechniqueRef` and resolved in the same query (one round trip).
 *
 * Two phases: every paper's depth is an aggregate (min over the techniques it
 * uses), so ordering and counting all of them reads no path; explanations are
 * built only for the page. A variant without the confidence filter reads no
 * edge properties in the first phase. On the 100k benchmark graph (29,491 uses
 * of the hub's lineage) this took the query from 179,057 to 127,291 db hits (PROFILE).
 */
const chainConfidence = 'reduce(c = 1.0, r IN relationships(chain) | c * r.confidence)';
/** The page's rows (`page`: a list of {p, depth}) with their explanations, as `items`. */
const explained = (page: string, strongUse: string, filtered: boolean, depth: number) => `
        CALL (rows, t) {
          UNWIND ${page} AS row
          WITH row.p AS p, row.depth AS depth
          CALL (p, depth, t) {
            MATCH (p)-[u:USES|INTRODUCES]->(x:Technique)
            ${strongUse}
            CALL (x, depth, t) {
              MATCH chain = (x)-[:BUILDS_ON*0..${depth - 1}]->(t)
              WHERE length(chain) = depth - 1 ${filtered ? 'AND all(r IN relationships(chain) WHERE r.confidence >= $minConfidence)' : ''}
              RETURN chain ORDER BY ${chainConfidence} DESC, [n IN nodes(chain) | n.id] LIMIT 1
            }
            RETURN u, x, chain ORDER BY u.confidence DESC, type(u), x.id LIMIT 1
          }
          RETURN collect({
            paper: ${paperMap('p')},
            depth: depth,
            relation: type(u), evidence: u.evidence, confidence: u.confidence, source: u.source,
            mentionKind: u.mentionKind,
            used: ${techniqueMap('x')},
            nodes: [n IN nodes(chain) | ${techniqueMap('n')}],
            rels: [r IN relationships(chain) | {evidence: r.evidence, confidence: r.confidence, source: r.source}]
          }) AS items
        }`;

const traversal = (depth: number, filtered: boolean): string => {
  const strongChain = filtered ? 'WHERE all(r IN relationships(chain) WHERE r.confidence >= $minConfidence)' : '';
  // Provenance (`$sources`) and mined CONTRAST links (`$includeContrast`): src/db/stores/provenance.ts.
  const strongUse = `WHERE ${passes('u')}${filtered ? ' AND u.confidence >= $minConfidence' : ''}`;
  return `
      ${matchTechniqueRef}
      CALL (t) {
        MATCH chain = (x:Technique)-[:BUILDS_ON*0..${depth - 1}]->(t)
        ${strongChain}
        WITH x, min(length(chain)) AS len
        MATCH (p:Paper)-[u:USES|INTRODUCES]->(x)
        ${strongUse}
        WITH p, 1 + min(len) AS depth
        ORDER BY depth, p.published DESC, p.id
        WITH collect({p: p, depth: depth}) AS rows
        ${explained('rows[$skip..$skip + $limit]', strongUse, filtered, depth)}
        RETURN size(rows) AS total, items
      }
      RETURN ${techniqueMap('t')} AS technique, total, items, false AS indexed`;
};
/**
 * The same answer from the lineage index (README "Lineage index"), for the default reading (any
 * confidence, every edge but mined CONTRAST links): the total is a sum of maintained counts and the
 * page is a range of the (technique, key) index, already in order. Two planner details matter
 * (PROFILE at 1M): a composite index is used only with a predicate on each of its properties
 * (hence `year IS NOT NULL`), and it provides its order only to an ORDER BY naming all of them
 * (hence `r.technique, r.key`; by `r.key` alone Neo4j reads all ~300k entries of the hub and sorts).
 */
const fromIndex = (depth: number): string => `
      ${matchTechniqueRef}
      CALL (t) {
        MATCH (c:LineageCount) WHERE c.technique = t.id AND c.depth <= ${depth} AND c.year IS NOT NULL
        RETURN sum(c.papers) AS total
      }
      CALL (t) {
        MATCH (p:Paper)-[r:IN_LINEAGE]->() WHERE r.technique = t.id AND r.key < '${keyBound(depth)}'
        WITH p, r ORDER BY r.technique, r.key SKIP $skip LIMIT $limit
        RETURN collect({p: p, depth: toInteger(left(r.key, 3))}) AS rows
      }
      ${explained('rows', `WHERE ${passes('u')}`, false, depth)}
      RETURN ${techniqueMap('t')} AS technique, total, items, true AS indexed`;

/**
 * The queries by depth and reading: `<depth>:filtered` (minConfidence > 0, or other sources) and
 * `<depth>:traversal` run the traversal; `<depth>:default` reads the index when it is ready, else
 * traverses — one round trip either way (the branch not taken stops at its WHERE).
 */
const queries = new Map<string, Query>();
for (let depth = 1; depth <= MAX_LINEAGE_DEPTH; depth++) {
  const name = `papers-building-on-${depth}`;
  queries.set(`${depth}:filtered`, { name: `${name}-min-confidence`, cypher: traversal(depth, true) });
  queries.set(`${depth}:traversal`, { name, cypher: traversal(depth, false) });
  queries.set(`${depth}:default`, {
    name: `${name}-default`,
    cypher: `
      OPTIONAL MATCH (ix:LineageIndex {id: 'lineage', state: 'ready'})
      CALL (ix) {
        WITH * WHERE ix IS NOT NULL
        ${fromIndex(depth)}
        UNION ALL
        WITH * WHERE ix IS NULL
        ${traversal(depth, false)}
      }
      RETURN technique, total, items, indexed`,
  });
}

export interface LineageEdgeRow {
  paper: PaperRow;
  depth: number;
  path: LineageStepRow[];
}

export class LineageStore {
  /** `traversalOnly`: never read the lineage index (the oracle in its exactness test). */
  constructor(
    private readonly executor: Executor,
    private readonly traversalOnly = false,
  ) {}

  /** Null when no technique matches `ref`. */
  async papersBuildingOn(
    ref: TechniqueRef,
    options: { maxDepth: number; minConfidence: number; filter?: EdgeFilter },
    window: Window,
  ): Promise<{ technique: TechniqueRow; page: Page<LineageEdgeRow>; indexed: boolean } | null> {
    const filter = options.filter ?? DEFAULT_FILTER;
    const reading =
      options.minConfidence > 0 ? 'filtered' : this.traversalOnly || !isDefaultFilter(filter) ? 'traversal' : 'default';
    const query = queries.get(`${options.maxDepth}:${reading}`);
    if (!query) throw new RangeError(`maxDepth must be 1..${MAX_LINEAGE_DEPTH}`);
    const params = {
      ref,
      minConfidence: options.minConfidence,
      ...filterParams(filter),
      skip: int(window.skip),
      limit: int(window.limit),
    };
    const [row] = await this.executor.read(query, params);
    if (!row) return null;
    const items = (
      row.items as {
        paper: PaperRow;
        depth: number;
        relation: 'INTRODUCES' | 'USES';
        evidence: string | null;
        confidence: number | null;
        source: string | null;
        mentionKind: string | null;
        used: TechniqueRow;
        nodes: TechniqueRow[];
        rels: { evidence: string | null; confidence: number | null; source: string | null }[];
      }[]
    ).map((item) => ({
      paper: item.paper,
      depth: item.depth,
      path: [
        {
          from: item.paper,
          relation: item.relation,
          to: item.used,
          evidence: item.evidence,
          confidence: item.confidence,
          source: item.source,
          mentionKind: item.mentionKind,
        },
        ...chainSteps(item.nodes, item.rels),
      ],
    }));
    return {
      technique: row.technique as TechniqueRow,
      page: { total: row.total as number, items },
      indexed: row.indexed === true,
    };
  }
}
