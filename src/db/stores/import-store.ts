import type { LineageRelation } from '../../ingest/records.js';
import type { Executor, Query, WriteCounters, WriteTx } from '../executor.js';

/** Node labels the importer may touch, keyed by record type (a whitelist: labels never come from input). */
export const labelOf = {
  author: 'Author',
  topic: 'Topic',
  technique: 'Technique',
  paper: 'Paper',
} as const;
export type NodeType = keyof typeof labelOf;
const nodeTypes = Object.keys(labelOf) as NodeType[];

/** The labels every id in $ids has in the graph (one row per id and type; ids not in the graph give no row). */
const typesOfQuery: Query = {
  name: 'import-types-of',
  cypher: `
    UNWIND $ids AS id
    CALL (id) {
      ${nodeTypes.map((t) => `MATCH (:${labelOf[t]} {id: id}) RETURN '${t}' AS type`).join('\n      UNION ALL ')}
    }
    RETURN id, type`,
};

/** Indexes into $needs of the ({id, type}) entries that have no node in the graph. */
const missingQuery: Query = {
  name: 'import-missing',
  cypher: `
    UNWIND range(0, size($needs) - 1) AS i
    WITH i, $needs[i] AS x
    WHERE NOT (${nodeTypes.map((t) => `(x.type = '${t}' AND EXISTS { MATCH (:${labelOf[t]} {id: x.id}) })`).join(' OR ')})
    RETURN i`,
};

/**
 * Properties each node type's upsert sets from a row `r` on node `n`: the one definition of how
 * a node is stored (the importer and the mutations both use it).
 */
export const nodeProperties: Record<NodeType, string> = {
  topic: 'n.name = r.name, n.nameLower = toLower(r.name), n.description = r.description',
  author: `n.name = r.name, n.nameLower = toLower(r.name), n.kind = r.kind, n.aliases = r.aliases,
    n.aliasText = reduce(s = '', x IN r.aliases | s + x + ' ')`,
  technique: `n.name = r.name, n.nameLower = toLower(r.name), n.aliases = r.aliases,
    n.aliasText = reduce(s = '', x IN r.aliases | s + x + ' '), n.description = r.description,
    n.lookupKeys = [toLower(r.name)] + [x IN r.aliases | toLower(x)]`,
  paper: `n.title = r.title, n.titleLower = toLower(r.title), n.abstract = r.abstract,
    n.published = date(r.published), n.year = date(r.published).year, n.arxivId = r.arxivId,
    n.url = r.url, n.kind = r.kind, n.citationCount = coalesce(n.citationCount, 0)`,
};

/** `changed` counts entities that existed before (more than the key set by MERGE) and whose properties differ now. */
const changed = (v: string) => `count(CASE WHEN size(keys(before)) > 1 AND before <> properties(${v}) THEN 1 END)`;

const upsertQueries = Object.fromEntries(
  nodeTypes.map((type) => [
    type,
    {
      name: `import-${type}s`,
      cypher: `
        UNWIND $rows AS r
        MERGE (n:${labelOf[type]} {id: r.id})
        WITH n, r, properties(n) AS before
        SET ${nodeProperties[type]}
        RETURN ${changed('n')} AS updated`,
    },
  ]),
) as Record<NodeType, Query>;

/**
 * Relationships that come inside node records (`owner` is the record's node,
 * `target` the referenced one). Re-importing a node replaces its set of them.
 */
const structuralLinks = {
  authored: { owner: 'Paper', target: 'Author', type: 'AUTHORED', inbound: true, ordered: true },
  about: { owner: 'Paper', target: 'Topic', type: 'ABOUT', inbound: false, ordered: false },
  inTopic: { owner: 'Technique', target: 'Topic', type: 'IN_TOPIC', inbound: false, ordered: false },
  subtopicOf: { owner: 'Topic', target: 'Topic', type: 'SUBTOPIC_OF', inbound: false, ordered: false },
} as const;
export type StructuralLink = keyof typeof structuralLinks;
export const structuralLinkNames = Object.keys(structuralLinks) as StructuralLink[];

const linkQueries = Object.fromEntries(
  structuralLinkNames.map((link) => {
    const { owner, target, type, inbound, ordered } = structuralLinks[link];
    const rel = (v: string) => (inbound ? `<-[${v}:${type}]-` : `-[${v}:${type}]->`);
    return [
      link,
      {
        name: `import-${link}`,
        cypher: `
          UNWIND $rows AS r
          MATCH (n:${owner} {id: r.id})
          OPTIONAL MATCH (n)${rel('old')}(x:${target}) WHERE NOT x.id IN r.refs
          DELETE old
          WITH DISTINCT n, r
          UNWIND range(0, size(r.refs) - 1) AS i
          MATCH (t:${target} {id: r.refs[i]})
          MERGE (n)${rel('w')}(t)
          ${ordered ? 'SET w.position = i + 1' : ''}
          RETURN count(*) AS written`,
      },
    ];
  }),
) as Record<StructuralLink, Query>;

const edgeEnds: Record<LineageRelation, [string, string]> = {
  INTRODUCES: ['Paper', 'Technique'],
  USES: ['Paper', 'Technique'],
  BUILDS_ON: ['Technique', 'Technique'],
  CITES: ['Paper', 'Paper'],
};
export const lineageRelationNames = Object.keys(edgeEnds) as LineageRelation[];

const edgeQueries = Object.fromEntries(
  lineageRelationNames.map((relation) => {
    const [fromLabel, toLabel] = edgeEnds[relation];
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
          WITH e, r, properties(e) AS before
          SET e.evidence = r.evidence, e.confidence = r.confidence, e.source = r.source
          RETURN count(*) AS written, ${changed('e')} AS updated`,
      },
    ];
  }),
) as Record<LineageRelation, Query>;

/** Sets Paper.citationCount to the number of citing papers, for the papers $ids. */
const recountCitations: Query = {
  name: 'import-recount-citations',
  cypher: `
    UNWIND $ids AS id
    MATCH (b:Paper {id: id})
    SET b.citationCount = COUNT { (b)<-[:CITES]-(:Paper) }`,
};

/** Relationship types the cycle check follows (both are Topic→Topic or Technique→Technique). */
const acyclic = { SUBTOPIC_OF: 'Topic', BUILDS_ON: 'Technique' } as const;
export type AcyclicRelation = keyof typeof acyclic;
const outEdgeQueries = Object.fromEntries(
  (Object.keys(acyclic) as AcyclicRelation[]).map((rel) => [
    rel,
    {
      name: `import-out-${rel.toLowerCase()}`,
      cypher: `UNWIND $ids AS id MATCH (a:${acyclic[rel]} {id: id})-[:${rel}]->(b:${acyclic[rel]}) RETURN a.id AS from, b.id AS to`,
    },
  ]),
) as Record<AcyclicRelation, Query>;

export interface LinkRow {
  id: string;
  refs: string[];
}
export interface EdgeRow {
  from: string;
  to: string;
  evidence: string;
  confidence: number;
  source: string;
  recordedAt: string | null;
}
/** An id a batch relies on, with the node type it must have. */
export interface Need {
  id: string;
  type: NodeType;
}

export interface BatchCounters extends WriteCounters {
  /** Existing nodes or lineage edges whose properties changed. */
  nodesUpdated: number;
  relationshipsUpdated: number;
}

/** A batch found some of the nodes it relies on gone; its transaction was rolled back. */
export class IncompleteBatchError extends Error {
  constructor(
    /** Indexes into the batch's `needs` of the entries with no node in the graph. */
    readonly missing: number[],
  ) {
    super(`${missing.length} referenced node(s) are not in the graph`);
    this.name = 'IncompleteBatchError';
  }
}

const zero = (): BatchCounters => ({
  nodesCreated: 0,
  nodesDeleted: 0,
  relationshipsCreated: 0,
  relationshipsDeleted: 0,
  propertiesSet: 0,
  nodesUpdated: 0,
  relationshipsUpdated: 0,
});

function add(sum: BatchCounters, c: Partial<BatchCounters>): void {
  for (const key of Object.keys(sum) as (keyof BatchCounters)[]) sum[key] += c[key] ?? 0;
}

/** Batched, parameterised writes for the importer. Each write call is one transaction: all of it lands, or none. */
export class ImportStore {
  constructor(private readonly executor: Executor) {}

  /** The node types each of `ids` has in the graph. */
  async typesOf(ids: string[]): Promise<Map<string, NodeType[]>> {
    const out = new Map<string, NodeType[]>();
    for (const row of await this.executor.read(typesOfQuery, { ids })) {
      const id = row.id as string;
      out.set(id, [...(out.get(id) ?? []), row.type as NodeType]);
    }
    return out;
  }

  /** The `relation` edges leaving the nodes `ids`, as [from, to] pairs. */
  async outEdges(relation: AcyclicRelation, ids: string[]): Promise<[string, string][]> {
    const rows = await this.executor.read(outEdgeQueries[relation], { ids });
    return rows.map((r) => [r.from as string, r.to as string]);
  }

  /** MERGE nodes by id and set their properties, all types in one transaction. */
  writeNodes(rows: Partial<Record<NodeType, Record<string, unknown>[]>>): Promise<BatchCounters> {
    return this.executor.writeTx('import-nodes', async (tx) => {
      const sum = zero();
      for (const type of nodeTypes) {
        if (!rows[type]?.length) continue;
        const { rows: out, counters } = await tx.runCounted(upsertQueries[type], { rows: rows[type] });
        add(sum, { ...counters, nodesUpdated: out[0].updated as number });
      }
      return sum;
    });
  }

  /**
   * Replace structural links and MERGE lineage edges (recordedAt only on
   * create), in one transaction. If any row lost an endpoint the transaction
   * is rolled back and IncompleteBatchError names the missing `needs`.
   */
  writeRelationships(batch: {
    links: Partial<Record<StructuralLink, LinkRow[]>>;
    edges: Partial<Record<LineageRelation, EdgeRow[]>>;
    needs: Need[];
  }): Promise<BatchCounters> {
    return this.executor.writeTx('import-relationships', async (tx) => {
      const sum = zero();
      let complete = true;
      for (const link of structuralLinkNames) {
        const rows = batch.links[link];
        if (!rows?.length) continue;
        const { rows: out, counters } = await tx.runCounted(linkQueries[link], { rows });
        add(sum, counters);
        complete &&= out[0].written === rows.reduce((n, r) => n + r.refs.length, 0);
      }
      const now = new Date().toISOString();
      for (const relation of lineageRelationNames) {
        const rows = batch.edges[relation];
        if (!rows?.length) continue;
        const { rows: out, counters } = await tx.runCounted(edgeQueries[relation], { rows, now });
        add(sum, { ...counters, relationshipsUpdated: out[0].updated as number });
        complete &&= out[0].written === rows.length;
      }
      if (!complete) await this.failWithMissing(tx, batch.needs);
      return sum;
    });
  }

  /**
   * Recount Paper.citationCount for `ids` (the papers an import's CITES edges
   * point at), once after all its batches rather than in every batch, in
   * transactions of `batch` papers.
   */
  async recountCitations(ids: Iterable<string>, batch = 10_000): Promise<void> {
    let chunk: string[] = [];
    for (const id of ids) {
      chunk.push(id);
      if (chunk.length >= batch) {
        await this.executor.write(recountCitations, { ids: chunk });
        chunk = [];
      }
    }
    if (chunk.length) await this.executor.write(recountCitations, { ids: chunk });
  }

  private async failWithMissing(tx: WriteTx, needs: Need[]): Promise<never> {
    const rows = needs.length ? await tx.run(missingQuery, { needs }) : [];
    throw new IncompleteBatchError(rows.map((r) => r.i as number));
  }
}
