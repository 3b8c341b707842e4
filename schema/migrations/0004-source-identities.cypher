// papergraph migration 0004: identities of source-format imports. Reference stubs: `npm run import -- --keep-external-references`
// stores works that imported papers cite but that are neither in the graph nor in the import
// as (:Reference) nodes — not (:Paper), so no list, search, series, stats or graph query sees
// them; Paper.externalReferences asks for them. Keyed like papers, with the same external ids
// indexed for identity resolution (a later import of the real work turns the stub into a Paper).

CREATE CONSTRAINT reference_id IF NOT EXISTS FOR (r:Reference) REQUIRE r.id IS UNIQUE;
CREATE INDEX reference_arxiv IF NOT EXISTS FOR (r:Reference) ON (r.arxivId);
CREATE INDEX reference_doi IF NOT EXISTS FOR (r:Reference) ON (r.doi);
CREATE INDEX reference_openalex IF NOT EXISTS FOR (r:Reference) ON (r.openalexId);
CREATE INDEX reference_s2 IF NOT EXISTS FOR (r:Reference) ON (r.s2Id);
CREATE INDEX reference_corpus IF NOT EXISTS FOR (r:Reference) ON (r.corpusId);

// OpenAlex work ids merged away into another work (the snapshot's merged_ids/works files, or a
// record saved under its old id): (:MergedWorkId {id: 'W…'})-[:MERGED_INTO]->(:Paper), so
// paper(openalexId:) and the importer's identity resolution find the paper by the old id too.
CREATE CONSTRAINT merged_work_id IF NOT EXISTS FOR (m:MergedWorkId) REQUIRE m.id IS UNIQUE;
