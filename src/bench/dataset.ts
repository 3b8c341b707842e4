import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { schemaFile } from '../bootstrap.js';
import { Executor } from '../db/executor.js';
import { applySchema } from '../db/schema-store.js';
import { type ImportSummary, importFiles } from '../ingest/load.js';
import { formatProgress, writeDatasetFile } from './generate/write.js';

export interface DatasetMarker {
  papers: number;
  seed: number;
  records: number;
  generateMs: number;
  import: ImportSummary & { phasesMs: Record<string, number>; batchSize: number };
  importedAt: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Make sure the database under `dataDir` holds the dataset (papers, seed):
 * generate the NDJSON file if missing, import it with the project's importer,
 * and leave a marker so the next run skips both.
 */
export async function ensureDataset(
  driver: Driver,
  options: { papers: number; seed: number; benchDir: string; dataDir: string; batchSize: number },
): Promise<DatasetMarker> {
  const marker = path.join(options.dataDir, 'papergraph-bench-dataset.json');
  const executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 600_000 });
  await applySchema(executor, schemaFile);
  if (existsSync(marker)) {
    const existing = JSON.parse(await readFile(marker, 'utf8')) as DatasetMarker;
    if (existing.papers === options.papers && existing.seed === options.seed) {
      log(`dataset: ${options.papers} papers (seed ${options.seed}) already imported; skipping`);
      return existing;
    }
    throw new Error(`${options.dataDir} holds another dataset (${existing.papers}/${existing.seed}); remove it first`);
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
  const phasesMs: Record<string, number> = {};
  let phase = '';
  let phaseStart = performance.now();
  let lastLog = 0;
  const started = performance.now();
  const summary = await importFiles(executor, [dataFile], {
    batchSize: options.batchSize,
    onProgress: (p) => {
      const now = performance.now();
      if (p.phase !== phase) {
        if (phase) phasesMs[phase] = Math.round(now - phaseStart);
        phase = p.phase;
        phaseStart = now;
      }
      if (now - lastLog > 5_000) {
        lastLog = now;
        const fraction = p.bytes / p.totalBytes;
        const phaseS = (now - phaseStart) / 1000;
        const eta = fraction > 0 ? (phaseS / fraction - phaseS).toFixed(0) : '?';
        log(
          `import: ${p.phase} ${(100 * fraction).toFixed(1)} %, ${p.written} written, ${Math.round(p.written / Math.max(phaseS, 0.001))} rec/s, phase ETA ${eta} s (${((now - started) / 1000).toFixed(0)} s in)`,
        );
      }
    },
  });
  phasesMs[phase] = Math.round(performance.now() - phaseStart);
  log(
    `import: ${summary.records} records in ${(summary.ms / 1000).toFixed(1)} s = ${summary.recordsPerSecond} records/s`,
  );
  const result: DatasetMarker = {
    papers: options.papers,
    seed: options.seed,
    records: summary.records,
    generateMs: Math.round(generateMs),
    import: { ...summary, phasesMs, batchSize: options.batchSize },
    importedAt: new Date().toISOString(),
  };
  await writeFile(marker, JSON.stringify(result, null, 2));
  return result;
}
