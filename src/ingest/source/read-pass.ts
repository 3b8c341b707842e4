import { appendFile } from 'node:fs/promises';
import { formatRecordError, ImportValidationError, type RecordError } from '../errors.js';
import { detectFormat } from '../formats/input.js';
import { canonicalId, lookupKeys, type MergedId, type SourceFormat, type Work, type WorkIds } from '../formats/work.js';
import type { ImportProgress } from '../load.js';
import { totalBytes } from '../read.js';
import { convertedChunks, readThreads } from './convert-pool.js';
import type { CiteSpill, Spill } from './spill.js';

/** Ids of the import: every lookup key of a valid work → the id its first record got. */
export class ImportIds {
  readonly byKey = new Map<string, string>();
  /** Import ids that became another id (merged into a graph paper). */
  readonly final = new Map<string, string>();
  /** Reference stubs this import's works turned into papers (their citation counts are recounted). */
  readonly promoted = new Set<string>();
  /** Source topic ids found to be a curated topic (counted once per import). */
  readonly curatedTopics = new Set<string>();
  /**
   * Papers this import created (so no edge of theirs predates it) → whether a
   * citations batch has written CITES from them yet. Until one has, their
   * CITES are created, not merged (src/ingest/source/citations.ts).
   */
  readonly fresh = new Map<string, boolean>();
  idOf(ids: WorkIds): string | undefined {
    for (const k of lookupKeys(ids)) {
      const id = this.byKey.get(k);
      if (id !== undefined) return this.final.get(id) ?? id;
    }
    return undefined;
  }
}

/** Where the read pass puts what the later passes need (none for a dry run). */
export interface Spills {
  works: Spill<Work>;
  cites: CiteSpill;
}

export interface ReadPass {
  ids: ImportIds;
  merges: MergedId[];
  /** Works in valid records. */
  works: number;
  /** References of those works, and S2 citation rows (what the citations pass reads). */
  references: number;
  /** Records with problems. */
  problems: number;
}

/**
 * Pass 1 of a source import, the only one that reads the input: check each file's format, then
 * parse, convert and validate every record once. Valid works go into the id table, and (unless
 * `spills` is undefined) into the works spill without their references, which go into the
 * citations spill by ids. A record with problems is reported as `file:line field: message` (to
 * the rejects file when there is one) and spilled not at all. Without a rejects file any
 * problem throws ImportValidationError before anything is written.
 */
export async function readPass(
  files: string[],
  format: SourceFormat,
  rejectsFile: string | undefined,
  spills: Spills | undefined,
  options: { threads?: number; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ReadPass> {
  const ids = new ImportIds();
  const errors: RecordError[] = [];
  const merges: MergedId[] = [];
  let problems = 0;
  let works = 0;
  let references = 0;
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
  const threads = options.threads ?? (await readThreads(files));
  // Progress: the bytes of every file read so far (counted per 1 MB chunk, so a little ahead).
  const total = options.onProgress ? await totalBytes(files) : 0;
  const read = new Map<string, number>();
  const onBytes = (file: string, bytes: number) => read.set(file, bytes);
  const spill = spills !== undefined;
  for await (const { file, chunk } of convertedChunks(files, format, { threads, spill, onBytes })) {
    for (const r of chunk.rejects) {
      problems += 1;
      for (const p of r.problems) {
        const e = { file, line: r.line, path: p.path, message: p.message };
        if (errors.length < 100) errors.push(e);
        if (rejectsFile) await appendFile(rejectsFile, `${formatRecordError(e)}\t${r.rejected}\n`);
      }
    }
    merges.push(...chunk.merges);
    await spills?.works.pushText(chunk.worksText);
    await spills?.cites.pushText(chunk.citesText);
    works += chunk.works.length;
    references += chunk.references;
    const bytes = [...read.values()].reduce((a, b) => a + b, 0);
    options.onProgress?.({ phase: 'read', bytes, totalBytes: total, written: works + problems });
    for (const workIds of chunk.works) {
      const own = canonicalId(workIds);
      if (!own) continue;
      const first = ids.idOf(workIds) ?? own;
      for (const k of lookupKeys(workIds)) if (!ids.byKey.has(k)) ids.byKey.set(k, first);
    }
  }
  if (problems && !rejectsFile) throw new ImportValidationError(errors, problems);
  return { ids, merges, works, references, problems };
}
