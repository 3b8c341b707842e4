import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../../db/executor.js';
import { type IdRow, type Row, type SourceGraph, SourceStore } from '../../db/stores/source-store.js';
import { ahead, chunks } from '../ahead.js';
import { canonicalId, lookupKeys, type MergedId, type SourceFormat, type Work } from '../formats/work.js';
import type { ImportProgress } from '../load.js';
import { type AuthorMerge, KnownAuthors, resolveAuthors } from './authors.js';
import { citationsPass } from './citations.js';
import { type ImportIds, type ReadPass, readPass, type Spills } from './read-pass.js';
import { CiteSpill, Spill, withSpillDir } from './spill.js';
import { emptySummary, type SourceSummary } from './summary.js';

export interface SourceImportOptions {
  format: SourceFormat;
  /** Works per transaction (default 1000). */
  batchSize?: number;
  authorMerge?: AuthorMerge;
  /**
   * Write rejected records with their reasons to this file and import the rest. importSource starts
   * the file empty; importSourceInto only appends, so one file collects the rejects of several calls
   * (the bulk path's format groups, started once by bulkImportSources).
   */
  rejectsFile?: string;
  dryRun?: boolean;
  /**
   * Keep references to works outside the graph and the import as reference stubs (Reference
   * nodes, src/db/stores/reference-store.ts) with their CITES edges, instead of skipping them.
   */
  keepExternalReferences?: boolean;
  /** Test hook (PAPERGRAPH_IMPORT_KILL_AFTER_BATCH): SIGKILL this process after this many committed work batches. */
  killAfterBatch?: number;
  /**
   * Worker threads parsing and converting records in the read pass (src/ingest/source/convert-pool.ts;
   * 0 = none; default by input size and cores, readThreads()).
   */
  readThreads?: number;
  /**
   * Progress of each pass: `read` (bytes of the files, records read), `works` (works written of
   * those read), `citations` (references handled of those read).
   */
  onProgress?: (p: ImportProgress) => void;
  /** Where the read pass's temp files go (a fresh directory inside, removed afterwards; default the OS temp directory). */
  tmpDir?: string;
}

/**
 * Import source-format files (OpenAlex, S2, arXiv, BibTeX): read, convert and
 * validate every record once (nothing is written when any is bad, unless
 * rejects go to a file), keeping the converted works and their references in
 * temp files (src/ingest/source/spill.ts); then write works in batches (one
 * transaction each: papers, authors, bylines, topics), then citations, then
 * recount citationCount — both from those files, not from the input.
 */
export async function importSource(
  executor: Executor,
  files: string[],
  options: SourceImportOptions,
): Promise<SourceSummary> {
  if (options.rejectsFile) await writeFile(options.rejectsFile, '');
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
  if (options.dryRun) {
    const read = await readPass(files, format, options.rejectsFile, undefined, readOptions(options));
    return finish(emptySummary(format, files, read.works, read.problems), started);
  }
  return withSpillDir(options.tmpDir, async (dir) => {
    const spills = {
      works: new Spill<Work>(path.join(dir, 'works.jsonl')),
      cites: new CiteSpill(path.join(dir, 'cites.jsonl')),
    };
    let read: ReadPass;
    try {
      read = await readPass(files, format, options.rejectsFile, spills, readOptions(options));
    } catch (error) {
      await Promise.allSettled([spills.works.close(), spills.cites.close()]);
      throw error;
    }
    await Promise.all([spills.works.close(), spills.cites.close()]);
    const summary = emptySummary(format, files, read.works, read.problems);
    await writePasses(store, format, read, spills, options, summary);
    return finish(summary, started);
  });
}

const readOptions = (o: SourceImportOptions) => ({ threads: o.readThreads, onProgress: o.onProgress });

const finish = (summary: SourceSummary, started: number): SourceSummary => {
  summary.ms = Math.round(performance.now() - started);
  summary.worksPerSecond = Math.round((summary.works / Math.max(summary.ms, 1)) * 1000);
  return summary;
};

/** Passes 2 and 3, from the spills of the read pass: works in batches, merged ids, then citations and the recount. */
async function writePasses(
  store: SourceGraph,
  format: SourceFormat,
  { ids, merges, works, references }: ReadPass,
  spills: Spills,
  options: SourceImportOptions,
  summary: SourceSummary,
): Promise<void> {
  const batchSize = options.batchSize ?? 1_000;
  const mergedAway = applyMerges(ids, merges);

  // A record under an id OpenAlex merged away: the work it was merged into, known by both ids
  // (skipped when that work's own record is in the import: it is the current one).
  const placeMerged = (item: Work): boolean => {
    const into = item.ids.openalex && mergedAway.get(item.ids.openalex);
    if (into && ids.byKey.has(`openalex:${into}`)) {
      summary.mergedRecordsSkipped += 1;
      return false;
    }
    if (into && item.ids.openalex) {
      item.ids.openalexMerged = [...(item.ids.openalexMerged ?? []), item.ids.openalex];
      item.ids.openalex = into;
    }
    return true;
  };
  // Pass 2: works, the next batch read while this one is written.
  const perWork = async function* () {
    for await (const work of spills.works.read()) yield placeMerged(work) ? [work] : [];
  };
  const known = new KnownAuthors();
  const progress = (phase: 'works' | 'citations', done: number, total: number) =>
    options.onProgress?.({
      phase,
      unit: phase === 'works' ? 'works' : 'references',
      bytes: done,
      totalBytes: total,
      written: done,
    });
  let written = 0;
  progress('works', 0, works);
  for await (const batch of ahead(chunks(perWork(), batchSize))) {
    await writeBatch(store, format, batch, ids, known, options.authorMerge ?? 'corroborated', summary);
    summary.batches += 1;
    written += batch.length;
    progress('works', written + summary.mergedRecordsSkipped, works);
    if (options.killAfterBatch === summary.batches) process.kill(process.pid, 'SIGKILL');
  }
  // Merged-away OpenAlex ids: linked to the paper of the work they now name.
  summary.mergedIds = merges.length;
  for (let i = 0; i < merges.length; i += 10_000)
    summary.mergedIdsLinked += await store.linkMerged(merges.slice(i, i + 10_000));
  // Pass 3: citations.
  progress('citations', 0, references);
  const cited = await citationsPass(store, spills.cites.read(), format, ids, batchSize, summary, {
    keep: options.keepExternalReferences ?? false,
    onBatch: (done) => progress('citations', done, references),
  });
  await store.recount([...new Set([...cited, ...ids.promoted])]);
}

/**
 * Merged-away OpenAlex ids (merged_ids rows, and ids a record lists beside its own) into the
 * import's id table: each names the id it was merged into. Returns merged-away id → current id.
 */
function applyMerges(ids: ImportIds, merges: MergedId[]): Map<string, string> {
  const away = new Map<string, string>();
  for (const m of merges) {
    away.set(m.from, m.into);
    const into = ids.byKey.get(`openalex:${m.into}`);
    if (into === undefined) continue;
    const old = ids.byKey.get(`openalex:${m.from}`);
    if (old === undefined) ids.byKey.set(`openalex:${m.from}`, into);
    else if (old !== into) ids.final.set(old, into);
  }
  return away;
}

async function writeBatch(
  store: SourceGraph,
  source: SourceFormat,
  batch: Work[],
  ids: ImportIds,
  known: KnownAuthors,
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
  const topics = new Map(batch.flatMap((w) => w.topics.map((t) => [t.id, t] as const)));
  // The reads that need nothing but the batch run side by side. Works that are a reference stub of
  // an earlier import (and not a paper): the stub becomes the paper (its id kept).
  const [inGraph, stubs, curated] = await Promise.all([
    store.resolvePapers(idRows),
    store.resolvePapers(idRows, 'Reference'),
    store.curatedTopics([...new Set([...topics.values()].map((t) => t.name.toLowerCase()))]),
  ]);
  const promote = new Set<string>();
  const placed = batch.map((work, i) => {
    const first = lookupKeys(work.ids)
      .map((k) => ids.byKey.get(k))
      .find((id) => id !== undefined);
    const raw = first ?? (canonicalId(work.ids) as string);
    const importId = ids.final.get(raw) ?? raw;
    const stubId = inGraph.has(i) ? undefined : stubs.get(i);
    if (stubId) promote.add(stubId);
    const graphId = inGraph.get(i) ?? stubId;
    if (graphId && graphId !== importId) ids.final.set(raw, graphId);
    return { work, paperId: graphId ?? importId, existing: inGraph.has(i) };
  });
  for (const id of promote) if (!ids.promoted.has(id)) summary.referencesPromoted += 1;
  for (const id of promote) ids.promoted.add(id);
  const authors = await resolveAuthors(store, source, placed, mode, summary.authors, known);

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
    promote: [...promote],
  });
  for (const [i, p] of written.entries()) {
    if (p.created) {
      summary.papersCreated += 1;
      ids.fresh.set(p.id, false);
    } else if (placed[i]?.existing && !p.own) summary.papersMerged += 1;
    if (p.changed) summary.papersUpdated += 1;
  }
  summary.topicsCreated += topicsCreated;
}
