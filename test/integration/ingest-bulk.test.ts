import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDatasetFile } from '../../bench/generate/write.js';
import { migrationsDir, seedDir } from '../../src/bootstrap.js';
import { applySchema } from '../../src/db/schema-store.js';
import { type CommittedWrite, onCommitted } from '../../src/db/writes.js';
import { bulkImport } from '../../src/ingest/bulk/bulk-import.js';
import { ImportValidationError } from '../../src/ingest/errors.js';
import { importFiles } from '../../src/ingest/load.js';
import { seedFiles } from '../../src/ingest/seed.js';
import type { LocalNeo4j } from '../../src/neo4j-local/server.js';
import { fixture } from '../fixtures/ingest-db.js';
import { hashLines } from '../helpers/graph-hash.js';
import { buildAndDump, dumpAndStop, scratchLocal } from '../helpers/scratch-neo4j.js';

// The bulk path needs Neo4j stopped on its data directory, so this file runs its own
// servers on scratch directories (test/helpers/scratch-neo4j.ts), never the run's shared one.
let scratch = '';
let files: string[] = [];
const started = new Date().toISOString();
const quiet = () => {};

const localFor = (name: string) => scratchLocal(path.join(scratch, name));

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'papergraph-bulk-'));
  const generated = path.join(scratch, 'papers-300.ndjson');
  await writeDatasetFile(generated, { papers: 300, seed: 7 });
  files = [...(await seedFiles(seedDir)), generated];
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('bulk import (neo4j-admin import full)', () => {
  it('builds exactly the graph the transactional import builds from the same files', async () => {
    const bulkLocal = await localFor('bulk');
    const events: CommittedWrite[] = [];
    const stop = onCommitted((w) => events.push(w));
    const summary = await bulkImport(files, {
      local: bulkLocal,
      importHeap: '512m',
      keepRunning: true,
      log: quiet,
    }).finally(stop);
    // The post-pass and the migrations commit through the write funnel (one post-pass write per list property,
    // then the papers' updatedAt).
    expect(events.filter((e) => e.path === 'bulk').map((e) => e.operation)).toEqual([
      'bulk-empty-aliases-author',
      'bulk-empty-aliases-technique',
      'bulk-empty-lookupkeys-technique',
      'bulk-touch-paper',
    ]);
    expect(events.filter((e) => e.path === 'migration').map((e) => e.operation)).toContain('migration-record');
    expect(events.every((e) => e.path === 'bulk' || e.path === 'migration')).toBe(true);
    const bulk = await dumpAndStop(summary.neo4j as LocalNeo4j, started);
    const tx = await buildAndDump(await localFor('tx'), started, async (executor) => {
      await applySchema(executor, migrationsDir);
      await importFiles(executor, files);
    });

    expect(summary.nodes + summary.relationships).toBe(bulk.length);
    expect(bulk.length).toBeGreaterThan(4_000);
    const txSet = new Set(tx);
    expect(bulk.filter((l) => !txSet.has(l)).slice(0, 5)).toEqual([]);
    expect(hashLines(bulk)).toBe(hashLines(tx));
  }, 300_000);

  it('writes nothing for an invalid file and reports file:line errors', async () => {
    const local = await localFor('invalid');
    const bad = fixture('ingest-cli-invalid.ndjson');
    const error = await bulkImport([...files, bad], { local, log: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as Error).message).toMatch(/Import rejected, nothing was written/);
    expect((error as Error).message).toMatch(/ingest-cli-invalid\.ndjson:\d+ /);
    expect(existsSync(local.dataDir)).toBe(false);
  }, 120_000);

  it('refuses a target that already holds a database, unless told to overwrite', async () => {
    const local = await localFor('exists');
    const db = path.join(local.dataDir, 'databases', 'neo4j');
    await rm(db, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(db, { recursive: true });
    await writeFile(path.join(db, 'neostore'), '');
    await expect(bulkImport(files, { local, log: quiet })).rejects.toThrow(/already holds a database.*--overwrite/s);
  });
});
