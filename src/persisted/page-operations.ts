/**
 * Every GraphQL document the pages (/explore, /dashboard) send, exactly as they send it. The pages
 * (src/web/, bundled by esbuild) import it, and so does src/persisted/sources.ts: no DOM here.
 * `npm run operations:extract` so puts each document in the persisted-operations manifest
 * (operations.json), and the pages keep working under PERSISTED_OPERATIONS=only (src/web/api.ts
 * then sends the documents' ids).
 */

// Explorer (src/web/explore-data.ts).
// Paths name their nodes only: the papers' details come with each answer (the cost limit counts every field).
const lineageNode = '__typename ... on Paper { key title } ... on Technique { key name }';

export const LINEAGE_QUERY = `query ExplorerLineage($technique: String!, $maxDepth: Int!, $minConfidence: Float!) {
  technique(name: $technique) {
    key name
    ancestors(maxDepth: $maxDepth) { depth technique { key name } path { from { ${lineageNode} } relation to { ${lineageNode} } evidence confidence } }
  }
  papersBuildingOn(technique: $technique, maxDepth: $maxDepth, minConfidence: $minConfidence, first: 50) {
    totalCount
    edges { depth node { key title year citationCount url } path { from { ${lineageNode} } relation to { ${lineageNode} } evidence confidence } }
  }
}`;

export const GRAPH_QUERY = `query ExplorerGraph($seeds: [ID!]!, $depth: Int!, $limit: Int!) {
  graph(seeds: $seeds, depth: $depth, limit: $limit) {
    nodes { id type title subtitle year citationCount hiddenNeighbors }
    edges { id from to relation evidence confidence source }
    truncated
  }
}`;

export const PATH_QUERY = `query ExplorerWhoConnects($from: ID!, $to: ID!) {
  collaborationPath(from: $from, to: $to) {
    length
    authors { key name }
    steps { from { key } to { key } paper { key title year citationCount url } }
  }
}`;

export const SEARCH_QUERY = `query ExplorerSearch($query: String!) {
  search(query: $query, first: 10) {
    score
    node { __typename ... on Paper { key title year } ... on Author { key name } ... on Technique { key name } ... on Topic { key name } }
  }
}`;

// Dashboard (src/web/dashboard.ts).
export const PAPERS_PER_YEAR = 'query PapersPerYear { stats { papersPerYear { year count } } }';
export const TOP_AUTHORS = 'query TopAuthors { stats { topAuthors(first: 10) { paperCount author { key name } } } }';
export const TOP_TECHNIQUES =
  'query TopTechniques { stats { topTechniques(first: 10) { paperCount technique { key name } } } }';
export const TOPICS =
  'query TopicBreakdown { stats { topicBreakdown { paperCount topic { key name } children { paperCount topic { name } } } } }';

/** One query for the techniques picked: an alias per technique, all years from the earliest to the latest. */
export function adoptionQuery(techniques: string[]) {
  const args = techniques.map((_, i) => `$t${i}: String!`).join(', ');
  const fields = techniques.map((_, i) => `t${i}: techniqueAdoption(technique: $t${i}) { year count }`).join(' ');
  return {
    query: `query TechniqueAdoption(${args}) { stats { ${fields} } }`,
    variables: Object.fromEntries(techniques.map((t, i) => [`t${i}`, t])),
  };
}

/** The most techniques the adoption chart compares: one document per count, all in the manifest. */
export const MAX_ADOPTION_SERIES = 10;

/** Every document above, as sent (the adoption query once per number of techniques). */
export const pageDocuments = (): string[] => [
  LINEAGE_QUERY,
  GRAPH_QUERY,
  PATH_QUERY,
  SEARCH_QUERY,
  PAPERS_PER_YEAR,
  TOP_AUTHORS,
  TOP_TECHNIQUES,
  TOPICS,
  ...Array.from({ length: MAX_ADOPTION_SERIES }, (_, i) => adoptionQuery(Array(i + 1).fill('')).query),
];
