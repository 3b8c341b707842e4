import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir, repoRoot, seedDir } from '../../src/bootstrap.js';
import { applySchema } from '../../src/db/schema-store.js';
import { bulkImportSources, type SourceInput } from '../../src/ingest/bulk/source-bulk.js';
import { loadSeed } from '../../src/ingest/seed.js';
import { importSource } from '../../src/ingest/source/import.js';
import type { SourceSummary } from '../../src/ingest/source/summary.js';
import type { LocalNeo4j } from '../../src/neo4j-local/server.js';
import { hashLines } from '../helpers/graph-hash.js';
import { buildAndDump, dumpAndStop, scratchLocal } from '../helpers/scratch-neo4j.js';
import { writeSeedAs } from '../helpers/source-writers.js';

// Like ingest-bulk.test.ts: the bulk path needs Neo4j stopped on its data directory, so this file
// runs its own servers on scratch directories, never the run's shared one.
let scratch = '';
let inputs: SourceInput[] = [];
const started = new Date().toISOString();
const quiet = () => {};
/** Small batches on both sides, so works merge across batches too (the batch decides what is "in the graph"). */
const batchSize = 10;
const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'sources', name);

const localFor = (name: string) => scratchLocal(path.join(scratch, name));

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'papergraph-bulk-sources-'));
  // Records of the seed papers (merging into the curated graph: external ids, filled fields, byline
  // matches), new works with their own authors, topics and citations, the formats' edge cases, merged ids.
  inputs = [
    {
      format: 'openalex',
      files: [
        await writeSeedAs('openalex', scratch, { base: 9_400_000, keepArxiv: true }),
        await writeSeedAs('openalex', scratch, { base: 9_410_000, keepArxiv: false }),
        fixture('openalex-edge-cases.jsonl'),
        // OpenAlex merged ids: one into a work of the import (linked), one into a work nowhere (left out).
        fixture('openalex-merged-ids.csv'),
      ],
    },
    {
      format: 's2',
      files: [
        await writeSeedAs('s2', scratch, { base: 9_420_000, keepArxiv: true }),
        await writeSeedAs('s2', scratch, { base: 9_430_000, keepArxiv: false }),
        fixture('s2-edge-cases.jsonl'),
      ],
    },
    {
      format: 'arxiv',
      files: [
        await writeSeedAs('arxiv', scratch, { base: 9_440_000, keepArxiv: true }),
        fixture('arxiv-edge-cases.jsonl'),
      ],
    },
    { format: 'bibtex', files: [fixture('bibtex-edge-cases.bib')] },
  ];
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('bulk import of source formats with the curated seed', () => {
  it('builds exactly the graph of loadSeed and then the transactional import of each input', async () => {
    const summary = await bulkImportSources(inputs, {
      local: await localFor('bulk'),
      importHeap: '512m',
      keepRunning: true,
      batchSize,
      log: quiet,
    });
    const bulk = await dumpAndStop(summary.neo4j as LocalNeo4j, started);
    const txSummaries: SourceSummary[] = [];
    const tx = await buildAndDump(await localFor('tx'), started, async (executor) => {
      await applySchema(executor, migrationsDir);
      await loadSeed(executor, seedDir);
      for (const { format, files } of inputs)
        txSummaries.push(await importSource(executor, files, { format, batchSize }));
    });

    // The importer's own counts agree (same merges, author matches, skipped references) …
    const counts = (s: SourceSummary) => {
      const { ms: _ms, worksPerSecond: _rate, batches: _batches, ...rest } = s;
      return rest;
    };
    expect(summary.sources.map(counts)).toEqual(txSummaries.map(counts));
    // … the merges happened (seed papers took external ids; authors matched by byline) …
    expect.soft(summary.sources[0]).toMatchObject({ papersMerged: 25 });
    // (bibtex: the edge cases only; no byline here to match)
    expect.soft(summary.sources.slice(0, 3).every((s) => s.authors.byByline > 0)).toBe(true);
    expect.soft(bulk.some((l) => l.includes('"id":"arxiv:1706.03762"') && l.includes('"openalexId":"W94'))).toBe(true);
    expect.soft(bulk.some((l) => l.includes('"source":"openalex"'))).toBe(true);
    // … and the graphs are the same, line for line (every node, relationship, property and value type;
    // recordedAt and updatedAt of this run's writes read "import time": the two paths write at different instants).
    expect(summary.nodes + summary.relationships).toBe(bulk.length);
    const txSet = new Set(tx);
    const bulkSet = new Set(bulk);
    expect(bulk.filter((l) => !txSet.has(l)).slice(0, 5)).toEqual([]);
    expect(tx.filter((l) => !bulkSet.has(l)).slice(0, 5)).toEqual([]);
    expect(hashLines(bulk)).toBe(hashLines(tx));
  }, 900_000);
});
