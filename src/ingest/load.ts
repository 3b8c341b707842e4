import path from 'node:path';
import type { Executor } from '../db/executor.js';
import {
  type BatchCounters,
  type EdgeRow,
  ImportStore,
  IncompleteBatchError,
  type LinkRow,
} from '../db/stores/import-store.js';
import type { WritePath } from '../db/writes.js';
import { edgeProperties, labelOf, listedRelations, rowOf, type StoredRow } from '../graph/derive.js';
import type { Label, LineageRelation, StructuralRelation } from '../graph/model.js';
import { emptyGraph } from './cycles.js';
import { ImportBatchError, type RecordError } from './errors.js';
import { readLines, totalBytes } from './read.js';
import type { EdgeRecord, ImportRecord } from './records.js';
import {
  type GraphLookup,
  type ParsedLine,
  parseLine,
  type Reference,
  referencesOf,
  validateImport,
} from './validate.js';

export interface ImportProgress {
  /** The papergraph format's passes, or a source-format import's (src/ingest/source/import.ts). */
  phase: 'validate' | 'nodes' | 'relationships' | 'read' | 'works' | 'citations';
  /** Bytes read in this phase, out of `totalBytes` (with `unit`: works or references done, out of that many). */
  bytes: number;
  totalBytes: number;
  /** What `bytes` and `totalBytes` count when not bytes of input: a source import's works and citations passes. */
  unit?: 'works' | 'references';
  /** Records written so far in this phase. */
  written: number;
}

export interface ImportSummary {
  files: string[];
  /** Valid records in the files. */
  records: number;
  /** Validated only; nothing was written. */
  dryRun: boolean;
  nodesCreated: number;
  /** Nodes that existed and whose properties changed. */
  nodesUpdated: number;
  /** Nodes that existed with exactly these properties. */
  nodesUnchanged: number;
  relationshipsCreated: number;
  /** Lineage edges that existed and whose evidence, confidence or source changed. */
  relationshipsUpdated: number;
  /** Structural links (AUTHORED, ABOUT, IN_TOPIC, SUBTOPIC_OF) that a node's new record no longer lists. */
  relationshipsDeleted: number;
  /** Transactions committed. */
  batches: number;
  ms: number;
  recordsPerSecond: number;
}

export interface ImportOptions {
  /** Records per transaction (default 1000). */
  batchSize?: number;
  /** Provenance for edges without a `source`; default `import:<file name>`. */
  source?: (file: string) => string;
  /** Provenance of the papers a file writes (`source`); default `papergraph:<file name>`, null for the curated seed. */
  provenance?: (file: string) => string | null;
  /** Called as records are read; the write phases wait for a returned promise before going on. */
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  /** Validate only. */
  dryRun?: boolean;
  /**
   * The caller knows the graph holds no node of the model (a first start's seed): validation then
   * looks nothing up in it (ids elsewhere, cycles through existing edges) — the answers would be empty.
   */
  emptyGraph?: boolean;
  /** The write path these writes are reported as to onCommitted listeners (default `import`). */
  path?: WritePath;
}

/** A papergraph-format file's provenance on the papers it brings: `papergraph:<file name>`. */
export const papergraphProvenance = (file: string) => `papergraph:${path.basename(file)}`;

/**
 * Load NDJSON import files: validate everything first (an invalid import
 * writes nothing), then MERGE nodes and then relationships in batches of
 * `batchSize` records, each batch one transaction. Idempotent: loading the
 * same files again changes no counts. Files are streamed, never read whole.
 */
export async function importFiles(
  executor: Executor,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const store = new ImportStore(executor, options.path ?? 'import');
  const batchSize = options.batchSize ?? 1_000;
  const sourceOf = options.source ?? ((file: string) => `import:${path.basename(file)}`);
  const provenanceOf = options.provenance ?? papergraphProvenance;
  const progress = options.onProgress ?? (() => {});
  const total = await totalBytes(files);

  const lookup: GraphLookup = options.emptyGraph ? emptyGraph : store;
  const { records } = await validateImport(files, lookup, (bytes) => {
    void progress({ phase: 'validate', bytes, totalBytes: total, written: 0 });
  });

  const sum: Omit<BatchCounters, 'nodesDeleted' | 'propertiesSet'> = {
    nodesCreated: 0,
    nodesUpdated: 0,
    relationshipsCreated: 0,
    relationshipsUpdated: 0,
    relationshipsDeleted: 0,
  };
  const add = (c: BatchCounters) => {
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += c[key];
  };
  const run = { files, total, batchSize, progress, batches: 0 };
  let nodeRecords = 0;
  /** Papers that CITES edges of this import point at: their citationCount is recounted at the end. */
  const cited = new Set<string>();
  /** Nodes this import created: their links and edges are CREATEd, not merged (ImportStore.writeRelationships). */
  const fresh = new Set<string>();

  if (!options.dryRun) {
    // Nodes first (all files), so every relationship finds both ends whatever the record order.
    nodeRecords = await inBatches(run, 'nodes', isNode, async (batch) => {
      const rows: Partial<Record<Label, StoredRow[]>> = {};
      for (const { file, record: r } of batch) {
        if (r.type === 'edge') continue;
        const row = rowOf(labelOf[r.type], r);
        if (r.type === 'paper') row.source = provenanceOf(file);
        push(rows, labelOf[r.type], row);
      }
      const written = await store.writeNodes(rows);
      add(written);
      for (const id of written.created) fresh.add(id);
    });
    await inBatches(
      run,
      'relationships',
      (r) => r.type !== 'author',
      async (batch) => {
        const links: Partial<Record<StructuralRelation, LinkRow[]>> = {};
        const edges: Partial<Record<LineageRelation, EdgeRow[]>> = {};
        for (const { file, record: r } of batch) {
          if (r.type !== 'edge') {
            for (const listed of listedRelations[r.type])
              push(links, listed.type, { id: r.id, refs: [...listed.refs(r)] });
          } else {
            push(edges, r.relation, edgeRow(r, r.source ?? sourceOf(file)));
            if (r.relation === 'CITES') cited.add(r.to);
          }
        }
        const needs = needsOf(batch).map(({ id, type }) => ({ id, type }));
        add(await store.writeRelationships({ links, edges, needs, fresh }));
      },
    );
    // Once for the whole import instead of per batch (a paper cited from many batches was recounted in each).
    await store.recountCitations(cited);
  }

  const ms = Math.round(performance.now() - started);
  return {
    files,
    records,
    dryRun: options.dryRun ?? false,
    ...sum,
    nodesUnchanged: nodeRecords - sum.nodesCreated - sum.nodesUpdated,
    batches: run.batches,
    ms,
    recordsPerSecond: Math.round((records / Math.max(ms, 1)) * 1000),
  };
}

const isNode = (r: ImportRecord) => r.type !== 'edge';

/** Append `row` to the list under `key`. */
function push<K extends string, T>(into: Partial<Record<K, T[]>>, key: K, row: T): void {
  const list = into[key] ?? [];
  list.push(row);
  into[key] = list;
}

/** Every id a batch of relationship records relies on: each record's own node, then what it references. */
function needsOf(batch: ParsedLine[]): Reference[] {
  return batch.flatMap((p) => {
    const own: Reference[] =
      p.record.type === 'edge'
        ? []
        : [{ file: p.file, line: p.line, path: 'id', id: p.record.id, type: p.record.type, message: '' }];
    return [...own, ...referencesOf(p)];
  });
}

/** The write row of a lineage edge: its ends and each property the model gives it (absent ones null). */
function edgeRow(r: EdgeRecord, source: string): EdgeRow {
  const row: EdgeRow = { from: r.from, to: r.to };
  const fields = r as unknown as Record<string, unknown>;
  for (const [name] of edgeProperties[r.relation]) row[name] = fields[name] ?? null;
  row.source = source;
  return row;
}

interface Run {
  files: string[];
  total: number;
  batchSize: number;
  progress: (p: ImportProgress) => void | Promise<void>;
  /** Transactions committed so far. */
  batches: number;
}

/**
 * Stream the (already validated) records, pass those `wanted` to `write` in
 * batches of `batchSize`, and turn a failed batch into an ImportBatchError
 * naming its records. Returns how many records were written.
 */
async function inBatches(
  run: Run,
  phase: 'nodes' | 'relationships',
  wanted: (r: ImportRecord) => boolean,
  write: (batch: ParsedLine[]) => Promise<void>,
): Promise<number> {
  let batch: ParsedLine[] = [];
  let written = 0;
  const flush = async () => {
    if (!batch.length) return;
    try {
      await write(batch);
    } catch (error) {
      throw new ImportBatchError(
        error instanceof IncompleteBatchError ? missingRecords(batch, error) : [],
        { first: batch[0], last: batch[batch.length - 1], committedBatches: run.batches },
        error,
      );
    }
    run.batches += 1;
    written += batch.length;
    batch = [];
  };
  let base = 0;
  for (const file of run.files) {
    let last = 0;
    for await (const raw of readLines(file)) {
      last = raw.bytes;
      // Already validated: parsing cannot fail here.
      const parsed = parseLine(file, raw.line, raw.text) as ParsedLine;
      if (wanted(parsed.record)) batch.push(parsed);
      if (batch.length >= run.batchSize) await flush();
      await run.progress({ phase, bytes: base + raw.bytes, totalBytes: run.total, written });
    }
    base += last;
  }
  await flush();
  await run.progress({ phase, bytes: run.total, totalBytes: run.total, written });
  return written;
}

/** The references of a failed relationships batch whose nodes were gone when it was written. */
function missingRecords(batch: ParsedLine[], error: IncompleteBatchError): RecordError[] {
  const needs = needsOf(batch);
  return error.missing.map((i) => {
    const need = needs[i];
    if (need === undefined) throw new Error(`missing reference ${i} is not in this batch`);
    const { file, line, path, id, type } = need;
    return { file, line, path, message: `${type} "${id}" is no longer in the graph (deleted after validation?)` };
  });
}
