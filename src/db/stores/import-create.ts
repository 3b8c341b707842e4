import { labelOf, lineageRelations, listedRelations, nodeTypes, setRelationship } from '../../graph/derive.js';
import { type Label, type LineageRelation, relationships, type StructuralRelation } from '../../graph/model.js';
import type { Query } from '../executor.js';

/**
 * The transactional importer's writes for nodes it created in this run
 * (ImportStore.writeRelationships): such a node has no links or edges from
 * before, and an import writes each owner's list and each edge once, so they
 * are CREATEd — no delete pass, no MERGE (which locks and scans) per edge.
 */

/** The label of the node whose record lists each structural relation. */
export const linkOwner = Object.fromEntries(
  nodeTypes.flatMap((t) => listedRelations[t].map(({ type }) => [type, labelOf[t]])),
) as Record<StructuralRelation, Label>;

/**
 * The same for owners this import created (no link of theirs predates it, and the import
 * writes an owner's list once): plain CREATE, no delete pass, no MERGE per link.
 */
export const createLinkQueries = Object.fromEntries(
  nodeTypes.flatMap((t) =>
    listedRelations[t].map(({ type, inbound, position }) => {
      const owner = labelOf[t];
      const target = inbound ? relationships[type].from : relationships[type].to;
      const rel = inbound ? `<-[w:${type}]-` : `-[w:${type}]->`;
      return [
        type,
        {
          name: `import-create-${type.toLowerCase()}`,
          cypher: `
          UNWIND $rows AS r
          MATCH (n:${owner} {id: r.id})
          UNWIND range(0, size(r.refs) - 1) AS i
          MATCH (t:${target} {id: r.refs[i]})
          CREATE (n)${rel}(t)
          ${position ? `SET w.${position} = i + 1` : ''}
          RETURN count(*) AS written`,
        },
      ];
    }),
  ),
) as Record<StructuralRelation, Query>;

/**
 * Lineage edges whose `from` node this import created: the import holds each edge once
 * (validation), so none can exist yet — CREATE instead of MERGE.
 */
export const createEdgeQueries = Object.fromEntries(
  lineageRelations.map((relation) => {
    const { from, to } = relationships[relation];
    const set = setRelationship(relation, 'e', 'r');
    return [
      relation,
      {
        name: `import-create-${relation.toLowerCase()}`,
        cypher: `
          UNWIND $rows AS r
          MATCH (a:${from} {id: r.from})
          MATCH (b:${to} {id: r.to})
          CREATE (a)-[e:${relation}]->(b)
          SET ${[set.onCreate, set.always].filter(Boolean).join(', ')}
          RETURN count(*) AS written`,
      },
    ];
  }),
) as Record<LineageRelation, Query>;
