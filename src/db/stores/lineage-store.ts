import { type Executor, int, type Query } from '../executor.js';
import { type Page, type PaperRow, paperMap, type TechniqueRow, techniqueMap, type Window } from './rows.js';
import { chainSteps, type LineageStepRow, MAX_LINEAGE_DEPTH } from './technique-store.js';

/**
 * "Papers building on T": papers that INTRODUCE or USE T, or a technique that
 * BUILDS_ON T through up to maxDepth − 1 hops. depth = edges on the path, so a
 * direct user of T has depth 1. One shortest explanation per paper: fewest
 * edges, then the most confident chain, INTRODUCES before USES.
 */
const queries = new Map<number, Query>();
for (let depth = 1; depth <= MAX_LINEAGE_DEPTH; depth++) {
  queries.set(depth, {
    name: `papers-building-on-${depth}`,
    cypher: `
      MATCH (t:Technique {id: $technique})
      CALL (t) {
        MATCH chain = (x:Technique)-[:BUILDS_ON*0..${depth - 1}]->(t)
        WHERE all(r IN relationships(chain) WHERE r.confidence >= $minConfidence)
        WITH x, chain ORDER BY length(chain), reduce(c = 1.0, r IN relationships(chain) | c * r.confidence) DESC
        RETURN x, head(collect(chain)) AS chain
      }
      MATCH (p:Paper)-[u:USES|INTRODUCES]->(x)
      WHERE u.confidence >= $minConfidence
      WITH p, u, x, chain ORDER BY length(chain), u.confidence DESC, type(u)
      WITH p, head(collect({u: u, x: x, chain: chain})) AS best
      WITH p, best, 1 + length(best.chain) AS depth
      ORDER BY depth, p.published DESC, p.id
      WITH collect({p: p, best: best, depth: depth}) AS rows
      CALL (rows) {
        UNWIND rows[$skip..$skip + $limit] AS row
        WITH row.p AS p, row.best.u AS u, row.best.x AS x, row.best.chain AS chain, row.depth AS depth
        RETURN collect({
          paper: ${paperMap('p')},
          depth: depth,
          relation: type(u), evidence: u.evidence, confidence: u.confidence,
          used: ${techniqueMap('x')},
          nodes: [n IN nodes(chain) | ${techniqueMap('n')}],
          rels: [r IN relationships(chain) | {evidence: r.evidence, confidence: r.confidence}]
        }) AS items
      }
      RETURN size(rows) AS total, items`,
  });
}

export interface LineageEdgeRow {
  paper: PaperRow;
  depth: number;
  path: LineageStepRow[];
}

export class LineageStore {
  constructor(private readonly executor: Executor) {}

  async papersBuildingOn(
    techniqueId: string,
    options: { maxDepth: number; minConfidence: number },
    window: Window,
  ): Promise<Page<LineageEdgeRow>> {
    const query = queries.get(options.maxDepth);
    if (!query) throw new RangeError(`maxDepth must be 1..${MAX_LINEAGE_DEPTH}`);
    const [row] = await this.executor.read(query, {
      technique: techniqueId,
      minConfidence: options.minConfidence,
      skip: int(window.skip),
      limit: int(window.limit),
    });
    if (!row) return { total: 0, items: [] };
    const items = (
      row.items as {
        paper: PaperRow;
        depth: number;
        relation: 'INTRODUCES' | 'USES';
        evidence: string | null;
        confidence: number | null;
        used: TechniqueRow;
        nodes: TechniqueRow[];
        rels: { evidence: string | null; confidence: number | null }[];
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
        },
        ...chainSteps(item.nodes, item.rels),
      ],
    }));
    return { total: row.total as number, items };
  }
}
