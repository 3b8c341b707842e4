// biome-ignore-all lint/suspicious/noExplicitAny: response bodies of three different servers, reduced to ids.
import { luceneQuery } from '../src/db/stores/search-store.js';

/**
 * The benchmark's operations. Each has the GraphQL document for papergraph and
 * for @neo4j/graphql, the floor's endpoint, and for each server a function that
 * reduces its answer to comparable ids (the correctness gate).
 */

export interface Inputs {
  /** A paper with several authors, one of them prolific. */
  paperId: string;
  year: number;
  /** A leaf topic with many papers. */
  topicId: string;
  /** The technique with the most BUILDS_ON in-degree. */
  hubTechniqueId: string;
  /** The person with the most papers. */
  prolificAuthorId: string;
  pathFrom: string;
  pathTo: string;
  searchText: string;
}

export type ServerName = 'papergraph' | 'neo4j-graphql' | 'floor';

export interface Request {
  path: string;
  body: string;
}

export interface Operation {
  name: string;
  /** How the answers are compared: 'ids' must match exactly; 'length' only the path length (ties differ). */
  request: Record<ServerName, Request>;
  /** Reduce a parsed response body to a comparable value. */
  key: Record<ServerName, (body: any) => unknown>;
}

const gql = (query: string, variables: Record<string, unknown>): Request => ({
  path: '/graphql',
  body: JSON.stringify({ query: query.replace(/\s+/g, ' ').trim(), variables }),
});
const floor = (name: string, params: Record<string, unknown>): Request => ({
  path: `/op/${name}`,
  body: JSON.stringify(params),
});
const r = (body: any) => body.result;

/** The per-index Lucene queries papergraph's SearchStore builds (boosted fields; literal terms). */
export function searchQueries(text: string): Record<string, string> {
  const terms = luceneQuery(text);
  const fields: Record<string, [string, number][]> = {
    PAPER: [
      ['title', 3],
      ['abstract', 1],
    ],
    AUTHOR: [
      ['name', 3],
      ['aliasText', 3],
    ],
    TOPIC: [
      ['name', 3],
      ['description', 1],
    ],
    TECHNIQUE: [
      ['name', 3],
      ['aliasText', 3],
      ['description', 1],
    ],
  };
  return Object.fromEntries(
    Object.entries(fields).map(([type, list]) => [
      type,
      list.map(([f, boost]) => `${f}:(${terms})${boost > 1 ? `^${boost}` : ''}`).join(' '),
    ]),
  );
}

const techniquesOf = (q: any) => [
  ...(q.introduces ?? []).map((x: any) => `INTRODUCES ${x.id}`),
  ...(q.uses ?? []).map((x: any) => `USES ${x.id}`),
];

export function operations(i: Inputs): Operation[] {
  return [
    {
      name: 'paper',
      request: {
        papergraph: gql(
          `query($id: ID!) { paper(id: $id) { key title published authors { key name } topics { key name } } }`,
          { id: i.paperId },
        ),
        'neo4j-graphql': gql(
          `query($id: ID!) { papers(where: {id: {eq: $id}}) { id title published
             authorsConnection(sort: [{edge: {position: ASC}}]) { edges { node { id name } } }
             topics(sort: [{name: ASC}]) { id name } } }`,
          { id: i.paperId },
        ),
        floor: floor('paper', { id: i.paperId }),
      },
      key: {
        papergraph: (b) => [
          b.data.paper.key,
          ...b.data.paper.authors.map((a: any) => a.key),
          ...b.data.paper.topics.map((t: any) => t.key),
        ],
        'neo4j-graphql': (b) => {
          const p = b.data.papers[0];
          return [p.id, ...p.authorsConnection.edges.map((e: any) => e.node.id), ...p.topics.map((t: any) => t.id)];
        },
        floor: (b) => [r(b).id, ...r(b).authors.map((a: any) => a.id), ...r(b).topics.map((t: any) => t.id)],
      },
    },
    {
      name: 'papersPage',
      request: {
        papergraph: gql(
          `query($y: Int!, $t: String!) { papers(first: 20, where: {yearFrom: $y, yearTo: $y, topic: $t}) {
             totalCount edges { node { key title published } } } }`,
          { y: i.year, t: i.topicId },
        ),
        'neo4j-graphql': gql(
          `query($where: PaperWhere!) {
             papers(where: $where, sort: [{published: DESC}, {id: ASC}], limit: 20) { id title published }
             papersConnection(where: $where) { totalCount } }`,
          {
            where: {
              year: { eq: i.year },
              OR: [
                { topics: { some: { id: { eq: i.topicId } } } },
                { topics: { some: { parent: { id: { eq: i.topicId } } } } },
              ],
            },
          },
        ),
        floor: floor('papersPage', { year: i.year, topic: i.topicId }),
      },
      key: {
        papergraph: (b) => [b.data.papers.totalCount, ...b.data.papers.edges.map((e: any) => e.node.key)],
        'neo4j-graphql': (b) => [b.data.papersConnection.totalCount, ...b.data.papers.map((p: any) => p.id)],
        floor: (b) => [r(b).totalCount, ...r(b).items.map((p: any) => p.id)],
      },
    },
    {
      name: 'nested',
      request: {
        papergraph: gql(
          `query($id: ID!) { paper(id: $id) { key title authors { key name papers(first: 5) { edges { node {
             key title techniques { role technique { key name } } } } } } } }`,
          { id: i.paperId },
        ),
        'neo4j-graphql': gql(
          `query($id: ID!) { papers(where: {id: {eq: $id}}) { id title
             authorsConnection(sort: [{edge: {position: ASC}}]) { edges { node { id name
               papers(limit: 5, sort: [{published: DESC}, {id: ASC}]) { id title
                 introduces(sort: [{name: ASC}]) { id name } uses(sort: [{name: ASC}]) { id name } } } } } } }`,
          { id: i.paperId },
        ),
        floor: floor('nested', { id: i.paperId }),
      },
      key: {
        papergraph: (b) =>
          b.data.paper.authors.map((a: any) => [
            a.key,
            a.papers.edges.map((e: any) => [
              e.node.key,
              e.node.techniques.map((x: any) => `${x.role} ${x.technique.key}`),
            ]),
          ]),
        'neo4j-graphql': (b) =>
          b.data.papers[0].authorsConnection.edges.map((e: any) => [
            e.node.id,
            e.node.papers.map((q: any) => [q.id, techniquesOf(q)]),
          ]),
        floor: (b) =>
          r(b).authors.map((a: any) => [
            a.id,
            a.papers.map((q: any) => [q.id, q.techniques.map((x: any) => `${x.role} ${x.id}`)]),
          ]),
      },
    },
    {
      name: 'lineage',
      request: {
        papergraph: gql(
          `query($t: String!) { papersBuildingOn(technique: $t, maxDepth: 4, first: 20) { totalCount
             edges { depth node { key title } path { relation evidence confidence } } } }`,
          { t: i.hubTechniqueId },
        ),
        'neo4j-graphql': gql(
          `query($t: ID!) { papersBuildingOn(technique: $t) { totalCount items { id title depth
             path { relation evidence confidence } } } }`,
          { t: i.hubTechniqueId },
        ),
        floor: floor('lineage', { technique: i.hubTechniqueId }),
      },
      key: {
        papergraph: (b) => [
          b.data.papersBuildingOn.totalCount,
          ...b.data.papersBuildingOn.edges.map((e: any) => `${e.node.key}@${e.depth}`),
        ],
        'neo4j-graphql': (b) => [
          b.data.papersBuildingOn.totalCount,
          ...b.data.papersBuildingOn.items.map((x: any) => `${x.id}@${x.depth}`),
        ],
        floor: (b) => [r(b).totalCount, ...r(b).items.map((x: any) => `${x.id}@${x.depth}`)],
      },
    },
    {
      name: 'coauthors',
      request: {
        papergraph: gql(
          `query($id: ID!) { author(id: $id) { key coauthors(first: 10) { author { key name } sharedPapers } } }`,
          {
            id: i.prolificAuthorId,
          },
        ),
        'neo4j-graphql': gql(
          `query($id: ID!) { authors(where: {id: {eq: $id}}) { id coauthors { id name sharedPapers } } }`,
          {
            id: i.prolificAuthorId,
          },
        ),
        floor: floor('coauthors', { id: i.prolificAuthorId }),
      },
      key: {
        papergraph: (b) => b.data.author.coauthors.map((c: any) => `${c.author.key}:${c.sharedPapers}`),
        'neo4j-graphql': (b) => b.data.authors[0].coauthors.map((c: any) => `${c.id}:${c.sharedPapers}`),
        floor: (b) => r(b).map((c: any) => `${c.id}:${c.sharedPapers}`),
      },
    },
    {
      name: 'collaborationPath',
      request: {
        papergraph: gql(
          `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b, maxLength: 6) { length authors { key } steps { paper { key } } } }`,
          { a: i.pathFrom, b: i.pathTo },
        ),
        'neo4j-graphql': gql(
          `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { length authors papers } }`,
          {
            a: i.pathFrom,
            b: i.pathTo,
          },
        ),
        floor: floor('collaborationPath', { from: i.pathFrom, to: i.pathTo }),
      },
      // Equally short paths may differ between servers: compare the length only.
      key: {
        papergraph: (b) => b.data.collaborationPath?.length ?? null,
        'neo4j-graphql': (b) => b.data.collaborationPath?.length ?? null,
        floor: (b) => r(b)?.length ?? null,
      },
    },
    {
      name: 'techniqueAdoption',
      request: {
        papergraph: gql(`query($t: String!) { stats { techniqueAdoption(technique: $t) { year count } } }`, {
          t: i.hubTechniqueId,
        }),
        'neo4j-graphql': gql(`query($t: ID!) { techniqueAdoption(technique: $t) { year count } }`, {
          t: i.hubTechniqueId,
        }),
        floor: floor('techniqueAdoption', { technique: i.hubTechniqueId }),
      },
      key: {
        papergraph: (b) => b.data.stats.techniqueAdoption.map((y: any) => `${y.year}:${y.count}`),
        'neo4j-graphql': (b) => b.data.techniqueAdoption.map((y: any) => `${y.year}:${y.count}`),
        floor: (b) => r(b).map((y: any) => `${y.year}:${y.count}`),
      },
    },
    {
      name: 'search',
      request: {
        papergraph: gql(
          `query($q: String!) { search(query: $q, first: 10) { score node { __typename
             ... on Paper { key } ... on Author { key } ... on Topic { key } ... on Technique { key } } } }`,
          { q: i.searchText },
        ),
        'neo4j-graphql': gql(`query($q: SearchQueries!) { search(queries: $q) { id type score } }`, {
          q: searchQueries(i.searchText),
        }),
        floor: floor('search', { queries: searchQueries(i.searchText) }),
      },
      key: {
        papergraph: (b) => b.data.search.map((h: any) => h.node.key),
        'neo4j-graphql': (b) => b.data.search.map((h: any) => h.id),
        floor: (b) => r(b).map((h: any) => h.id),
      },
    },
  ];
}
