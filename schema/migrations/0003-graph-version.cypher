// papergraph migration 0002: the graph version. One node,
// (:PapergraphVersion {id: 'graph', version, at}), bumped by the write funnel
// (src/db/writes.ts) in a small transaction after every committed write. The
// response cache keys answers by it, so a write makes every older answer
// unreachable (README "Dashboards": freshness). Idempotent. A new database
// starts at timestamp() * 1000, not 0: a database made again (a bulk load with
// --overwrite) must not reuse versions an older one had, whose answers may still
// sit in a shared Redis cache.

CREATE CONSTRAINT papergraph_version_id IF NOT EXISTS FOR (v:PapergraphVersion) REQUIRE v.id IS UNIQUE;
MERGE (v:PapergraphVersion {id: 'graph'}) ON CREATE SET v.version = timestamp() * 1000, v.at = datetime();
