import path from 'node:path';
import type { Executor, WriteCounters } from '../db/executor.js';
import { ImportStore, type NodeType, type StructuralLink } from '../db/stores/import-store.js';
import { readLines, totalBytes } from './read.js';
import type { EdgeRecord, ImportRecord, LineageRelation } from './records.js';
import { type ParsedLine, parseLine, validateImport } from './validate.js';

export interface ImportProgress {
  phase: 'validate' | 'nodes' | 'relationships';
  /** Bytes read in this phase, out of `totalBytes`. */
  bytes: number;
  totalBytes: number;
  /** Records written so far in this phase. */
  written: number;
}

export interface ImportSummary {
  files: string[];
  records: number;
  nodesCreated: number;
  nodesUpdated: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  ms: number;
  recordsPerSecond: number;
}

export interface ImportOptions {
  /** Records per transaction. */
  batchSize?: number;
  /** Provenance for edges without a `source`; default `import:<file name>`. */
  source?: (file: string) => string;
  onProgress?: (p: ImportProgress) => void;
}

const nodeOrder: NodeType[] = ['topic', 'author', 'technique', 'paper'];

/**
 * Load NDJSON import files: validate everything first (an invalid import
 * writes nothing), then MERGE nodes and then relationships in batches, each
 * batch one transaction. Idempotent: loading the same files again changes no counts.
 */
export async function importFiles(
  executor: Executor,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const store = new ImportStore(executor);
  const batchSize = options.batchSize ?? 1_000;
  const sourceOf = options.source ?? ((file: string) => `import:${path.basename(file)}`);
  const total = await totalBytes(files);
  const progress = options.onProgress ?? (() => {});

  const { records } = await validateImport(files, store, (bytes) =>
    progress({ phase: 'validate', bytes, totalBytes: total, written: 0 }),
  );

  const sum: WriteCounters = {
    nodesCreated: 0,
    nodesDeleted: 0,
    relationshipsCreated: 0,
    relationshipsDeleted: 0,
    propertiesSet: 0,
  };
  const add = (c: WriteCounters) => {
    for (const key of Object.keys(sum) as (keyof WriteCounters)[]) sum[key] += c[key];
  };
  let nodeRecords = 0;

  // Nodes first (topics, authors, techniques, papers), so every relationship finds both ends.
  const nodeBatches = new Map<NodeType, Record<string, unknown>[]>(nodeOrder.map((t) => [t, []]));
  const flushNodes = async (type: NodeType) => {
    const rows = nodeBatches.get(type) ?? [];
    if (!rows.length) return;
    add(await store.upsertNodes(type, rows));
    nodeRecords += rows.length;
    nodeBatches.set(type, []);
  };
  await forEachRecord(
    files,
    total,
    'nodes',
    progress,
    () => nodeRecords,
    async (p) => {
      const r = p.record;
      if (r.type === 'edge') return;
      const rows = nodeBatches.get(r.type) as Record<string, unknown>[];
      rows.push(nodeRow(r));
      if (rows.length >= batchSize) await flushNodes(r.type);
    },
  );
  for (const type of nodeOrder) await flushNodes(type);

  // Then structural links and lineage edges.
  const linkBatches = new Map<StructuralLink, { id: string; refs: string[] }[]>();
  const edgeBatches = new Map<LineageRelation, (EdgeRecord & { source: string })[]>();
  let written = 0;
  const flushLink = async (link: StructuralLink) => {
    const rows = linkBatches.get(link) ?? [];
    if (!rows.length) return;
    add(await store.link(link, rows));
    written += rows.length;
    linkBatches.set(link, []);
  };
  const flushEdges = async (relation: LineageRelation) => {
    const rows = edgeBatches.get(relation) ?? [];
    if (!rows.length) return;
    add(await store.edges(relation, rows));
    written += rows.length;
    edgeBatches.set(relation, []);
  };
  const pushLink = async (link: StructuralLink, id: string, refs: string[]) => {
    const rows = linkBatches.get(link) ?? [];
    rows.push({ id, refs });
    linkBatches.set(link, rows);
    if (rows.length >= batchSize) await flushLink(link);
  };
  await forEachRecord(
    files,
    total,
    'relationships',
    progress,
    () => written,
    async ({ file, record: r }) => {
      if (r.type === 'paper') {
        await pushLink('authored', r.id, r.authors);
        await pushLink('about', r.id, r.topics);
      } else if (r.type === 'technique') {
        await pushLink('inTopic', r.id, r.topics);
      } else if (r.type === 'topic') {
        await pushLink('subtopicOf', r.id, r.parent ? [r.parent] : []);
      } else if (r.type === 'edge') {
        const rows = edgeBatches.get(r.relation) ?? [];
        rows.push({ ...r, source: r.source ?? sourceOf(file) });
        edgeBatches.set(r.relation, rows);
        if (rows.length >= batchSize) await flushEdges(r.relation);
      }
    },
  );
  for (const link of ['subtopicOf', 'inTopic', 'authored', 'about'] as StructuralLink[]) await flushLink(link);
  for (const relation of ['BUILDS_ON', 'INTRODUCES', 'USES', 'CITES'] as LineageRelation[]) await flushEdges(relation);

  const ms = Date.now() - started;
  return {
    files,
    records,
    nodesCreated: sum.nodesCreated,
    nodesUpdated: nodeRecords - sum.nodesCreated,
    relationshipsCreated: sum.relationshipsCreated,
    relationshipsDeleted: sum.relationshipsDeleted,
    ms,
    recordsPerSecond: Math.round((records / Math.max(ms, 1)) * 1000),
  };
}

function nodeRow(r: Exclude<ImportRecord, EdgeRecord>): Record<string, unknown> {
  switch (r.type) {
    case 'topic':
      return { id: r.id, name: r.name, description: r.description ?? null };
    case 'author':
      return { id: r.id, name: r.name, kind: r.kind, aliases: r.aliases };
    case 'technique':
      return { id: r.id, name: r.name, aliases: r.aliases, description: r.description };
    case 'paper':
      return {
        id: r.id,
        title: r.title,
        abstract: r.abstract ?? null,
        published: r.published,
        arxivId: r.arxivId ?? null,
        url: r.url ?? null,
        kind: r.kind,
      };
  }
}

async function forEachRecord(
  files: string[],
  total: number,
  phase: ImportProgress['phase'],
  progress: (p: ImportProgress) => void,
  written: () => number,
  visit: (p: ParsedLine) => Promise<void>,
): Promise<void> {
  let base = 0;
  for (const file of files) {
    let last = 0;
    for await (const raw of readLines(file)) {
      last = raw.bytes;
      // Already validated: parsing cannot fail here.
      await visit(parseLine(file, raw.line, raw.text) as ParsedLine);
      progress({ phase, bytes: base + raw.bytes, totalBytes: total, written: written() });
    }
    base += last;
  }
}
