import {
  labelOf,
  lineageRelations,
  listedRelations,
  nodeTypes,
  setRelationship,
  structuralRelations,
} from '../../graph/derive.js';
import { type LineageRelation, relationships, type StructuralRelation } from '../../graph/model.js';
import type { Query } from '../executor.js';
import { changed, combined } from './import-combined.js';
import { createEdgeQueries, createLinkQueries } from './import-create.js';

/** The importer's relationship statements (ImportStore.writeRelationships). */

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

/** The relationship kinds an import writes, in order: structural links, then lineage edges. */
export const relationKinds = [...structuralRelations, ...lineageRelations];
/** All kinds' replace/MERGE statements as one, and all kinds' CREATE statements (import-create.ts) as one. */
export const replaceQuery = combined('import-relationships', [
  ...structuralRelations.map((k) => [k, linkQueries[k]] as const),
  ...lineageRelations.map((k) => [k, edgeQueries[k]] as const),
]);
export const createQuery = combined('import-create-relationships', [
  ...structuralRelations.map((k) => [k, createLinkQueries[k]] as const),
  ...lineageRelations.map((k) => [k, createEdgeQueries[k]] as const),
]);
