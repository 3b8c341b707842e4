import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seedDir } from '../../bootstrap.js';
import { emptyGraph } from '../cycles.js';
import type { SourceFormat } from '../formats/work.js';
import { totalBytes } from '../read.js';
import { seedFiles } from '../seed.js';
import type { AuthorMerge } from '../source/authors.js';
import { importSourceInto } from '../source/import.js';
import { formatSourceSummary, type SourceSummary } from '../source/summary.js';
import { validateImport } from '../validate.js';
import { type BulkImportOptions, type BulkSummary, loadBulk } from './bulk-import.js';
import { writeGraphCsv } from './memory-csv.js';
import { MemoryGraph } from './memory-graph.js';
import { Ticker } from './progress.js';

/** Files of one source format, imported in this order. */
export interface SourceInput {
  format: SourceFormat;
  files: string[];
}

export interface SourceBulkOptions extends BulkImportOptions {
  authorMerge?: AuthorMerge;
  /** Works per batch: the same batches as the transactional import (default 1000), so the same merges. */
  batchSize?: number;
  /** Import the valid records, write the rejected ones here (as the transactional import). */
  rejectsFile?: string;
  /** The curated seed (default seed/). */
  seedDir?: string;
}

export interface SourceBulkSummary extends BulkSummary {
  /** Per input, what the source importer did (the transactional import's summary). */
  sources: SourceSummary[];
}

/**
 * `npm run import -- --bulk --format openalex|s2|arxiv|bibtex|auto`: an initial load of source-format
 * files together with the curated seed. The seed's records, then each input in order, go into an
 * in-memory graph through the transactional path's own importer (src/ingest/source/*: the same
 * batches, identity resolution, author matching and merge rules), which is then written as CSV for
 * the offline importer. The graph equals loadSeed followed by importSource of each input
 * (test/integration/ingest-bulk-sources.test.ts).
 */
export async function bulkImportSources(inputs: SourceInput[], options: SourceBulkOptions): Promise<SourceBulkSummary> {
  const files = inputs.flatMap((i) => i.files);
  await totalBytes(files);
  const sources: SourceSummary[] = [];
  const summary = await loadBulk(files, options, async (dir, log) => {
    const graph = new MemoryGraph(new Date().toISOString());
    const seed = await seedFiles(options.seedDir ?? seedDir);
    const { records } = await validateImport(seed, emptyGraph, () => {}, {
      onRecord: (parsed) => graph.addRecord(parsed, 'curated', null),
    });
    log(`[bulk] seed: ${records} records`);
    // One rejects file for every format group: started here, appended to by each group's import.
    if (options.rejectsFile) await writeFile(options.rejectsFile, '');
    for (const { format, files } of inputs) {
      let ticker: Ticker | undefined;
      let current = '';
      const s = await importSourceInto(graph, files, {
        // Progress lines per phase (read, works, citations), at most one per 5 s, as the other bulk phases.
        onProgress: (p) => {
          const phase = `${format} ${p.phase}`;
          if (!ticker || phase !== current) ticker = new Ticker(log, phase, p.unit ?? 'records');
          current = phase;
          ticker.tick(p.totalBytes ? p.bytes / p.totalBytes : 1, p.unit ? p.bytes : p.written);
        },
        format,
        batchSize: options.batchSize,
        authorMerge: options.authorMerge,
        rejectsFile: options.rejectsFile,
        tmpDir: path.join(options.local.cacheDir, 'tmp'),
      });
      sources.push(s);
      for (const line of formatSourceSummary(s).split('\n')) log(`[bulk] ${line}`);
    }
    const csv = await writeGraphCsv(graph, dir);
    return { records: sources.reduce((n, s) => n + s.works, 0), ...csv };
  });
  return { ...summary, sources };
}
