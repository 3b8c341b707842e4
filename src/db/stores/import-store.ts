import {
  acyclicRelations,
  labelOf,
  labels,
  lineageRelations,
  listedRelations,
  nodeTypes,
  recount,
  type StoredRow,
  setProperties,
  setRelationship,
  structuralRelations,
  touch,
} from '../../graph/derive.js';
import {
  type AcyclicRelation,
  type Label,
  type LineageRelation,
  type NodeType,
  relationships,
  type StructuralRelation,
} from '../../graph/model.js';
import type { Executor, Query, WriteCounters, WriteTx } from '../executor.js';
import { oneRow } from '../one-row.js';
import { type WritePath, write, writeTx } from '../writes.js';
import { createEdgeQueries, createLinkQueries, linkOwner } from './import-create.js';

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

/** `changed` counts entities that existed before (more than the key set by MERGE) and whose properties differ now. */
const changed = (v: string) => `count(CASE WHEN size(keys(before)) > 1 AND before <> properties(${v}) THEN 1 END)`;

/** Per label: MERGE rows (src/graph/derive.ts storedRow) by id and store them as the model says. */
const upsertQueries = Object.fromEntries(
  labels.map((label) => [
    label,
    {
      name: `import-${label.toLowerCase()}s`,
      cypher: `
        UNWIND $rows AS r
        MERGE (n:${label} {id: r.id})
        WITH n, r, properties(n) AS before
        SET ${setProperties(label, 'n', 'r')}${label === 'Paper' ? ', n.source = coalesce(n.source, r.source)' : ''}
        ${touch(label, 'n', 'before')}
        RETURN ${changed('n')} AS updated, collect(CASE WHEN size(keys(before)) = 1 THEN '${label}:' + n.id END) AS created`,
    },
  ]),
) as Record<Label, Query>;

/**
 * Per structural relation (listed in its owner's record): replace the owner's set of them
 * with `r.refs`, numbering them when the model gives them a position.
 */
const linkQueries = Object.fromEntries(
  nodeTypes.flatMap((t) =>
    listedRelations[t].map(({ type, inbound, position }) => {
      const owner = labelOf[t];
      const target = inbound ? relationships[type].from : relationships[type].to;
      const rel = (v: string) => (inbound ? `<-[${v}:${type}]-` : `-[${v}:${type}]->`);
      return [
        type,
        {
          name: `import-${type.toLowerCase()}`,
          cypher: `
          UNWIND $rows AS r
          MATCH (n:${owner} {id: r.id})
          OPTIONAL MATCH (n)${rel('old')}(x:${target}) WHERE NOT x.id IN r.refs
          DELETE old
          WITH DISTINCT n, r
          UNWIND range(0, size(r.refs) - 1) AS i
          MATCH (t:${target} {id: r.refs[i]})
          MERGE (n)${rel('w')}(t)
          ${position ? `SET w.${position} = i + 1` : ''}
          RETURN count(*) AS written`,
        },
      ];
    }),
  ),
) as Record<StructuralRelation, Query>;

const edgeQueries = Object.fromEntries(
  lineageRelations.map((relation) => {
    const { from, to } = relationships[relation];
    const set = setRelationship(relation, 'e', 'r');
    return [
      relation,
      {
        name: `import-${relation.toLowerCase()}`,
        cypher: `
          UNWIND $rows AS r
          MATCH (a:${from} {id: r.from})
          MATCH (b:${to} {id: r.to})
          MERGE (a)-[e:${relation}]->(b)
          ON CREATE SET ${set.onCreate}
          WITH e, r, properties(e) AS before
          SET ${set.always}
          RETURN count(*) AS written, ${changed('e')} AS updated`,
      },
    ];
  }),
) as Record<LineageRelation, Query>;

/** Recomputes the maintained properties (citationCount) of the papers $ids. */
const recountCitations: Query = {
  name: 'import-recount-citations',
  cypher: `
    UNWIND $ids AS id
    MATCH (b:Paper {id: id})
    SET ${recount('Paper', 'b')}`,
};

/** Relationship types the cycle check follows (both are Topic→Topic or Technique→Technique). */
const outEdgeQueries = Object.fromEntries(
  acyclicRelations.map((rel) => {
    const { from, to } = relationships[rel];
    return [
      rel,
      {
        name: `import-out-${rel.toLowerCase()}`,
        cypher: `UNWIND $ids AS id MATCH (a:${from} {id: id})-[:${rel}]->(b:${to}) RETURN a.id AS from, b.id AS to`,
      },
    ];
  }),
) as Record<AcyclicRelation, Query>;

export interface LinkRow {
  id: string;
  refs: string[];
}
/** A lineage edge's write row: its ends' ids and its properties (src/graph/model.ts), absent ones null. */
export interface EdgeRow {
  from: string;
  to: string;
  [property: string]: unknown;
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
  constructor(
    private readonly executor: Executor,
    /** Which write path these writes are, for onCommitted listeners (src/db/writes.ts). */
    private readonly path: WritePath = 'import',
  ) {}

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

  /**
   * MERGE nodes by id and set their properties (rows from src/graph/derive.ts storedRow), all
   * labels in one transaction. `created`: the nodes it created, as `<Label>:<id>`.
   */
  writeNodes(rows: Partial<Record<Label, StoredRow[]>>): Promise<BatchCounters & { created: string[] }> {
    return writeTx(this.executor, this.path, 'import-nodes', async (tx) => {
      const sum = zero();
      const created: string[] = [];
      for (const label of labels) {
        if (!rows[label]?.length) continue;
        const query = upsertQueries[label];
        const { rows: out, counters } = await tx.runCounted(query, { rows: rows[label] });
        const row = oneRow(out, query);
        add(sum, { ...counters, nodesUpdated: row.updated as number });
        for (const id of row.created as string[]) created.push(id);
      }
      return { ...sum, created };
    });
  }

  /**
   * Replace structural links and MERGE lineage edges (recordedAt only on
   * create), in one transaction. If any row lost an endpoint the transaction
   * is rolled back and IncompleteBatchError names the missing `needs`. Links of owners and
   * edges from nodes in `fresh` (`<Label>:<id>` of the nodes this import created; an import
   * writes each list and edge once) are CREATEd; the rest replaced / MERGEd.
   */
  writeRelationships(batch: {
    links: Partial<Record<StructuralRelation, LinkRow[]>>;
    edges: Partial<Record<LineageRelation, EdgeRow[]>>;
    needs: Need[];
    fresh?: ReadonlySet<string>;
  }): Promise<BatchCounters> {
    const fresh = batch.fresh ?? new Set<string>();
    const isNew = (link: StructuralRelation) => (r: LinkRow) =>
      fresh.has(`${linkOwner[link]}:${r.id}`) && new Set(r.refs).size === r.refs.length;
    return writeTx(this.executor, this.path, 'import-relationships', async (tx) => {
      const sum = zero();
      let complete = true;
      for (const link of structuralRelations) {
        const all = batch.links[link] ?? [];
        for (const [query, rows] of [
          [linkQueries[link], all.filter((r) => !isNew(link)(r))],
          [createLinkQueries[link], all.filter(isNew(link))],
        ] as const) {
          if (!rows.length) continue;
          const { rows: out, counters } = await tx.runCounted(query, { rows });
          add(sum, counters);
          complete &&= oneRow(out, query).written === rows.reduce((n, r) => n + r.refs.length, 0);
        }
      }
      const now = new Date().toISOString();
      for (const relation of lineageRelations) {
        const all = batch.edges[relation] ?? [];
        const isNew = (r: EdgeRow) => fresh.has(`${relationships[relation].from}:${r.from}`);
        for (const [query, rows] of [
          [edgeQueries[relation], all.filter((r) => !isNew(r))],
          [createEdgeQueries[relation], all.filter(isNew)],
        ] as const) {
          if (!rows.length) continue;
          const { rows: out, counters } = await tx.runCounted(query, { rows, now });
          const row = oneRow(out, query);
          add(sum, { ...counters, relationshipsUpdated: (row.updated as number | undefined) ?? 0 });
          complete &&= row.written === rows.length;
        }
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
        await write(this.executor, this.path, recountCitations, { ids: chunk });
        chunk = [];
      }
    }
    if (chunk.length) await write(this.executor, this.path, recountCitations, { ids: chunk });
  }

  private async failWithMissing(tx: WriteTx, needs: Need[]): Promise<never> {
    const rows = needs.length ? await tx.run(missingQuery, { needs }) : [];
    throw new IncompleteBatchError(rows.map((r) => r.i as number));
  }
}
