/**
 * How the source-format importer writes a CITES edge, shared by its stores (source-store.ts: to
 * papers; reference-store.ts: to reference stubs). Fragments over `(a)` citing `(b)` and the row `r`
 * (`r.source`, `r.evidence`, `r.confidence`) with the write's `$now`; parameterised, nothing of the
 * input in the text. The bulk path's in-memory twin (src/ingest/bulk/memory-graph.ts) applies the
 * same rule: change both.
 */

/** A new edge's properties: the row's source, evidence and confidence, recorded now. */
const newCite = `e.source = r.source, e.recordedAt = datetime($now), e.evidence = r.evidence,
                 e.confidence = toFloat(r.confidence)`;

/**
 * The edge merged: made with the row's properties when absent; when present, its evidence and
 * confidence are the row's only if the same source recorded it (another source's edge is kept).
 */
export const mergeCite = `
    MERGE (a)-[e:CITES]->(b)
    ON CREATE SET ${newCite}
    ON MATCH SET e.evidence = CASE WHEN e.source = r.source THEN r.evidence ELSE e.evidence END,
                 e.confidence = CASE WHEN e.source = r.source THEN toFloat(r.confidence) ELSE e.confidence END`;

/**
 * The edge created, for pairs known not to be in the graph (no edge to merge with); `now` is
 * `datetime($now)`, evaluated once per statement.
 */
export const createCite = `
    CREATE (a)-[e:CITES]->(b)
    SET e.source = r.source, e.recordedAt = now, e.evidence = r.evidence, e.confidence = toFloat(r.confidence)`;
