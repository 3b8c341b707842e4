// papergraph migration 0005: the lineage index's schema (README "Lineage index"). The index
// itself is built on demand (`npm run lineage-index -- build`) and kept exact by the write funnel
// while its marker (:LineageIndex {id: 'lineage'}) exists. A paper's place in a technique's lineage
// is one (:Paper)-[:IN_LINEAGE {technique, key, year}]->(:Technique) relationship; `key` orders a
// technique's papers as papersBuildingOn does (depth, newest first, id), so the range index on
// (technique, key) serves a page in order. (:LineageCount {technique, depth, year, papers}) holds
// exact counts per technique, depth and year. Idempotent.

CREATE CONSTRAINT papergraph_lineage_marker IF NOT EXISTS FOR (m:LineageIndex) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT papergraph_lineage_count IF NOT EXISTS FOR (c:LineageCount) REQUIRE (c.technique, c.depth, c.year) IS UNIQUE;
CREATE INDEX papergraph_lineage_order IF NOT EXISTS FOR ()-[r:IN_LINEAGE]-() ON (r.technique, r.key);
