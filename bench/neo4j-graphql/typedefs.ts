import * as cypher from '../cypher.js';

/**
 * The papergraph model as @neo4j/graphql (v7) type definitions: nodes and
 * relationships natively, and `@cypher` where the library has no native
 * feature — lineage (variable-length BUILDS_ON), co-author ranking, shortest
 * collaboration paths, adoption per year and multi-index full-text search —
 * using the floor's statements, as a user of the library would write them.
 */

/** A floor statement as the body of an @cypher field: `this` is the parent node, arguments are $params. */
const statement = (cypherText: string) => JSON.stringify(cypherText.replace(/\s+/g, ' ').trim());

export const typeDefs = /* GraphQL */ `
  type Paper @node {
    id: ID!
    title: String!
    abstract: String
    published: Date!
    year: Int!
    kind: String!
    citationCount: Int
    authors: [Author!]! @relationship(type: "AUTHORED", direction: IN, properties: "Authored")
    topics: [Topic!]! @relationship(type: "ABOUT", direction: OUT)
    introduces: [Technique!]! @relationship(type: "INTRODUCES", direction: OUT, properties: "Evidence")
    uses: [Technique!]! @relationship(type: "USES", direction: OUT, properties: "Evidence")
  }

  type Authored @relationshipProperties {
    position: Int
  }

  type Evidence @relationshipProperties {
    evidence: String
    confidence: Float
    source: String
  }

  type Author @node {
    id: ID!
    name: String!
    kind: String!
    papers: [Paper!]! @relationship(type: "AUTHORED", direction: OUT, properties: "Authored")
    coauthors: [CoauthorHit!]!
      @cypher(statement: ${statement(`WITH this AS a ${cypher.coauthorsOf}`)}, columnName: "result")
  }

  type Topic @node {
    id: ID!
    name: String!
    parent: Topic @relationship(type: "SUBTOPIC_OF", direction: OUT)
    children: [Topic!]! @relationship(type: "SUBTOPIC_OF", direction: IN)
  }

  type Technique @node {
    id: ID!
    name: String!
    description: String
    buildsOn: [Technique!]! @relationship(type: "BUILDS_ON", direction: OUT, properties: "Evidence")
  }

  type CoauthorHit {
    id: ID!
    name: String!
    sharedPapers: Int!
  }

  type LineageStep {
    relation: String!
    evidence: String
    confidence: Float
  }

  type LineageItem {
    id: ID!
    title: String!
    depth: Int!
    path: [LineageStep!]!
  }

  type LineagePage {
    totalCount: Int!
    items: [LineageItem!]!
  }

  type CollaborationPath {
    length: Int!
    authors: [ID!]!
    papers: [ID!]!
  }

  type YearCount {
    year: Int!
    count: Int!
  }

  type SearchHit {
    id: ID!
    type: String!
    score: Float!
  }

  input SearchQueries {
    PAPER: String!
    AUTHOR: String!
    TOPIC: String!
    TECHNIQUE: String!
  }

  type Query {
    papersBuildingOn(technique: ID!): LineagePage! @cypher(statement: ${statement(cypher.lineage)}, columnName: "result")
    collaborationPath(from: ID!, to: ID!): CollaborationPath
      @cypher(statement: ${statement(cypher.collaborationPath)}, columnName: "result")
    techniqueAdoption(technique: ID!): [YearCount!]!
      @cypher(statement: ${statement(cypher.techniqueAdoption)}, columnName: "result")
    search(queries: SearchQueries!): [SearchHit!]! @cypher(statement: ${statement(cypher.search)}, columnName: "result")
  }
`;
