import {
  labels,
  lineageRelations,
  listedRelations,
  maintainedProperties,
  recount,
  setProperties,
  setRelationship,
  storedRow,
  touch,
} from '../../graph/derive.js';
import {
  type AuthorKind,
  type Label,
  type LineageRelation,
  type PaperInput,
  relationships,
} from '../../graph/model.js';
import type { Executor, Query } from '../executor.js';
import { oneRow } from '../one-row.js';
import { writeTx } from '../writes.js';
import { type PaperRow, paperMap } from './paper-rows.js';
import { techniqueMap } from './technique-rows.js';
import type { LineageStepRow } from './technique-store.js';

/**
 * The API's writes. Each method is one write transaction: it checks what the
 * input refers to first and writes nothing when a check fails (the result
 * says why), so a failed mutation leaves the graph as it was. Nodes and
 * relationships are stored as the graph model says (src/graph/model.ts), the
 * same way the importer stores them.
 */

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** Provenance of the edges the API writes. */
const source = 'api';

/** The `needs` ({id, label}) that have no node with that label. */
const missingQuery = q(
  'write-missing',
  `UNWIND $needs AS x
   WITH x WHERE NOT (${labels.map((l) => `(x.label = '${l}' AND EXISTS { MATCH (:${l} {id: x.id}) })`).join(' OR ')})
   RETURN DISTINCT x.id AS id, x.label AS label`,
);

/** Replace the paper's `rel` links to techniques with the rows `$<list>` (MERGEd; recordedAt on create). */
const techniqueLinks = (rel: 'INTRODUCES' | 'USES', list: string) => {
  const set = setRelationship(rel, 'e', 'l');
  return `
  CALL (p) {
    MATCH (p)-[old:${rel}]->(x:Technique) WHERE NOT x.id IN [l IN $${list} | l.to]
    DELETE old
  }
  CALL (p) {
    UNWIND $${list} AS l
    MATCH (x:Technique {id: l.to})
    MERGE (p)-[e:${rel}]->(x)
    ON CREATE SET ${set.onCreate}
    SET ${set.always}
  }`;
};

/** Replace the paper's links of each structural relation it lists (authors in byline order, topics) with `$links`. */
const paperLinks = listedRelations.paper
  .map(({ type, position, inbound }) => {
    const { from, to } = relationships[type];
    const target = inbound ? from : to;
    const rel = (v: string) => (inbound ? `<-[${v}:${type}]-` : `-[${v}:${type}]->`);
    return `
   CALL (p) {
     MATCH (p)${rel('old')}(x:${target}) WHERE NOT x.id IN $links.${type}
     DELETE old
   }
   CALL (p) {
     UNWIND range(0, size($links.${type}) - 1) AS i
     MATCH (x:${target} {id: $links.${type}[i]})
     MERGE (p)${rel('w')}(x)
     ${position ? `SET w.${position} = i + 1` : ''}
   }`;
  })
  .join('');

/** Create or update a paper; its authors (in order), topics and technique links become exactly the ones given. */
const upsertPaperQuery = q(
  'write-upsert-paper',
  `MERGE (n:Paper {id: $paper.id})
   WITH n, $paper AS r, properties(n) AS before
   SET ${setProperties('Paper', 'n', 'r')}
   ${touch('Paper', 'n', 'before')}
   WITH n AS p
   CALL (p) {
     UNWIND $newAuthors AS r
     MERGE (n:Author {id: r.id})
     ON CREATE SET ${setProperties('Author', 'n', 'r')}
   }
   ${paperLinks}
   ${techniqueLinks('INTRODUCES', 'introduces')}
   ${techniqueLinks('USES', 'uses')}
   RETURN ${paperMap('p')} AS row`,
);

/** The labels of the two ends of a lineage edge (ids not in the graph give no row). */
const endsQuery = q(
  'write-lineage-ends',
  `UNWIND [$from, $to] AS id
   CALL (id) {
     ${labels.map((l) => `MATCH (:${l} {id: id}) RETURN '${l}' AS label`).join('\n     UNION ALL\n     ')}
   }
   RETURN id, collect(label) AS labels`,
);

/** The chain that a new BUILDS_ON from → to would close into a cycle: to → … → from. */
const cycleQuery = q(
  'write-lineage-cycle',
  `MATCH path = shortestPath((b:Technique {id: $to})-[:BUILDS_ON*]->(a:Technique {id: $from}))
   RETURN [n IN nodes(path) | n.id] AS ids`,
);

const nodeMap = (label: Label, v: string) => (label === 'Paper' ? paperMap(v) : techniqueMap(v));

/** MERGE one lineage edge (row `$edge`); the end's maintained properties (CITES: citationCount) are recounted. */
const edgeQueries = Object.fromEntries(
  lineageRelations.map((relation) => {
    const { from, to } = relationships[relation];
    const set = setRelationship(relation, 'e', 'r');
    const recounted = maintainedProperties[to].length > 0;
    return [
      relation,
      q(
        `write-lineage-${relation.toLowerCase()}`,
        `MATCH (a:${from} {id: $edge.from})
           MATCH (b:${to} {id: $edge.to})
           WITH a, b, $edge AS r
           MERGE (a)-[e:${relation}]->(b)
           ON CREATE SET ${set.onCreate}
           SET ${set.always}
           ${recounted ? `SET ${recount(to, 'b')}` : ''}
           RETURN {from: ${nodeMap(from, 'a')}, relation: type(e), to: ${nodeMap(to, 'b')},
                   evidence: e.evidence, confidence: e.confidence} AS step`,
      ),
    ];
  }),
) as Record<LineageRelation, Query>;

/** Delete a paper and all its relationships; papers it cited get their citationCount recounted. */
const deletePaperQuery = q(
  'write-delete-paper',
  `MATCH (p:Paper {id: $id})
   WITH p, p.id AS id, [(p)-[:CITES]->(c:Paper) WHERE c <> p | c] AS cited
   DETACH DELETE p
   WITH id, cited
   CALL (cited) {
     UNWIND cited AS c
     SET ${recount('Paper', 'c')}
   }
   RETURN id`,
);

export interface PaperWrite {
  /** The paper, with its authors (ids in byline order; each must exist or be in `newAuthors`) and topics. */
  paper: PaperInput;
  /** Authors to create when missing (an existing author with the id is left as it is). */
  newAuthors: { id: string; name: string; kind: AuthorKind }[];
  introduces: TechniqueLink[];
  uses: TechniqueLink[];
}
export interface TechniqueLink {
  technique: string;
  evidence: string;
  confidence: number;
}
export interface EdgeWrite {
  relation: LineageRelation;
  from: string;
  to: string;
  evidence: string;
  confidence: number;
}
export interface MissingNode {
  id: string;
  label: Label;
}

export type UpsertPaperResult = { ok: true; paper: PaperRow } | { ok: false; missing: MissingNode[] };
export type AddLineageResult =
  | { ok: true; step: LineageStepRow }
  /** An end is not in the graph, or has the wrong label: `found` lists each end's labels. */
  | { ok: false; problem: 'ends'; found: { from: Label[]; to: Label[] }; expected: { from: Label; to: Label } }
  /** BUILDS_ON would close a cycle: the ids around it, starting and ending at `from`. */
  | { ok: false; problem: 'cycle'; cycle: string[] };

export class WriteStore {
  constructor(private readonly executor: Executor) {}

  upsertPaper(write: PaperWrite): Promise<UpsertPaperResult> {
    const { paper } = write;
    const newIds = new Set(write.newAuthors.map((a) => a.id));
    const needs: MissingNode[] = [
      ...paper.authors.filter((id) => !newIds.has(id)).map((id) => ({ id, label: 'Author' as const })),
      ...paper.topics.map((id) => ({ id, label: 'Topic' as const })),
      ...[...write.introduces, ...write.uses].map((l) => ({ id: l.technique, label: 'Technique' as const })),
    ];
    const links = Object.fromEntries(listedRelations.paper.map((l) => [l.type, l.refs(paper)]));
    const edge = (l: TechniqueLink) => ({ to: l.technique, evidence: l.evidence, confidence: l.confidence, source });
    return writeTx(this.executor, 'mutation', 'upsert-paper', async (tx) => {
      const missing = needs.length ? ((await tx.run(missingQuery, { needs })) as unknown as MissingNode[]) : [];
      if (missing.length) return { ok: false, missing };
      tx.touchPapers([paper.id]);
      const rows = await tx.run(upsertPaperQuery, {
        paper: storedRow.Paper(paper),
        // New authors are stored as the importer stores an author record without aliases.
        newAuthors: write.newAuthors.map((a) => storedRow.Author({ ...a, aliases: [] })),
        links,
        introduces: write.introduces.map(edge),
        uses: write.uses.map(edge),
        now: new Date().toISOString(),
      });
      return { ok: true, paper: oneRow(rows, upsertPaperQuery).row as PaperRow };
    });
  }

  addLineage(edge: EdgeWrite): Promise<AddLineageResult> {
    const expected = { from: relationships[edge.relation].from, to: relationships[edge.relation].to };
    return writeTx(this.executor, 'mutation', 'add-lineage', async (tx) => {
      const rows = await tx.run(endsQuery, { from: edge.from, to: edge.to });
      const labelsOf = (id: string) => (rows.find((r) => r.id === id)?.labels as Label[] | undefined) ?? [];
      const found = { from: labelsOf(edge.from), to: labelsOf(edge.to) };
      if (!found.from.includes(expected.from) || !found.to.includes(expected.to)) {
        return { ok: false, problem: 'ends', found, expected };
      }
      if (edge.relation === 'BUILDS_ON') {
        const [cycle] = await tx.run(cycleQuery, { from: edge.from, to: edge.to });
        if (cycle) return { ok: false, problem: 'cycle', cycle: [edge.from, ...(cycle.ids as string[])] };
      }
      if (edge.relation === 'BUILDS_ON') tx.touchTechniques([edge.from]);
      else if (edge.relation !== 'CITES') tx.touchPapers([edge.from]);
      const query = edgeQueries[edge.relation];
      const written = await tx.run(query, {
        edge: { from: edge.from, to: edge.to, evidence: edge.evidence, confidence: edge.confidence, source },
        now: new Date().toISOString(),
      });
      return { ok: true, step: oneRow(written, query).step as LineageStepRow };
    });
  }

  /** The number of relationships removed with the paper, or null when there is no such paper. */
  deletePaper(id: string): Promise<{ deletedId: string; relationshipsDeleted: number } | null> {
    return writeTx(this.executor, 'mutation', 'delete-paper', async (tx) => {
      await tx.forgetPapers([id]);
      const { rows, counters } = await tx.runCounted(deletePaperQuery, { id });
      const [row] = rows;
      return row ? { deletedId: row.id as string, relationshipsDeleted: counters.relationshipsDeleted } : null;
    });
  }
}
