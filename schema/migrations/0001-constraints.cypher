// papergraph migration 0001: the constraints and indexes of the first
// papergraph (formerly schema/constraints.cypher). Applied once per database
// and recorded; never edit an applied migration: add 0002-….cypher instead.
// Idempotent (IF NOT EXISTS), so databases made before migrations existed
// upgrade by running it again. One statement per `;`.

// One node per id, per label.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT author_id IF NOT EXISTS FOR (a:Author) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (t:Topic) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT technique_id IF NOT EXISTS FOR (t:Technique) REQUIRE t.id IS UNIQUE;

// Lookups the API makes.
CREATE INDEX paper_arxiv IF NOT EXISTS FOR (p:Paper) ON (p.arxivId);
CREATE INDEX paper_year IF NOT EXISTS FOR (p:Paper) ON (p.year);
CREATE INDEX paper_kind IF NOT EXISTS FOR (p:Paper) ON (p.kind);
CREATE INDEX paper_title IF NOT EXISTS FOR (p:Paper) ON (p.titleLower);
CREATE INDEX paper_citations IF NOT EXISTS FOR (p:Paper) ON (p.citationCount);
CREATE INDEX author_name IF NOT EXISTS FOR (a:Author) ON (a.nameLower);
CREATE INDEX topic_name IF NOT EXISTS FOR (t:Topic) ON (t.nameLower);
CREATE INDEX technique_name IF NOT EXISTS FOR (t:Technique) ON (t.nameLower);
CREATE INDEX technique_keys IF NOT EXISTS FOR (t:Technique) ON (t.lookupKeys);

// Full-text search.
CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract];
CREATE FULLTEXT INDEX author_text IF NOT EXISTS FOR (a:Author) ON EACH [a.name, a.aliasText];
CREATE FULLTEXT INDEX technique_text IF NOT EXISTS FOR (t:Technique) ON EACH [t.name, t.aliasText, t.description];
CREATE FULLTEXT INDEX topic_text IF NOT EXISTS FOR (t:Topic) ON EACH [t.name, t.description];
