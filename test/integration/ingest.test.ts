import { afterEach, describe, expect, it } from 'vitest';
import { seedDir } from '../../src/bootstrap.js';
import type { GraphCounts } from '../../src/db/schema-store.js';
import { ImportStore } from '../../src/db/stores/import-store.js';
import { ImportBatchError } from '../../src/ingest/errors.js';
import { importFiles } from '../../src/ingest/load.js';
import { loadSeed } from '../../src/ingest/seed.js';
import { fixture, useIngestDb } from '../fixtures/ingest-db.js';
import { first } from '../helpers/must.js';

const db = useIngestDb('test-ingest-load');
const nodesFile = fixture('ingest-load-nodes.ndjson');
const edgesFile = fixture('ingest-load-edges.ndjson');

/** The seed/ files as curated (see seed/SOURCES.md), counted from the files by hand. */
const seedCounts: GraphCounts = {
  nodes: { Paper: 25, Author: 183, Topic: 22, Technique: 37 },
  relationships: {
    AUTHORED: 354,
    ABOUT: 45,
    SUBTOPIC_OF: 16,
    INTRODUCES: 27,
    USES: 43,
    BUILDS_ON: 36,
    IN_TOPIC: 49,
    CITES: 34,
  },
};

function delta(after: GraphCounts, before: GraphCounts) {
  const diff = <K extends string>(a: Record<K, number>, b: Record<K, number>) =>
    Object.fromEntries(Object.keys(a).map((k) => [k, a[k as K] - b[k as K]]));
  return { nodes: diff(after.nodes, before.nodes), relationships: diff(after.relationships, before.relationships) };
}

const read = (cypher: string, params: Record<string, unknown> = {}) =>
  db.executor.read({ name: 'test-ingest-read', cypher }, params);

describe('the seed', () => {
  it('has the curated counts after globalSetup loaded it', async () => {
    expect(await db.counts()).toEqual(seedCounts);
  });

  it('loads again without changing anything', async () => {
    const summary = await loadSeed(db.executor, seedDir);
    expect(summary).toMatchObject({
      records: 407,
      nodesCreated: 0,
      nodesUpdated: 0,
      nodesUnchanged: 267,
      relationshipsCreated: 0,
      relationshipsUpdated: 0,
      relationshipsDeleted: 0,
    });
    expect(await db.counts()).toEqual(seedCounts);
  });

  it('holds a multi-hop lineage: deliberative alignment → chain of thought → few-shot prompting → GPT pre-training → Transformer', async () => {
    const rows = await read(
      `MATCH p = (:Technique {id: $from})-[:BUILDS_ON*2..]->(:Technique {id: $to})
       RETURN [n IN nodes(p) | n.id] AS ids,
              [r IN relationships(p) | {evidence: r.evidence, confidence: r.confidence, source: r.source}] AS edges`,
      { from: 'technique:deliberative-alignment', to: 'technique:transformer' },
    );
    expect(rows.map((r) => r.ids)).toContainEqual([
      'technique:deliberative-alignment',
      'technique:chain-of-thought',
      'technique:few-shot-in-context-learning',
      'technique:generative-pretraining',
      'technique:transformer',
    ]);
    for (const { edges } of rows) {
      for (const e of edges as { evidence: string; confidence: number; source: string }[]) {
        expect(e.evidence.trim().length).toBeGreaterThan(20);
        expect(e.confidence).toBeGreaterThan(0);
        expect(e.confidence).toBeLessThanOrEqual(1);
        expect(e.source).toBe('curated');
      }
    }
  });

  it('keeps citationCount equal to the citing papers', async () => {
    const top = first(await read(`MATCH (p:Paper {id: 'arxiv:2203.02155'}) RETURN p.citationCount AS n`));
    expect(top.n).toBe(5);
    const wrong = first(
      await read(`MATCH (p:Paper) WHERE p.citationCount <> COUNT { (p)<-[:CITES]-(:Paper) } RETURN count(p) AS n`),
    );
    expect(wrong.n).toBe(0);
  });
});

describe('importing files', () => {
  it('loads a fixture split over two files, then loads it again without changing anything', async () => {
    const before = await db.counts();
    const first = await importFiles(db.executor, [nodesFile, edgesFile]);
    expect(first).toMatchObject({
      records: 19,
      nodesCreated: 10,
      nodesUpdated: 0,
      nodesUnchanged: 0,
      relationshipsCreated: 23,
      relationshipsUpdated: 0,
      relationshipsDeleted: 0,
      batches: 2,
      dryRun: false,
    });
    const afterFirst = await db.counts();
    expect(delta(afterFirst, before)).toEqual({
      nodes: { Paper: 3, Author: 3, Topic: 2, Technique: 2 },
      relationships: {
        AUTHORED: 6,
        ABOUT: 3,
        SUBTOPIC_OF: 2,
        INTRODUCES: 2,
        USES: 2,
        BUILDS_ON: 2,
        IN_TOPIC: 3,
        CITES: 3,
      },
    });
    const recorded = await read(
      `MATCH (:Paper)-[e:CITES]->(:Paper) WHERE e.evidence STARTS WITH 'p3 cites' RETURN e.recordedAt AS at, e.source AS source ORDER BY e.evidence`,
    );

    const second = await importFiles(db.executor, [nodesFile, edgesFile]);
    expect(second).toMatchObject({
      records: 19,
      nodesCreated: 0,
      nodesUpdated: 0,
      nodesUnchanged: 10,
      relationshipsCreated: 0,
      relationshipsUpdated: 0,
      relationshipsDeleted: 0,
    });
    expect(await db.counts()).toEqual(afterFirst);
    // recordedAt is set on create only; a given recordedAt and source are kept.
    expect(
      await read(
        `MATCH (:Paper)-[e:CITES]->(:Paper) WHERE e.evidence STARTS WITH 'p3 cites' RETURN e.recordedAt AS at, e.source AS source ORDER BY e.evidence`,
      ),
    ).toEqual(recorded);
    expect(recorded[1]).toEqual({ at: '2024-05-01T00:00:00Z', source: 'test-source' });
    expect(recorded[0]?.source).toBe('import:ingest-load-edges.ndjson');
  });

  it('writes properties, author order and citation counts', async () => {
    const p2 = first(
      await read(
        `MATCH (p:Paper {id: 'test-ingest-load:p2'})
       RETURN p.title AS title, p.year AS year, p.published AS published, p.kind AS kind, p.citationCount AS cited,
              p.source AS source,
              [(a:Author)-[w:AUTHORED]->(p) | [w.position, a.id]] AS authors`,
      ),
    );
    expect(p2).toMatchObject({ title: 'Searching Test Paths', year: 2024, published: '2024-03-04', kind: 'paper' });
    expect(p2.cited).toBe(1);
    // Provenance: a papergraph-format file names itself; the curated seed's papers carry none (read `curated`).
    expect(p2.source).toBe('papergraph:ingest-load-nodes.ndjson');
    const seedSources = await read(
      `MATCH (p:Paper) WHERE p.id STARTS WITH 'arxiv:' RETURN DISTINCT p.source AS source`,
    );
    expect(seedSources).toEqual([{ source: null }]);
    expect((p2.authors as [number, string][]).sort()).toEqual([
      [1, 'author:test-ingest-load-bob'],
      [2, 'author:test-ingest-load-lab'],
      [3, 'author:test-ingest-load-ada'],
    ]);
    const cited = await read(
      `MATCH (p:Paper) WHERE p.id STARTS WITH 'test-ingest-load:' RETURN p.id AS id, p.citationCount AS n ORDER BY id`,
    );
    expect(cited.map((r) => r.n)).toEqual([2, 1, 0]);
    const tps = first(
      await read(`MATCH (t:Technique {id: 'technique:test-ingest-load-paths'}) RETURN t.lookupKeys AS keys`),
    );
    expect(tps.keys).toEqual(['test path search', 'tps']);
  });

  it('replaces a re-imported node’s structural links and updates changed edges, keeping recordedAt', async () => {
    const edgeQuery = `MATCH (:Technique {id: 'technique:test-ingest-load-paths'})-[e:BUILDS_ON]->(:Technique {id: 'technique:test-ingest-load-walks'})
       RETURN e.evidence AS evidence, e.confidence AS confidence, e.recordedAt AS at`;
    const edgeBefore = first(await read(edgeQuery));
    const before = await db.counts();
    const summary = await importFiles(db.executor, [fixture('ingest-load-v2.ndjson')]);
    expect(summary).toMatchObject({
      records: 3,
      nodesCreated: 0,
      nodesUpdated: 1, // p2's title
      nodesUnchanged: 1, // the topic: only its parent link changed
      relationshipsCreated: 0,
      relationshipsUpdated: 1,
      relationshipsDeleted: 3, // paths SUBTOPIC_OF graphs, lab AUTHORED p2, p2 ABOUT alignment
    });
    expect(delta(await db.counts(), before)).toMatchObject({
      relationships: { SUBTOPIC_OF: -1, AUTHORED: -1, ABOUT: -1, BUILDS_ON: 0 },
    });
    const p2 = first(
      await read(
        `MATCH (p:Paper {id: 'test-ingest-load:p2'})
       RETURN [(a:Author)-[w:AUTHORED]->(p) | [w.position, a.id]] AS authors, [(p)-[:ABOUT]->(t) | t.id] AS topics`,
      ),
    );
    expect((p2.authors as [number, string][]).sort()).toEqual([
      [1, 'author:test-ingest-load-ada'],
      [2, 'author:test-ingest-load-bob'],
    ]);
    expect(p2.topics).toEqual(['topic:test-ingest-load-paths']);
    const [edgeAfter] = await read(edgeQuery);
    expect(edgeAfter).toEqual({
      evidence: 'Path search extends walks with a learned stopping rule.',
      confidence: 0.9,
      at: edgeBefore.at,
    });
    expect(edgeBefore.evidence).toBe('Path search extends walks.');
  });

  it('gives the same graph with small batches, one transaction per batch', async () => {
    await db.cleanup();
    const before = await db.counts();
    const summary = await importFiles(db.executor, [nodesFile, edgesFile], { batchSize: 3 });
    // 10 node records → 4 batches; 16 records with relationships (all but authors) → 6 batches.
    expect(summary).toMatchObject({ nodesCreated: 10, relationshipsCreated: 23, batches: 10 });
    expect(delta(await db.counts(), before)).toMatchObject({
      nodes: { Paper: 3, Author: 3, Topic: 2, Technique: 2 },
      relationships: { AUTHORED: 6, CITES: 3, SUBTOPIC_OF: 2 },
    });
  });

  it('validates only on a dry run', async () => {
    await db.cleanup();
    const before = await db.counts();
    const summary = await importFiles(db.executor, [nodesFile, edgesFile], { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, records: 19, nodesCreated: 0, relationshipsCreated: 0, batches: 0 });
    expect(await db.counts()).toEqual(before);
    expect(await db.marked()).toBe(0);
  });
});

describe('batch atomicity', () => {
  afterEach(db.cleanup);

  it('rolls back a whole batch whose node vanished after validation, naming the record', async () => {
    await db.cleanup();
    const victim = { type: 'technique', id: 'technique:test-ingest-load-victim', name: 'Victim', description: 'Goes.' };
    await importFiles(db.executor, [await db.ndjson('victim.ndjson', [victim])]);
    const file = await db.ndjson('batch.ndjson', [
      { type: 'author', id: 'author:test-ingest-load-ada', name: 'Ada Test' },
      {
        type: 'paper',
        id: 'test-ingest-load:p9',
        title: 'P9',
        published: '2024-01-01',
        authors: ['author:test-ingest-load-ada'],
      },
      {
        type: 'edge',
        relation: 'USES',
        from: 'test-ingest-load:p9',
        to: victim.id,
        evidence: 'Uses it.',
        confidence: 1,
      },
    ]);
    let deleted = false;
    const error = await importFiles(db.executor, [file], {
      // Between validation and the relationships batch, someone deletes the technique.
      onProgress: async (p) => {
        if (p.phase !== 'relationships' || deleted) return;
        deleted = true;
        await db.executor.write(
          { name: 'test-delete-victim', cypher: 'MATCH (t:Technique {id: $id}) DETACH DELETE t' },
          victim,
        );
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportBatchError);
    expect((error as ImportBatchError).errors).toEqual([
      {
        file,
        line: 3,
        path: 'to',
        message: `technique "${victim.id}" is no longer in the graph (deleted after validation?)`,
      },
    ]);
    expect((error as ImportBatchError).message).toMatch(/batch .*batch\.ndjson:2–.*batch\.ndjson:3 was rolled back/);
    // The nodes batch committed; the relationships batch (AUTHORED of p9, its USES edge) wrote nothing.
    const [p9] = await read(
      `MATCH (p:Paper {id: 'test-ingest-load:p9'}) RETURN COUNT { (p)<-[:AUTHORED]-() } AS authored, COUNT { (p)-[:USES]->() } AS uses`,
    );
    expect(p9).toEqual({ authored: 0, uses: 0 });
  });

  it('checks the written count of every relationship type in the store, CITES included', async () => {
    await db.cleanup();
    await importFiles(db.executor, [nodesFile]);
    const store = new ImportStore(db.executor);
    const row = { evidence: 'x', confidence: 1, source: 'test', recordedAt: null };
    const error = await store
      .writeRelationships({
        links: { ABOUT: [{ id: 'test-ingest-load:p1', refs: ['topic:test-ingest-load-paths'] }] },
        edges: { CITES: [{ ...row, from: 'test-ingest-load:p1', to: 'test-ingest-load:gone' }] },
        needs: [
          { id: 'test-ingest-load:p1', type: 'paper' },
          { id: 'test-ingest-load:gone', type: 'paper' },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'IncompleteBatchError', missing: [1] });
    const p1 = first(
      await read(`MATCH (p:Paper {id: 'test-ingest-load:p1'}) RETURN [(p)-[:ABOUT]->(t) | t.id] AS topics`),
    );
    expect(p1.topics).toEqual(['topic:test-ingest-load-graphs']);
  });
});
