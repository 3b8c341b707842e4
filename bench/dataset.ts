import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalNeo4jConfig } from '../src/config.js';
import { type BulkSummary, bulkImport } from '../src/ingest/bulk/bulk-import.js';
import { formatBulkSummary } from '../src/ingest/bulk/summary.js';
import { freePort } from '../src/neo4j-local/server.js';
import { formatProgress, writeDatasetFile } from './generate/write.js';

export interface DatasetMarker {
  papers: number;
  seed: number;
  records: number;
  generateMs: number;
  /** How the dataset was loaded: the bulk path (neo4j-admin import), with its phases. */
  import: Omit<BulkSummary, 'neo4j'> & { method: 'bulk' };
  importedAt: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The local Neo4j of a dataset's own database (`<benchDir>/neo4j-<papers>-seed-<seed>`), on a free port. */
export async function datasetLocal(
  local: LocalNeo4jConfig,
  o: { papers: number; seed: number; benchDir: string; heap: string; pageCache: string },
): Promise<LocalNeo4jConfig> {
  const root = path.join(o.benchDir, `neo4j-${o.papers}-seed-${o.seed}`);
  return {
    ...local,
    boltPort: await freePort(),
    heap: o.heap,
    pageCache: o.pageCache,
    dataDir: path.join(root, 'data'),
    homeDir: path.join(root, 'home'),
  };
}

/**
 * Make sure the database of `local` (its data directory, with Neo4j stopped)
 * holds the dataset (papers, seed): generate the NDJSON file if missing,
 * bulk-load it with neo4j-admin import (replacing whatever an unfinished
 * earlier attempt left there), and leave a marker so the next run skips both.
 */
export async function ensureDataset(options: {
  papers: number;
  seed: number;
  benchDir: string;
  local: LocalNeo4jConfig;
}): Promise<DatasetMarker> {
  const marker = path.join(options.local.dataDir, 'papergraph-bench-dataset.json');
  if (existsSync(marker)) {
    const existing = JSON.parse(await readFile(marker, 'utf8')) as DatasetMarker;
    if (existing.papers === options.papers && existing.seed === options.seed) {
      log(`dataset: ${options.papers} papers (seed ${options.seed}) already imported; skipping`);
      return existing;
    }
    throw new Error(
      `${options.local.dataDir} holds another dataset (${existing.papers}/${existing.seed}); remove it first`,
    );
  }
  const dataFile = path.join(options.benchDir, 'data', `papers-${options.papers}-seed-${options.seed}.ndjson`);
  await mkdir(path.dirname(dataFile), { recursive: true });
  let generateMs = 0;
  if (!existsSync(dataFile)) {
    let last = 0;
    const summary = await writeDatasetFile(dataFile, { papers: options.papers, seed: options.seed }, (p) => {
      if (p.ms - last > 5_000) {
        last = p.ms;
        log(formatProgress(p));
      }
    });
    generateMs = summary.ms;
    log(
      `dataset: generated ${summary.records} records (${(summary.bytes / 1e6).toFixed(0)} MB) in ${(summary.ms / 1000).toFixed(1)} s`,
    );
  }
  // No marker: nothing there, or an unfinished earlier attempt: replace it.
  const { neo4j: _, ...summary } = await bulkImport([dataFile], { local: options.local, overwrite: true, log });
  log(formatBulkSummary(summary));
  const result: DatasetMarker = {
    papers: options.papers,
    seed: options.seed,
    records: summary.records,
    generateMs: Math.round(generateMs),
    import: { ...summary, method: 'bulk' },
    importedAt: new Date().toISOString(),
  };
  await writeFile(marker, JSON.stringify(result, null, 2));
  return result;
}
