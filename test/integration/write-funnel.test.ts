import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommittedWrite, onCommitted } from '../../src/db/writes.js';
import { importFiles } from '../../src/ingest/load.js';
import { useIngestDb } from '../fixtures/ingest-db.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { ADD, DELETE, UPSERT } from '../helpers/mutation-documents.js';

/**
 * Every write path commits through src/db/writes.ts, so an onCommitted
 * listener hears of each committed transaction. This file covers the
 * transactional import and the mutations (through yoga.fetch) on the shared
 * Neo4j; the seed and the migrations are counted in migrations.test.ts (on a
 * fresh database of their own), the bulk post-pass in ingest-bulk.test.ts.
 */
const db = useIngestDb('test-funnel');
const t = useTestApp();
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };

let events: CommittedWrite[] = [];
let stop = () => {};
beforeEach(() => {
  events = [];
  stop = onCommitted((w) => events.push(w));
});
afterEach(() => stop());

const paths = () => events.map((e) => e.path);

describe('the write funnel', () => {
  it('hears every transaction of a transactional import, and nothing of a dry run', async () => {
    const file = await db.ndjson('funnel.ndjson', [
      { type: 'author', id: 'author:test-funnel-ada', name: 'Ada Funnel' },
      {
        type: 'paper',
        id: 'test-funnel:p0',
        title: 'Funnel zero',
        published: '2024-01-01',
        authors: ['author:test-funnel-ada'],
      },
      {
        type: 'paper',
        id: 'test-funnel:p1',
        title: 'Funnel one',
        published: '2024-02-01',
        authors: ['author:test-funnel-ada'],
      },
      {
        type: 'edge',
        relation: 'CITES',
        from: 'test-funnel:p1',
        to: 'test-funnel:p0',
        evidence: 'It cites it.',
        confidence: 1,
      },
    ]);
    await importFiles(db.executor, [file], { dryRun: true });
    expect(events).toEqual([]);

    const summary = await importFiles(db.executor, [file], { batchSize: 2 });
    // 3 node records → 2 node batches; 3 relationship records → 2 batches; one citation recount.
    expect(summary.batches).toBe(4);
    expect(events.map((e) => e.operation)).toEqual([
      'import-nodes',
      'import-nodes',
      'import-relationships',
      'import-relationships',
      'import-recount-citations',
    ]);
    expect(new Set(paths())).toEqual(new Set(['import']));
  });

  it('hears each mutation once, after it commits, and no read', async () => {
    const read = await t.gql('{ paper(id: "test-funnel:p0") { title citationCount } }');
    expect(read.body.data?.paper).toEqual({ title: 'Funnel zero', citationCount: 1 });
    expect(events).toEqual([]);

    const input = {
      id: 'test-funnel:p2',
      title: 'Funnel two',
      published: '2025-01-15',
      authors: ['author:test-funnel-ada'],
      uses: [{ technique: 'technique:rlhf', evidence: 'It fine-tunes with RLHF.', confidence: 0.8 }],
    };
    const upsert = await t.gql(UPSERT, { input }, AUTH);
    expect(upsert.body.errors).toBeUndefined();
    expect(events).toEqual([{ path: 'mutation', operation: 'upsert-paper', version: expect.any(Number) }]);

    const add = await t.gql(
      ADD,
      { from: 'test-funnel:p2', to: 'test-funnel:p0', relation: 'CITES', evidence: 'Cites zero.', confidence: 0.5 },
      AUTH,
    );
    expect(add.body.errors).toBeUndefined();
    const del = await t.gql(DELETE, { id: 'test-funnel:p2' }, AUTH);
    expect(del.body.data).toEqual({ deletePaper: { deletedId: 'test-funnel:p2', relationshipsDeleted: 3 } });
    expect(events.map((e) => `${e.path} ${e.operation}`)).toEqual([
      'mutation upsert-paper',
      'mutation add-lineage',
      'mutation delete-paper',
    ]);
    // Each commit bumped the graph version (after it, before the writer returned), one step at a time.
    const versions = events.map((e) => e.version ?? Number.NaN);
    expect(versions.slice(1).map((v, i) => v - (versions[i] ?? 0))).toEqual([1, 1]);

    // Refused before any transaction (no write scope): nothing committed, nothing heard.
    events = [];
    const refused = await t.gql(DELETE, { id: 'test-funnel:p0' });
    expect(refused.body.errors?.length).toBeGreaterThan(0);
    expect(events).toEqual([]);
  });
});
