// papergraph migration 0002: external ids of papers and authors (source-format imports,
// src/ingest/source/*), indexed for the importer's identity resolution and the
// paper(doi:) / paper(openalexId:) / paper(s2Id:) lookups. One statement per `;`.

CREATE INDEX paper_doi IF NOT EXISTS FOR (p:Paper) ON (p.doi);
CREATE INDEX paper_openalex IF NOT EXISTS FOR (p:Paper) ON (p.openalexId);
CREATE INDEX paper_s2 IF NOT EXISTS FOR (p:Paper) ON (p.s2Id);
CREATE INDEX paper_corpus IF NOT EXISTS FOR (p:Paper) ON (p.corpusId);
CREATE INDEX author_openalex IF NOT EXISTS FOR (a:Author) ON (a.openalexId);
CREATE INDEX author_s2 IF NOT EXISTS FOR (a:Author) ON (a.s2Id);
CREATE INDEX author_orcid IF NOT EXISTS FOR (a:Author) ON (a.orcid);
