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
  headers?: Record<string, string>;
}

/**
 * An operation: each server's request, and for each server a function that
 * turns its response body into the whole answer in one shared shape (ids,
 * titles, dates, paths with evidence and confidence, scores), compared exactly
 * with the floor's by the correctness gate.
 */
export interface Operation {
  name: string;
  request: Record<ServerName, Request>;
  /** The whole answer of a parsed response body, in the shape shared by the three servers. */
  answer: Record<ServerName, (body: any) => unknown>;
  /**
   * Why the @neo4j/graphql document is the one a user of that library would write (the review
   * asked for in issue #16); printed in the README.
   */
  peer: string;
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

const idName = (x: any) => ({ id: x.id ?? x.key, name: x.name });
/** Scores as the same float from three JSON encoders: compared to 9 significant digits. */
const score = (v: number) => Number(v.toPrecision(9));
const technique = (role: string, x: any) => ({ role, id: x.id ?? x.key, name: x.name });
const n4gTechniques = (q: any) => [
  ...(q.introduces ?? []).map((x: any) => technique('INTRODUCES', x)),
  ...(q.uses ?? []).map((x: any) => technique('USES', x)),
];
const step = (s: any) => ({ relation: s.relation, evidence: s.evidence ?? null, confidence: s.confidence ?? null });

export function operations(i: Inputs): Operation[] {
  return [
    {
      name: 'paper',
      peer: 'The generated `papers(where: {id: {eq}})` root field (v7 has no single-node root field); authors through the connection to sort by the AUTHORED position edge property, topics sorted by name then id — the documented sort arguments.',
      request: {
        papergraph: gql(
          `query($id: ID!) { paper(id: $id) { key title published authors { key name } topics { key name } } }`,
          { id: i.paperId },
        ),
        'neo4j-graphql': gql(
          `query($id: ID!) { papers(where: {id: {eq: $id}}) { id title published
             authorsConnection(sort: [{edge: {position: ASC}}]) { edges { node { id name } } }
             topics(sort: [{name: ASC}, {id: ASC}]) { id name } } }`,
          { id: i.paperId },
        ),
        floor: floor('paper', { id: i.paperId }),
      },
      answer: {
        papergraph: ({ data: { paper: p } }) => ({
          id: p.key,
          title: p.title,
          published: p.published,
          authors: p.authors.map(idName),
          topics: p.topics.map(idName),
        }),
        'neo4j-graphql': ({ data }) => {
          const p = data.papers[0];
          return {
            id: p.id,
            title: p.title,
            published: p.published,
            authors: p.authorsConnection.edges.map((e: any) => idName(e.node)),
            topics: p.topics.map(idName),
          };
        },
        floor: (b) => r(b),
      },
    },
    {
      name: 'papersPage',
      peer: 'One `papersConnection(first, sort, where)` with `totalCount` and the page in `edges`: the count and the page from the same root field, as the library documents cursor pagination (two root fields ran the filter twice). The topic filter is the topic or its direct subtopics through `some`.',
      request: {
        papergraph: gql(
          `query($y: Int!, $t: String!) { papers(first: 20, where: {yearFrom: $y, yearTo: $y, topic: $t}) {
             totalCount edges { node { key title published } } } }`,
          { y: i.year, t: i.topicId },
        ),
        'neo4j-graphql': gql(
          `query($where: PaperWhere!) {
             papersConnection(first: 20, sort: [{published: DESC}, {id: ASC}], where: $where) {
               totalCount edges { node { id title published } } } }`,
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
      answer: {
        papergraph: ({ data: { papers } }) => ({
          totalCount: papers.totalCount,
          items: papers.edges.map(({ node: p }: any) => ({ id: p.key, title: p.title, published: p.published })),
        }),
        'neo4j-graphql': ({ data: { papersConnection: c } }) => ({
          totalCount: c.totalCount,
          items: c.edges.map(({ node: p }: any) => ({ id: p.id, title: p.title, published: p.published })),
        }),
        floor: (b) => r(b),
      },
    },
    {
      name: 'nested',
      peer: 'Native relationship fields three levels deep: authors by the AUTHORED position, each author’s 5 latest papers (`limit` + `sort` published, id), and their techniques as the two typed relationship fields `introduces` and `uses`, each sorted by name then id.',
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
                 introduces(sort: [{name: ASC}, {id: ASC}]) { id name } uses(sort: [{name: ASC}, {id: ASC}]) { id name } } } } } } }`,
          { id: i.paperId },
        ),
        floor: floor('nested', { id: i.paperId }),
      },
      answer: {
        papergraph: ({ data: { paper: p } }) => ({
          id: p.key,
          title: p.title,
          authors: p.authors.map((a: any) => ({
            ...idName(a),
            papers: a.papers.edges.map(({ node: q }: any) => ({
              id: q.key,
              title: q.title,
              techniques: q.techniques.map((x: any) => technique(x.role, x.technique)),
            })),
          })),
        }),
        'neo4j-graphql': ({ data }) => {
          const p = data.papers[0];
          return {
            id: p.id,
            title: p.title,
            authors: p.authorsConnection.edges.map(({ node: a }: any) => ({
              ...idName(a),
              papers: a.papers.map((q: any) => ({ id: q.id, title: q.title, techniques: n4gTechniques(q) })),
            })),
          };
        },
        floor: (b) => r(b),
      },
    },
    {
      name: 'lineage',
      peer: 'A `@cypher` root field running the floor’s statement: the library has no native variable-length traversal with per-row depth and an explanation, so its users write Cypher.',
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
      answer: {
        papergraph: ({ data: { papersBuildingOn: l } }) => ({
          totalCount: l.totalCount,
          items: l.edges.map((e: any) => ({
            id: e.node.key,
            title: e.node.title,
            depth: e.depth,
            path: e.path.map(step),
          })),
        }),
        'neo4j-graphql': ({ data: { papersBuildingOn: l } }) => ({
          totalCount: l.totalCount,
          items: l.items.map((x: any) => ({ id: x.id, title: x.title, depth: x.depth, path: x.path.map(step) })),
        }),
        floor: (b) => ({ ...r(b), items: r(b).items.map((x: any) => ({ ...x, path: x.path.map(step) })) }),
      },
    },
    {
      name: 'coauthors',
      peer: 'A `@cypher` field on Author (ranked aggregation over a two-hop pattern has no native equivalent), reusing the floor’s statement with `this` as the author.',
      request: {
        papergraph: gql(
          `query($id: ID!) { author(id: $id) { key coauthors(first: 10) { author { key name } sharedPapers } } }`,
          { id: i.prolificAuthorId },
        ),
        'neo4j-graphql': gql(
          `query($id: ID!) { authors(where: {id: {eq: $id}}) { id coauthors { id name sharedPapers } } }`,
          { id: i.prolificAuthorId },
        ),
        floor: floor('coauthors', { id: i.prolificAuthorId }),
      },
      answer: {
        papergraph: (b) =>
          b.data.author.coauthors.map((c: any) => ({ ...idName(c.author), sharedPapers: c.sharedPapers })),
        'neo4j-graphql': (b) => b.data.authors[0].coauthors,
        floor: (b) => r(b),
      },
    },
    {
      name: 'collaborationPath',
      peer: 'A `@cypher` root field with the floor’s `shortestPath` statement: shortest paths are Cypher-only in the library.',
      request: {
        papergraph: gql(
          `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b, maxLength: 6) { length authors { key } steps { paper { key } } } }`,
          { a: i.pathFrom, b: i.pathTo },
        ),
        'neo4j-graphql': gql(
          `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { length authors papers } }`,
          { a: i.pathFrom, b: i.pathTo },
        ),
        floor: floor('collaborationPath', { from: i.pathFrom, to: i.pathTo }),
      },
      // Several shortest paths may exist and shortestPath picks one: the gate checks the length
      // against the floor's and that the authors and papers form a real collaboration path.
      answer: {
        papergraph: ({ data: { collaborationPath: c } }) =>
          c && {
            length: c.length,
            authors: c.authors.map((a: any) => a.key),
            papers: c.steps.map((s: any) => s.paper.key),
          },
        'neo4j-graphql': (b) => b.data.collaborationPath,
        floor: (b) => r(b),
      },
    },
    {
      name: 'techniqueAdoption',
      peer: 'A `@cypher` root field with the floor’s statement (transitive closure, then a per-year series with gaps filled): no native equivalent.',
      request: {
        papergraph: gql(`query($t: String!) { stats { techniqueAdoption(technique: $t) { year count } } }`, {
          t: i.hubTechniqueId,
        }),
        'neo4j-graphql': gql(`query($t: ID!) { techniqueAdoption(technique: $t) { year count } }`, {
          t: i.hubTechniqueId,
        }),
        floor: floor('techniqueAdoption', { technique: i.hubTechniqueId }),
      },
      answer: {
        papergraph: (b) => b.data.stats.techniqueAdoption,
        'neo4j-graphql': (b) => b.data.techniqueAdoption,
        floor: (b) => r(b),
      },
    },
    {
      name: 'search',
      peer: 'v7’s `@fulltext` searches one index per root field; one ranked list over four indexes is a `@cypher` field with the floor’s UNION of `db.index.fulltext.queryNodes`, given the same Lucene queries papergraph builds.',
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
      answer: {
        papergraph: (b) =>
          b.data.search.map((h: any) => ({ id: h.node.key, type: h.node.__typename, score: score(h.score) })),
        'neo4j-graphql': (b) => b.data.search.map((h: any) => ({ ...h, score: score(h.score) })),
        floor: (b) => r(b).map((h: any) => ({ ...h, score: score(h.score) })),
      },
    },
  ];
}
