// papergraph migration 0002: the graph version. One node,
// (:PapergraphVersion {id: 'graph', version, at}), bumped by the write funnel
// (src/db/writes.ts) in a small transaction after every committed write. The
// response cache keys answers by it, so a write makes every older answer
// unreachable (README "Dashboards": freshness). Idempotent.

CREATE CONSTRAINT papergraph_version_id IF NOT EXISTS FOR (v:PapergraphVersion) REQUIRE v.id IS UNIQUE;
MERGE (v:PapergraphVersion {id: 'graph'}) ON CREATE SET v.version = 0, v.at = datetime();
