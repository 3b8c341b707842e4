import type { Query } from '../executor.js';

/**
 * The source-format importer's byline, topic and ABOUT writes (run by
 * SourceStore.writeWorks inside its batch transaction). Edges of papers the
 * batch created are CREATEd; those of existing papers this source owns are
 * replaced (old ones deleted, the rest MERGEd).
 */

/** Replace the byline of papers this source owns (rows {paper, authors: [ids in order]}) that existed before this batch. */
export const writeBylines: Query = {
  name: 'source-write-bylines',
  cypher: `
    UNWIND $rows AS r
    MATCH (p:Paper {id: r.paper}) WHERE p.source = $source
    OPTIONAL MATCH (p)<-[old:AUTHORED]-(x:Author) WHERE NOT x.id IN r.authors
    DELETE old
    WITH DISTINCT p, r
    UNWIND range(0, size(r.authors) - 1) AS i
    MATCH (a:Author {id: r.authors[i]})
    MERGE (a)-[w:AUTHORED]->(p)
    SET w.position = i + 1`,
};

/**
 * Bylines and ABOUT edges of papers this batch created: nothing to replace or
 * merge with, so plain CREATE (no Eager delete pass, no locking MERGE per edge).
 */
export const createBylines: Query = {
  name: 'source-create-bylines',
  cypher: `
    UNWIND $rows AS r
    MATCH (p:Paper {id: r.paper})
    UNWIND range(0, size(r.authors) - 1) AS i
    MATCH (a:Author {id: r.authors[i]})
    CREATE (a)-[:AUTHORED {position: i + 1}]->(p)`,
};

export const createAbout: Query = {
  name: 'source-create-about',
  cypher: `
    UNWIND $rows AS r
    MATCH (p:Paper {id: r.paper})
    UNWIND r.topics AS tid
    MATCH (t:Topic {id: tid})
    CREATE (p)-[:ABOUT]->(t)`,
};

export const writeTopics: Query = {
  name: 'source-write-topics',
  cypher: `
    UNWIND $rows AS r
    MERGE (t:Topic {id: r.id})
    ON CREATE SET t.source = r.source
    WITH t, r WHERE t.source = r.source
    SET t.name = r.name, t.nameLower = toLower(r.name), t.level = r.level
    WITH t, r WHERE r.parent IS NOT NULL
    MATCH (up:Topic {id: r.parent})
    MERGE (t)-[:SUBTOPIC_OF]->(up)`,
};

export const writeAbout: Query = {
  name: 'source-write-about',
  cypher: `
    UNWIND $rows AS r
    MATCH (p:Paper {id: r.paper}) WHERE p.source = $source
    OPTIONAL MATCH (p)-[old:ABOUT]->(x:Topic) WHERE NOT x.id IN r.topics
    DELETE old
    WITH DISTINCT p, r
    UNWIND r.topics AS tid
    MATCH (t:Topic {id: tid})
    MERGE (p)-[:ABOUT]->(t)`,
};
