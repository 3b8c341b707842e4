import { type LineageRelation, lineageRelations, relationEnds } from '../../ingest/records.js';
import type { Executor, Query } from '../executor.js';
import { nodeProperties } from './import-store.js';
import { type PaperKindValue, type PaperRow, paperMap } from './paper-rows.js';
import { techniqueMap } from './technique-rows.js';
import type { LineageStepRow } from './technique-store.js';

/**
 * The API's writes. Each method is one write transaction: it checks what the
 * input refers to first and writes nothing when a check fails (the result
 * says why), so a failed mutation leaves the graph as it was.
 */

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** Labels a mutation may look up or link (a whitelist: labels never come from input). */
const labels = ['Paper', 'Author', 'Topic', 'Technique'] as const;
export type Label = (typeof labels)[number];

const labelOf = (type: string) => labels.find((l) => l.toLowerCase() === type) as Label;

/** The `needs` ({id, label}) that have no node with that label. */
const missingQuery = q(
  'write-missing',
  `UNWIND $needs AS x
   WITH x WHERE NOT (${labels.map((l) => `(x.label = '${l}' AND EXISTS { MATCH (:${l} {id: x.id}) })`).join(' OR ')})
   RETURN DISTINCT x.id AS id, x.label AS label`,
);

/** Replace the paper's `rel` links to techniques with `$<list>` (MERGEd; provenance "api", recordedAt on create). */
const techniqueLinks = (rel: 'INTRODUCES' | 'USES', list: string) => `
  CALL (p) {
    MATCH (p)-[old:${rel}]->(x:Technique) WHERE NOT x.id IN [l IN $${list} | l.technique]
    DELETE old
  }
  CALL (p) {
    UNWIND $${list} AS l
    MATCH (x:Technique {id: l.technique})
    MERGE (p)-[e:${rel}]->(x)
    ON CREATE SET e.recordedAt = datetime()
    SET e.evidence = l.evidence, e.confidence = l.confidence, e.source = 'api'
  }`;

/** Create or update a paper; its authors (in order), topics and technique links become exactly the ones given. */
const upsertPaperQuery = q(
  'write-upsert-paper',
  `MERGE (n:Paper {id: $paper.id})
   WITH n, $paper AS r
   SET ${nodeProperties.paper}
   WITH n AS p
   CALL (p) {
     UNWIND $newAuthors AS r
     MERGE (n:Author {id: r.id})
     ON CREATE SET ${nodeProperties.author}
   }
   CALL (p) {
     MATCH (p)<-[old:AUTHORED]-(a:Author) WHERE NOT a.id IN $authors
     DELETE old
   }
   CALL (p) {
     UNWIND range(0, size($authors) - 1) AS i
     MATCH (a:Author {id: $authors[i]})
     MERGE (p)<-[w:AUTHORED]-(a)
     SET w.position = i + 1
   }
   CALL (p) {
     MATCH (p)-[old:ABOUT]->(t:Topic) WHERE NOT t.id IN $topics
     DELETE old
   }
   CALL (p) {
     UNWIND $topics AS id
     MATCH (t:Topic {id: id})
     MERGE (p)-[:ABOUT]->(t)
   }
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

/** MERGE one lineage edge; CITES also recounts the cited paper's citationCount. */
const edgeQueries = Object.fromEntries(
  lineageRelations.map((relation) => {
    const from = labelOf(relationEnds[relation].from);
    const to = labelOf(relationEnds[relation].to);
    return [
      relation,
      q(
        `write-lineage-${relation.toLowerCase()}`,
        `MATCH (a:${from} {id: $from})
         MATCH (b:${to} {id: $to})
         MERGE (a)-[e:${relation}]->(b)
         ON CREATE SET e.recordedAt = datetime()
         SET e.evidence = $evidence, e.confidence = $confidence, e.source = 'api'
         ${relation === 'CITES' ? 'SET b.citationCount = COUNT { (b)<-[:CITES]-(:Paper) }' : ''}
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
     SET c.citationCount = COUNT { (c)<-[:CITES]-(:Paper) }
   }
   RETURN id`,
);

export interface PaperWrite {
  paper: {
    id: string;
    title: string;
    abstract: string | null;
    published: string;
    arxivId: string | null;
    url: string | null;
    kind: PaperKindValue;
  };
  /** Author ids in byline order; each must exist or be in `newAuthors`. */
  authors: string[];
  /** Authors to create when missing (an existing author with the id is left as it is). */
  newAuthors: { id: string; name: string; kind: 'person' | 'organization' }[];
  topics: string[];
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
    const newIds = new Set(write.newAuthors.map((a) => a.id));
    const needs: MissingNode[] = [
      ...write.authors.filter((id) => !newIds.has(id)).map((id) => ({ id, label: 'Author' as const })),
      ...write.topics.map((id) => ({ id, label: 'Topic' as const })),
      ...[...write.introduces, ...write.uses].map((l) => ({ id: l.technique, label: 'Technique' as const })),
    ];
    return this.executor.writeTx('upsert-paper', async (tx) => {
      const missing = needs.length ? ((await tx.run(missingQuery, { needs })) as unknown as MissingNode[]) : [];
      if (missing.length) return { ok: false, missing };
      // New authors are stored as the importer stores an author record without aliases.
      const newAuthors = write.newAuthors.map((a) => ({ ...a, aliases: [] }));
      const [row] = await tx.run(upsertPaperQuery, { ...write, newAuthors });
      return { ok: true, paper: row.row as PaperRow };
    });
  }

  addLineage(edge: EdgeWrite): Promise<AddLineageResult> {
    const expected = {
      from: labelOf(relationEnds[edge.relation].from),
      to: labelOf(relationEnds[edge.relation].to),
    };
    return this.executor.writeTx('add-lineage', async (tx) => {
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
      const [row] = await tx.run(edgeQueries[edge.relation], { ...edge });
      return { ok: true, step: row.step as LineageStepRow };
    });
  }

  /** The number of relationships removed with the paper, or null when there is no such paper. */
  deletePaper(id: string): Promise<{ deletedId: string; relationshipsDeleted: number } | null> {
    return this.executor.writeTx('delete-paper', async (tx) => {
      const { rows, counters } = await tx.runCounted(deletePaperQuery, { id });
      return rows.length
        ? { deletedId: rows[0].id as string, relationshipsDeleted: counters.relationshipsDeleted }
        : null;
    });
  }
}
