import type { EdgeRecord, LineageRelation } from '../../ingest/records.js';
import type { Executor, Query, WriteCounters } from '../executor.js';

/** Node labels the importer may touch, keyed by record type (a whitelist: labels never come from input). */
export const labelOf = {
  author: 'Author',
  topic: 'Topic',
  technique: 'Technique',
  paper: 'Paper',
} as const;
export type NodeType = keyof typeof labelOf;

const existingIdsQueries: Record<NodeType, Query> = Object.fromEntries(
  (Object.keys(labelOf) as NodeType[]).map((type) => [
    type,
    {
      name: `existing-${type}-ids`,
      cypher: `UNWIND $ids AS id MATCH (n:${labelOf[type]} {id: id}) RETURN n.id AS id`,
    },
  ]),
) as Record<NodeType, Query>;

const upsertNodes: Record<NodeType, Query> = {
  topic: {
    name: 'import-topics',
    cypher: `
      UNWIND $rows AS r
      MERGE (t:Topic {id: r.id})
      SET t.name = r.name, t.nameLower = toLower(r.name), t.description = r.description`,
  },
  author: {
    name: 'import-authors',
    cypher: `
      UNWIND $rows AS r
      MERGE (a:Author {id: r.id})
      SET a.name = r.name, a.nameLower = toLower(r.name), a.kind = r.kind, a.aliases = r.aliases,
          a.aliasText = reduce(s = '', x IN r.aliases | s + x + ' ')`,
  },
  technique: {
    name: 'import-techniques',
    cypher: `
      UNWIND $rows AS r
      MERGE (t:Technique {id: r.id})
      SET t.name = r.name, t.nameLower = toLower(r.name), t.aliases = r.aliases,
          t.aliasText = reduce(s = '', x IN r.aliases | s + x + ' '), t.description = r.description,
          t.lookupKeys = [toLower(r.name)] + [x IN r.aliases | toLower(x)]`,
  },
  paper: {
    name: 'import-papers',
    cypher: `
      UNWIND $rows AS r
      MERGE (p:Paper {id: r.id})
      SET p.title = r.title, p.titleLower = toLower(r.title), p.abstract = r.abstract,
          p.published = date(r.published), p.year = date(r.published).year, p.arxivId = r.arxivId,
          p.url = r.url, p.kind = r.kind, p.citationCount = coalesce(p.citationCount, 0)`,
  },
};

/** Structural relationships that come inside node records; re-importing a node replaces them. */
const structural = {
  authored: {
    name: 'import-authored',
    cypher: `
      UNWIND $rows AS r
      MATCH (p:Paper {id: r.id})
      OPTIONAL MATCH (p)<-[old:AUTHORED]-(x:Author) WHERE NOT x.id IN r.refs
      DELETE old
      WITH DISTINCT p, r
      UNWIND range(0, size(r.refs) - 1) AS i
      MATCH (a:Author {id: r.refs[i]})
      MERGE (a)-[w:AUTHORED]->(p)
      SET w.position = i + 1
      RETURN count(*) AS linked`,
  },
  about: {
    name: 'import-about',
    cypher: `
      UNWIND $rows AS r
      MATCH (p:Paper {id: r.id})
      OPTIONAL MATCH (p)-[old:ABOUT]->(x:Topic) WHERE NOT x.id IN r.refs
      DELETE old
      WITH DISTINCT p, r
      UNWIND r.refs AS ref
      MATCH (t:Topic {id: ref})
      MERGE (p)-[:ABOUT]->(t)
      RETURN count(*) AS linked`,
  },
  inTopic: {
    name: 'import-in-topic',
    cypher: `
      UNWIND $rows AS r
      MATCH (n:Technique {id: r.id})
      OPTIONAL MATCH (n)-[old:IN_TOPIC]->(x:Topic) WHERE NOT x.id IN r.refs
      DELETE old
      WITH DISTINCT n, r
      UNWIND r.refs AS ref
      MATCH (t:Topic {id: ref})
      MERGE (n)-[:IN_TOPIC]->(t)
      RETURN count(*) AS linked`,
  },
  subtopicOf: {
    name: 'import-subtopic-of',
    cypher: `
      UNWIND $rows AS r
      MATCH (c:Topic {id: r.id})
      OPTIONAL MATCH (c)-[old:SUBTOPIC_OF]->(x:Topic) WHERE NOT x.id IN r.refs
      DELETE old
      WITH DISTINCT c, r
      UNWIND r.refs AS ref
      MATCH (t:Topic {id: ref})
      MERGE (c)-[:SUBTOPIC_OF]->(t)
      RETURN count(*) AS linked`,
  },
} satisfies Record<string, Query>;
export type StructuralLink = keyof typeof structural;

const edgeEnds: Record<LineageRelation, [string, string]> = {
  INTRODUCES: ['Paper', 'Technique'],
  USES: ['Paper', 'Technique'],
  BUILDS_ON: ['Technique', 'Technique'],
  CITES: ['Paper', 'Paper'],
};

const lineageEdges = Object.fromEntries(
  (Object.keys(edgeEnds) as LineageRelation[]).map((relation) => {
    const [fromLabel, toLabel] = edgeEnds[relation];
    // CITES keeps the cited paper's citationCount current in the same transaction.
    const recount =
      relation === 'CITES'
        ? `WITH DISTINCT b SET b.citationCount = COUNT { (b)<-[:CITES]-(:Paper) } RETURN count(b) AS touched`
        : 'RETURN count(*) AS touched';
    return [
      relation,
      {
        name: `import-${relation.toLowerCase()}`,
        cypher: `
          UNWIND $rows AS r
          MATCH (a:${fromLabel} {id: r.from})
          MATCH (b:${toLabel} {id: r.to})
          MERGE (a)-[e:${relation}]->(b)
          ON CREATE SET e.recordedAt = datetime(coalesce(r.recordedAt, $now))
          SET e.evidence = r.evidence, e.confidence = r.confidence, e.source = r.source
          ${recount}`,
      },
    ];
  }),
) as Record<LineageRelation, Query>;

export interface BatchResult {
  counters: WriteCounters;
}

/** Batched, parameterised writes for the importer. Each call is one transaction. */
export class ImportStore {
  constructor(private readonly executor: Executor) {}

  /** Which of `ids` exist in the graph as nodes of `type`. */
  async existingIds(type: NodeType, ids: string[]): Promise<Set<string>> {
    const rows = await this.executor.read(existingIdsQueries[type], { ids });
    return new Set(rows.map((r) => r.id as string));
  }

  upsertNodes(type: NodeType, rows: Record<string, unknown>[]): Promise<WriteCounters> {
    return this.executor.writeTx(upsertNodes[type].name, async (tx) => {
      const { counters } = await tx.runCounted(upsertNodes[type], { rows });
      return counters;
    });
  }

  /** Replace the `link` relationships of each row's node with the ones in `refs` (ordered for AUTHORED). */
  link(link: StructuralLink, rows: { id: string; refs: string[] }[]): Promise<WriteCounters> {
    return this.executor.writeTx(structural[link].name, async (tx) => {
      const { counters } = await tx.runCounted(structural[link], { rows });
      return counters;
    });
  }

  /** MERGE lineage edges with provenance; throws (and rolls back) if an endpoint vanished. */
  edges(relation: LineageRelation, rows: (EdgeRecord & { source: string })[]): Promise<WriteCounters> {
    const query = lineageEdges[relation];
    return this.executor.writeTx(query.name, async (tx) => {
      const { rows: out, counters } = await tx.runCounted(query, {
        rows,
        now: new Date().toISOString(),
      });
      if (relation !== 'CITES' && (out[0]?.touched as number) !== rows.length) {
        throw new Error(
          `${relation}: ${rows.length - (out[0]?.touched as number)} edge(s) lost an endpoint during import`,
        );
      }
      return counters;
    });
  }
}
