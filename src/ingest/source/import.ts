import { appendFile, writeFile } from 'node:fs/promises';
import type { Executor } from '../../db/executor.js';
import { type IdRow, type Row, type SourceGraph, SourceStore } from '../../db/stores/source-store.js';
import { formatRecordError, ImportValidationError, type RecordError } from '../errors.js';
import { detectFormat, type RawRecord, readers, recordsOf } from '../formats/input.js';
import {
  canonicalId,
  lookupKeys,
  type SourceFormat,
  type SourceItem,
  type Work,
  type WorkIds,
} from '../formats/work.js';
import { type AuthorCounts, type AuthorMerge, resolveAuthors } from './authors.js';
import { citationsPass } from './citations.js';

export interface SourceImportOptions {
  format: SourceFormat;
  /** Works per transaction (default 1000). */
  batchSize?: number;
  authorMerge?: AuthorMerge;
  /** Write rejected records with their reasons to this file and import the rest. */
  rejectsFile?: string;
  dryRun?: boolean;
  /** Test hook (PAPERGRAPH_IMPORT_KILL_AFTER_BATCH): SIGKILL this process after this many committed work batches. */
  killAfterBatch?: number;
}

export interface SourceSummary {
  format: SourceFormat;
  files: string[];
  works: number;
  rejected: number;
  papersCreated: number;
  /** Works that merged into a paper already in the graph (by an external id). */
  papersMerged: number;
  papersUpdated: number;
  authors: AuthorCounts;
  topicsCreated: number;
  topicsMatchedCurated: number;
  citations: number;
  /** References to works neither in the graph nor in the import: skipped. */
  referencesSkipped: number;
  batches: number;
  ms: number;
  worksPerSecond: number;
}

/** Ids of the import: every lookup key of a valid work → the id its first record got. */
export class ImportIds {
  readonly byKey = new Map<string, string>();
  /** Import ids that became another id (merged into a graph paper). */
  readonly final = new Map<string, string>();
  /** Source topic ids found to be a curated topic (counted once per import). */
  readonly curatedTopics = new Set<string>();
  idOf(ids: WorkIds): string | undefined {
    for (const k of lookupKeys(ids)) {
      const id = this.byKey.get(k);
      if (id !== undefined) return this.final.get(id) ?? id;
    }
    return undefined;
  }
}

/** What a raw record of a file is: its items, or its problems. */
export type ReadRecord =
  | { raw: RawRecord; problems: { path: string; message: string }[] }
  | { raw: RawRecord; items: SourceItem[] };

export async function* itemsOf(file: string, format: SourceFormat, rejected: Set<string>): AsyncGenerator<ReadRecord> {
  const reader = readers[format];
  for await (const raw of recordsOf(file, format)) {
    const where = `${raw.line}:${raw.path}`;
    if (rejected.has(where)) continue;
    if ('error' in raw) {
      yield { raw, problems: [{ path: raw.path, message: raw.error }] };
      continue;
    }
    const out = reader.convert(raw.record, file);
    const prefix = (p: string) => [raw.path, p].filter(Boolean).join('.');
    if ('problems' in out) yield { raw, problems: out.problems.map((p) => ({ ...p, path: prefix(p.path) })) };
    else yield { raw, items: out.items };
  }
}

/**
 * Import source-format files (OpenAlex, S2, arXiv, BibTeX): validate every
 * record first (nothing is written when any is bad, unless rejects go to a
 * file), then write works in batches (one transaction each: papers, authors,
 * bylines, topics), then citations, then recount citationCount.
 */
export function importSource(
  executor: Executor,
  files: string[],
  options: SourceImportOptions,
): Promise<SourceSummary> {
  return importSourceInto(new SourceStore(executor, 'import'), files, options);
}

/** importSource into any SourceGraph: Neo4j, or the bulk path's in-memory graph. */
export async function importSourceInto(
  store: SourceGraph,
  files: string[],
  options: SourceImportOptions,
): Promise<SourceSummary> {
  const started = performance.now();
  const format = options.format;
  const batchSize = options.batchSize ?? 1_000;
  const ids = new ImportIds();
  const rejected = files.map(() => new Set<string>());
  const errors: RecordError[] = [];
  let problems = 0;
  let works = 0;

  // Pass 1: the format of each file, then every record.
  for (const file of files) {
    const seen = await detectFormat(file);
    if (seen !== format) {
      const what = seen ? `${seen} records` : 'no format papergraph reads';
      throw new ImportValidationError(
        [{ file, line: 1, path: '', message: `this file holds ${what}, not ${format} (--format ${seen ?? 'auto'}?)` }],
        1,
      );
    }
  }
  for (const [f, file] of files.entries()) {
    for await (const r of itemsOf(file, format, new Set())) {
      if ('problems' in r) {
        problems += 1;
        rejected[f]?.add(`${r.raw.line}:${r.raw.path}`);
        for (const p of r.problems) {
          const e = { file, line: r.raw.line, path: p.path, message: p.message };
          if (errors.length < 100) errors.push(e);
          if (options.rejectsFile)
            await appendFile(
              options.rejectsFile,
              `${formatRecordError(e)}\t${'record' in r.raw ? JSON.stringify(r.raw.record) : ''}\n`,
            );
        }
        continue;
      }
      for (const item of r.items) {
        if (item.type !== 'work') continue;
        works += 1;
        const own = canonicalId(item.ids);
        if (!own) continue;
        const first = ids.idOf(item.ids) ?? own;
        for (const k of lookupKeys(item.ids)) if (!ids.byKey.has(k)) ids.byKey.set(k, first);
      }
    }
  }
  if (problems && !options.rejectsFile) throw new ImportValidationError(errors, problems);
  if (options.rejectsFile && !problems) await writeFile(options.rejectsFile, '');

  const summary: SourceSummary = {
    format,
    files,
    works,
    rejected: problems,
    papersCreated: 0,
    papersMerged: 0,
    papersUpdated: 0,
    authors: { byId: 0, byByline: 0, byName: 0, created: 0, ambiguous: 0 },
    topicsCreated: 0,
    topicsMatchedCurated: 0,
    citations: 0,
    referencesSkipped: 0,
    batches: 0,
    ms: 0,
    worksPerSecond: 0,
  };
  if (!options.dryRun) {
    // Pass 2: works.
    let batch: Work[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await writeBatch(store, format, batch, ids, options.authorMerge ?? 'corroborated', summary);
      batch = [];
      summary.batches += 1;
      if (options.killAfterBatch === summary.batches) process.kill(process.pid, 'SIGKILL');
    };
    for (const [f, file] of files.entries()) {
      for await (const r of itemsOf(file, format, rejected[f] ?? new Set())) {
        if (!('items' in r)) continue;
        for (const item of r.items) if (item.type === 'work') batch.push(item);
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    // Pass 3: citations.
    const cited = await citationsPass(store, files, format, rejected, ids, batchSize, summary);
    await store.recount([...cited]);
  }
  summary.ms = Math.round(performance.now() - started);
  summary.worksPerSecond = Math.round((works / Math.max(summary.ms, 1)) * 1000);
  return summary;
}

async function writeBatch(
  store: SourceGraph,
  source: SourceFormat,
  batch: Work[],
  ids: ImportIds,
  mode: AuthorMerge,
  summary: SourceSummary,
): Promise<void> {
  const idRows: IdRow[] = batch.map((w, i) => ({
    i,
    arxiv: w.ids.arxiv ?? null,
    doi: w.ids.doi ?? null,
    openalex: [w.ids.openalex, ...(w.ids.openalexMerged ?? [])].filter((x): x is string => !!x),
    s2: w.ids.s2 ?? null,
    corpus: w.ids.corpusId ?? null,
  }));
  const inGraph = await store.resolvePapers(idRows);
  const placed = batch.map((work, i) => {
    const importId = ids.byKey.get(lookupKeys(work.ids)[0] ?? '') ?? (canonicalId(work.ids) as string);
    const graphId = inGraph.get(i);
    if (graphId && graphId !== importId) ids.final.set(importId, graphId);
    return { work, paperId: graphId ?? importId, existing: graphId !== undefined };
  });
  const authors = await resolveAuthors(store, source, placed, mode, summary.authors);

  const topics = new Map(batch.flatMap((w) => w.topics.map((t) => [t.id, t] as const)));
  const curated = await store.curatedTopics([...new Set([...topics.values()].map((t) => t.name.toLowerCase()))]);
  const topicId = (id: string) => {
    const t = topics.get(id);
    return (t && curated.get(t.name.toLowerCase())) ?? id;
  };
  const topicRows: Row[] = [];
  for (const t of topics.values()) {
    if (curated.has(t.name.toLowerCase())) {
      if (!ids.curatedTopics.has(t.id)) summary.topicsMatchedCurated += 1;
      ids.curatedTopics.add(t.id);
    } else
      topicRows.push({ id: t.id, name: t.name, level: t.level, parent: t.parent ? topicId(t.parent) : null, source });
  }

  const papers = placed.map(({ work: w, paperId }) => ({
    id: paperId,
    source,
    title: w.title,
    titleLower: w.title.toLowerCase(),
    abstract: w.abstract ?? null,
    published: w.published ?? null,
    year: w.year ?? null,
    datePrecision: w.datePrecision ?? null,
    kind: w.kind,
    sourceType: w.sourceType ?? null,
    url: w.url ?? null,
    citedByCount: w.citedByCount ?? null,
    arxivId: w.ids.arxiv ?? null,
    arxivVersion: w.ids.arxivVersion ?? null,
    doi: w.ids.doi ?? null,
    openalexId: w.ids.openalex ?? null,
    openalexIds: [w.ids.openalex, ...(w.ids.openalexMerged ?? [])].filter((x): x is string => !!x),
    s2Id: w.ids.s2 ?? null,
    corpusId: w.ids.corpusId ?? null,
  }));
  const { papers: written, topicsCreated } = await store.writeWorks({
    source,
    papers,
    authors: authors.rows,
    bylines: placed.map((p, i) => ({ paper: p.paperId, authors: authors.ids[i] ?? [] })),
    topics: topicRows,
    about: placed.map((p) => ({ paper: p.paperId, topics: [...new Set(p.work.topics.map((t) => topicId(t.id)))] })),
  });
  for (const [i, p] of written.entries()) {
    if (p.created) summary.papersCreated += 1;
    else if (placed[i]?.existing && !p.own) summary.papersMerged += 1;
    if (p.changed) summary.papersUpdated += 1;
  }
  summary.topicsCreated += topicsCreated;
}

/** The summary as printed by `npm run import -- --format …`. */
export function formatSourceSummary(s: SourceSummary): string {
  const a = s.authors;
  return [
    `Import (${s.format}) of ${s.files.length} file(s): ${s.works} works in ${s.ms} ms (${s.worksPerSecond} works/s), ${s.batches} batch(es)`,
    `  papers: ${s.papersCreated} created, ${s.papersMerged} merged into existing papers, ${s.papersUpdated} updated`,
    `  authors: ${a.created} new, ${a.byId} matched by external id, ${a.byByline} by byline, ${a.byName} by name, ${a.ambiguous} ambiguous (kept apart)`,
    `  topics: ${s.topicsCreated} nodes created, ${s.topicsMatchedCurated} matched a curated topic by name`,
    `  citations: ${s.citations} written, ${s.referencesSkipped} references outside the graph skipped`,
    ...(s.rejected ? [`  rejected: ${s.rejected} record(s) (see the rejects file)`] : []),
  ].join('\n');
}
