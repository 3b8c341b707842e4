import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrationsDir } from '../../bootstrap.js';
import type { LocalNeo4jConfig } from '../../config.js';
import { createDriver } from '../../db/driver.js';
import { Executor } from '../../db/executor.js';
import { applySchema, indexProgress } from '../../db/schema-store.js';
import { BulkStore } from '../../db/stores/bulk-store.js';
import { type LinkSummary, linkGraph } from '../../link/run.js';
import { ProvisionError } from '../../neo4j-local/prerequisites.js';
import { type LocalNeo4j, runningNeo4jPid, startLocalNeo4j } from '../../neo4j-local/server.js';
import { emptyGraph } from '../cycles.js';
import { IdTable } from '../edge-keys.js';
import { papergraphProvenance } from '../load.js';
import { totalBytes } from '../read.js';
import { validateImport } from '../validate.js';
import { runAdminImport } from './admin-import.js';
import { Ticker } from './progress.js';
import { BulkCsv, csvDir } from './rows.js';

export interface BulkImportOptions {
  /** The local Neo4j whose data directory receives the import (stopped while importing). */
  local: LocalNeo4jConfig;
  /** Replace an existing database (everything in it is lost). */
  overwrite?: boolean;
  /** Provenance for edges without a `source`; default `import:<file name>`. */
  source?: (file: string) => string;
  /** Provenance of the papers a file writes; default `papergraph:<file name>` (as the transactional import). */
  provenance?: (file: string) => string | null;
  /** Java heap of the admin import (default 4g). */
  importHeap?: string;
  /** Off-heap memory the admin import may use (default 6g). */
  maxOffHeap?: string;
  /** Leave the Neo4j started for the index build running and return it. */
  keepRunning?: boolean;
  /** Run the linker over the new graph after the post-pass (`npm run import -- --bulk` does unless --no-link). */
  link?: boolean;
  log?: (line: string) => void;
}

/** `validate + csv`: one pass over the input that validates it and writes the CSV files. */
export type BulkPhase = 'validate + csv' | 'admin import' | 'start' | 'indexes' | 'post-pass';

export interface BulkSummary {
  files: string[];
  /** Valid records in the files. */
  records: number;
  nodes: number;
  relationships: number;
  phasesMs: Record<BulkPhase, number>;
  ms: number;
  /** Records per second over every phase. */
  recordsPerSecond: number;
  /** Records per second over the admin import alone. */
  loadRecordsPerSecond: number;
  importHeap: string;
  /** The running server, when `keepRunning`. */
  neo4j?: LocalNeo4j;
  /** What the linker did, when `link`. */
  link?: LinkSummary;
}

/** Refuse, with what to do instead, when the target is served or already holds a database. */
export async function checkBulkTarget(local: LocalNeo4jConfig, overwrite: boolean): Promise<void> {
  const pid = runningNeo4jPid(local.dataDir);
  if (pid) {
    throw new ProvisionError(
      `Neo4j is running on ${local.dataDir} (pid ${pid}). The bulk import writes the store files offline: stop that server first.`,
    );
  }
  const db = path.join(local.dataDir, 'databases', 'neo4j');
  if (!overwrite && existsSync(db) && (await readdir(db)).length > 0) {
    throw new ProvisionError(
      `${db} already holds a database. The bulk import only creates a new one: pass --overwrite to replace it ` +
        '(everything in it is lost), or add to it with the transactional import (without --bulk).',
    );
  }
}

/**
 * Initial load of NDJSON files into a new database with Neo4j's offline
 * importer: one pass validates (the transactional importer's checks and
 * messages) and streams the records into CSV files under <cache>/tmp; an
 * invalid import removes them and writes nothing else. Then set each cited
 * paper's citationCount in its CSV row, run `neo4j-admin database import
 * full`, start Neo4j, create the constraints and indexes and wait for them,
 * then the post-pass. Holds ids, edge keys and one count per cited paper in
 * memory, never the records.
 */
export async function bulkImport(files: string[], options: BulkImportOptions): Promise<BulkSummary> {
  const sourceOf = options.source ?? ((file: string) => `import:${path.basename(file)}`);
  const provenanceOf = options.provenance ?? papergraphProvenance;
  const total = await totalBytes(files);
  return loadBulk(files, options, async (dir, log) => {
    const ids = new IdTable();
    const csv = new BulkCsv(dir, ids, sourceOf, provenanceOf, new Date().toISOString());
    // One pass: validate and write the CSV as the records come; references are checked at the end,
    // and an invalid import only ever wrote these temporary files (removed by loadBulk).
    const ticker = new Ticker(log, 'validate + csv', 'records');
    let seen = 0;
    const { records } = await validateImport(
      files,
      emptyGraph,
      (bytes) => ticker.tick(bytes / Math.max(total, 1), seen),
      {
        ids,
        onRecord: (parsed, interned) => {
          seen += 1;
          return csv.add(parsed, interned);
        },
      },
    ).catch(async (error) => {
      await csv.close().catch(() => {});
      throw error;
    });
    await csv.close();
    const cited = await csv.patchCitationCounts();
    log(`[bulk] citationCount set on ${cited.toLocaleString('en-US')} papers`);
    return { records, ...csv.counts(), args: csv.importArgs() };
  });
}

/** What the first phase of a bulk load wrote: the CSV files' admin-import arguments and counts. */
export interface PreparedCsv {
  /** Input records (papergraph) or works (source formats). */
  records: number;
  nodes: number;
  relationships: number;
  args: string[];
}

/**
 * The phases after the CSV: `prepare` writes the CSV files into a fresh directory under <cache>/tmp
 * (removed afterwards, and when prepare fails), then the admin import, start, indexes, post-pass.
 */
export async function loadBulk(
  files: string[],
  options: BulkImportOptions,
  prepare: (dir: string, log: (line: string) => void) => Promise<PreparedCsv>,
): Promise<BulkSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { local } = options;
  const overwrite = options.overwrite ?? false;
  const importHeap = options.importHeap ?? '4g';
  const started = performance.now();
  const phasesMs = {} as Record<BulkPhase, number>;
  let phaseStart = started;
  const endPhase = (phase: BulkPhase) => {
    const now = performance.now();
    phasesMs[phase] = Math.round(now - phaseStart);
    phaseStart = now;
    log(`[bulk] ${phase} done in ${(phasesMs[phase] / 1000).toFixed(1)} s`);
  };

  await checkBulkTarget(local, overwrite);

  const dir = csvDir(local.cacheDir, new Date().toISOString().replace(/[:.]/g, '-'));
  await mkdir(dir, { recursive: true });
  let keepDir = false;
  try {
    const { records, nodes, relationships, args } = await prepare(dir, log);
    endPhase('validate + csv');

    // The target may have changed while validating.
    await checkBulkTarget(local, overwrite);
    keepDir = true;
    await runAdminImport(
      local,
      {
        args,
        overwrite,
        heap: importHeap,
        maxOffHeap: options.maxOffHeap ?? '6g',
        threads: Math.max(2, os.availableParallelism()),
        reportFile: path.join(dir, 'import.report'),
      },
      (line) => log(`[bulk] ${line}`),
    );
    keepDir = false;
    endPhase('admin import');

    const neo4j = await startLocalNeo4j(local, (line) => log(`[bulk] ${line}`));
    let linked: LinkSummary | undefined;
    const driver = createDriver({ uri: neo4j.uri, user: local.user, password: local.password });
    try {
      endPhase('start');
      const executor = new Executor(driver, { database: 'neo4j', txTimeoutMs: 3_600_000 });
      await applySchema(executor, migrationsDir, {
        awaitIndexes: false,
        log: (line) => log(`[bulk] ${line}`),
        onStatement: (cypher, ms) => {
          if (ms > 1_000) log(`[bulk] ${(ms / 1000).toFixed(1)} s: ${(cypher.split('\n')[0] ?? '').slice(0, 90)}`);
        },
      });
      await awaitIndexes(executor, log);
      endPhase('indexes');
      const set = await new BulkStore(executor).setEmptyLists();
      log(`[bulk] post-pass: [] on ${set} empty list properties (aliases, …)`);
      const stamped = await new BulkStore(executor).stampTouched(new Date().toISOString());
      log(`[bulk] post-pass: updatedAt on ${stamped} papers`);
      endPhase('post-pass');
      if (options.link) {
        log('[bulk] linking papers to techniques (npm run link)');
        linked = await linkGraph(executor);
      }
    } catch (error) {
      await neo4j.stop();
      throw error;
    } finally {
      await driver.close();
    }
    if (!options.keepRunning) await neo4j.stop();

    const ms = Math.round(performance.now() - started);
    return {
      files,
      records,
      nodes,
      relationships,
      phasesMs,
      ms,
      recordsPerSecond: Math.round((records / Math.max(ms, 1)) * 1000),
      loadRecordsPerSecond: Math.round((records / Math.max(phasesMs['admin import'], 1)) * 1000),
      importHeap,
      neo4j: options.keepRunning ? neo4j : undefined,
      link: linked,
    };
  } finally {
    if (keepDir) log(`[bulk] CSV files and the import report kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

/** Poll until every index is online, logging their mean population with rate and ETA. */
async function awaitIndexes(executor: Executor, log: (line: string) => void): Promise<void> {
  const ticker = new Ticker(log, 'indexes', 'percent');
  for (;;) {
    const states = await indexProgress(executor);
    const failed = states.filter((s) => s.state === 'FAILED');
    if (failed.length) throw new Error(`index(es) failed to populate: ${failed.map((s) => s.name).join(', ')}`);
    const mean = states.reduce((n, s) => n + (s.state === 'ONLINE' ? 100 : s.populationPercent), 0) / states.length;
    const waiting = states.filter((s) => s.state !== 'ONLINE');
    ticker.tick(
      mean / 100,
      Math.round(mean),
      waiting.length ? `waiting for ${waiting.map((s) => s.name).join(', ')}` : '',
    );
    if (!waiting.length) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
