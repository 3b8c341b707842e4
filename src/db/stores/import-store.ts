import {
  acyclicRelations,
  labelOf,
  labels,
  lineageRelations,
  nodeTypes,
  recount,
  type StoredRow,
  setProperties,
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
import { changed } from './import-combined.js';
import { linkOwner } from './import-create.js';
import { createQuery, relationKinds, replaceQuery } from './import-relations.js';

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

/** Per label: MERGE rows (src/graph/derive.ts storedRow) by id and store them as the model says. */
const upsertPart = (label: Label) => `
      CALL () {
        UNWIND $${label} AS r
        MERGE (n:${label} {id: r.id})
        WITH n, r, properties(n) AS before
        SET ${setProperties(label, 'n', 'r')}${label === 'Paper' ? ', n.source = coalesce(n.source, r.source)' : ''}
        ${touch(label, 'n', 'before')}
        RETURN ${changed('n')} AS updated${label}, collect(CASE WHEN size(keys(before)) = 1 THEN '${label}:' + n.id END) AS created${label}
      }`;

/**
 * Every label's upsert in one statement ($Author, $Topic, … each a list, empty when none): one
 * plan for all node writes instead of one per label — on a new database each distinct statement's
 * first planning is most of a small import's time (issue #16 section 4). Labels in model order.
 */
const upsertQuery: Query = {
  name: 'import-nodes',
  cypher: `${labels.map(upsertPart).join('')}
      RETURN ${labels.map((l) => `updated${l}, created${l}`).join(', ')}`,
};

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
      const params = Object.fromEntries(labels.map((l) => [l, rows[l] ?? []]));
      const { rows: out, counters } = await tx.runCounted(upsertQuery, params);
      const row = oneRow(out, upsertQuery);
      add(sum, counters);
      for (const label of labels) {
        sum.nodesUpdated += row[`updated${label}`] as number;
        for (const id of row[`created${label}`] as string[]) created.push(id);
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
    // Per kind, the rows for the replacing/merging statement and for the creating one.
    const replace: Record<string, unknown[]> = {};
    const create: Record<string, unknown[]> = {};
    const expected = new Map<string, number>();
    for (const link of structuralRelations) {
      const isNew = (r: LinkRow) => fresh.has(`${linkOwner[link]}:${r.id}`) && new Set(r.refs).size === r.refs.length;
      const all = batch.links[link] ?? [];
      replace[link] = all.filter((r) => !isNew(r));
      create[link] = all.filter(isNew);
      for (const [into, rows] of [
        ['replace', replace[link]],
        ['create', create[link]],
      ] as const)
        expected.set(
          `${into}:${link}`,
          (rows as LinkRow[]).reduce((n, r) => n + r.refs.length, 0),
        );
    }
    for (const relation of lineageRelations) {
      const isNew = (r: EdgeRow) => fresh.has(`${relationships[relation].from}:${r.from}`);
      const all = batch.edges[relation] ?? [];
      replace[relation] = all.filter((r) => !isNew(r));
      create[relation] = all.filter(isNew);
      expected.set(`replace:${relation}`, replace[relation].length);
      expected.set(`create:${relation}`, create[relation].length);
    }
    return writeTx(this.executor, this.path, 'import-relationships', async (tx) => {
      const sum = zero();
      let complete = true;
      const now = new Date().toISOString();
      for (const [into, query, rows] of [
        ['replace', replaceQuery, replace],
        ['create', createQuery, create],
      ] as const) {
        if (!Object.values(rows).some((r) => r.length)) continue;
        const { rows: out, counters } = await tx.runCounted(query, { ...rows, now });
        const row = oneRow(out, query);
        add(sum, counters);
        for (const kind of relationKinds) {
          sum.relationshipsUpdated += (row[`updated_${kind}`] as number | undefined) ?? 0;
          complete &&= row[`written_${kind}`] === expected.get(`${into}:${kind}`);
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
