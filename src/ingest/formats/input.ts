import { fileLines } from '../read.js';
import { arxivReader } from './arxiv.js';
import { bibtexReader } from './bibtex.js';
import { openalexReader } from './openalex.js';
import { s2Reader } from './s2.js';
import type { FormatReader, SourceFormat } from './work.js';

/**
 * Reading source files: any size, streamed line by line, gzip recognised by
 * its magic bytes. JSON formats are JSON Lines (one record per line); an API
 * page saved as one JSON document (`{"meta": …, "results": […]}`, as
 * OpenAlex and S2 return them) is read whole — pages are small — and its
 * results numbered `results[i]` on line 1. BibTeX is split at top-level `@`
 * entries (`@type{…}` or `@type(…)`); `@string` macros are kept and handed to every
 * later entry, `@comment` and `@preamble` are skipped.
 */

export const readers: Record<SourceFormat, FormatReader> = {
  openalex: openalexReader,
  s2: s2Reader,
  arxiv: arxivReader,
  bibtex: bibtexReader,
};

/**
 * One record of a file: a JSON line still to parse (`text`: parsed where it is converted, which
 * may be a worker thread, src/ingest/source/convert-pool.ts), a parsed record (a BibTeX entry's
 * text for BibTeX), or why it is not one.
 */
export type RawRecord =
  | { line: number; path: string; text: string }
  | { line: number; path: string; record: unknown }
  | { line: number; path: string; error: string };

/** A raw record after parseRecord: parsed, or why it is not one. */
export type ParsedRecord = Exclude<RawRecord, { text: string }>;

/** The records a raw record holds: a JSON line parsed (an API page saved on one line: its results), or why it is none. */
export function parseRecord(raw: RawRecord): ParsedRecord[] {
  if (!('text' in raw)) return [raw];
  let record: unknown;
  try {
    record = JSON.parse(raw.text);
  } catch (error) {
    return [{ line: raw.line, path: raw.path, error: `not valid JSON (${(error as Error).message})` }];
  }
  return isPage(record) ? [...pageResults(record, raw.line)] : [{ line: raw.line, path: raw.path, record }];
}

/**
 * JSON records of a JSON Lines file (line 1 parsed here, to recognise a pretty-printed page; every
 * later line left as text for parseRecord), or the `results` of an API page saved as one document.
 */
async function* jsonRecords(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawRecord> {
  let page: string[] | undefined;
  for await (const { line, text } of fileLines(file, onBytes)) {
    if (page) {
      page.push(text);
      continue;
    }
    if (!text.trim()) continue;
    if (line > 1) {
      yield { line, path: '', text };
      continue;
    }
    const records = parseRecord({ line, path: '', text });
    // A pretty-printed page starts with a lone `{` that is no JSON by itself.
    if (records[0] && 'error' in records[0] && text.trim().startsWith('{')) page = [text];
    else yield* records;
  }
  if (page) {
    let doc: unknown;
    try {
      doc = JSON.parse(page.join('\n'));
    } catch (error) {
      yield { line: 1, path: '', error: `not valid JSON Lines nor one JSON document (${(error as Error).message})` };
      return;
    }
    if (isPage(doc)) yield* pageResults(doc, 1);
    else if (Array.isArray(doc)) yield* doc.map((record, i) => ({ line: 1, path: `[${i}]`, record }));
    else yield { line: 1, path: '', record: doc };
  }
}

const isPage = (r: unknown): r is { results: unknown[] } =>
  typeof r === 'object' && r !== null && Array.isArray((r as { results?: unknown }).results);

function* pageResults(page: { results: unknown[] }, line: number): Generator<ParsedRecord> {
  for (const [i, record] of page.results.entries()) yield { line, path: `results[${i}]`, record };
}

/**
 * Where a BibTeX entry ends: `@type{…}` at its matching `}`, `@type(…)` at the `)` outside any
 * braces and quotes. Fed line by line; escaped characters are skipped.
 */
class EntryEnd {
  private depth = 0;
  private quoted = false;
  private open: '{' | '(' | undefined;

  /** Scan one more line; true when the entry ended in it. */
  feed(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i += 1;
      else if (!this.open) {
        if (c === '{' || c === '(') this.open = c;
      } else if (c === '{') this.depth += 1;
      else if (c === '}') {
        if (this.open === '{' && this.depth === 0) return true;
        this.depth -= 1;
      } else if (this.open === '(' && this.depth === 0) {
        if (c === '"') this.quoted = !this.quoted;
        else if (c === ')' && !this.quoted) return true;
      }
    }
    return false;
  }
}

/** BibTeX entries, each the text of one `@type{…}` with the `@string` macros before it; line = its first line. */
async function* bibtexEntries(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawRecord> {
  let strings = '';
  let entry: string[] = [];
  let start = 0;
  let end = new EntryEnd();
  const finish = function* (): Generator<RawRecord> {
    const body = entry.join('\n');
    entry = [];
    end = new EntryEnd();
    const type = /^\s*@\s*(\w+)/.exec(body)?.[1]?.toLowerCase();
    if (type === 'string') strings += `${body}\n`;
    else if (type !== 'comment' && type !== 'preamble') yield { line: start, path: '', record: strings + body };
  };
  for await (const { line, text } of fileLines(file, onBytes)) {
    let rest = text;
    if (!entry.length) {
      const at = text.indexOf('@');
      if (at < 0) continue;
      start = line;
      rest = text.slice(at);
    }
    entry.push(rest);
    if (end.feed(rest)) yield* finish();
  }
  if (entry.length)
    yield { line: start, path: '', error: 'the entry is not closed (unbalanced braces or parentheses)' };
}

/**
 * The header of the OpenAlex snapshot's merged-id files (`merged_ids/works/<date>.csv.gz`,
 * docs "Snapshot data format" → "Merged Entities"): one merged-away id per row, with the id it
 * was merged into.
 */
export const MERGED_IDS_HEADER = 'merge_date,id,merge_into_id';

async function isMergedIds(file: string): Promise<boolean> {
  for await (const { text } of fileLines(file)) if (text.trim()) return text.trim() === MERGED_IDS_HEADER;
  return false;
}

/** The rows of a merged-id file as `{merge_date, id, merge_into_id}` records. */
async function* mergedIdRows(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawRecord> {
  for await (const { line, text } of fileLines(file, onBytes)) {
    if (!text.trim() || text.trim() === MERGED_IDS_HEADER) continue;
    const cells = text.split(',').map((c) => c.trim());
    if (cells.length !== 3) yield { line, path: '', error: `expected 3 columns (${MERGED_IDS_HEADER})` };
    else yield { line, path: '', record: { merge_date: cells[0], id: cells[1], merge_into_id: cells[2] } };
  }
}

/**
 * The records of `file` as `format` reads them (JSON for the JSON formats, entry text for BibTeX);
 * `onBytes` gets the file's bytes read so far, per 1 MB chunk.
 */
export async function* recordsOf(
  file: string,
  format: SourceFormat,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RawRecord> {
  if (format === 'bibtex') yield* bibtexEntries(file, onBytes);
  else if (format === 'openalex' && (await isMergedIds(file))) yield* mergedIdRows(file, onBytes);
  else yield* jsonRecords(file, onBytes);
}

/** What a papergraph NDJSON record looks like. */
const isPapergraph = (r: unknown) =>
  typeof r === 'object' &&
  r !== null &&
  ['paper', 'author', 'topic', 'technique', 'edge'].includes(String((r as { type?: unknown }).type));

export type AnyFormat = SourceFormat | 'papergraph';

/**
 * The format of a file from its first record: papergraph, openalex, s2, arxiv
 * or bibtex; undefined when none fits.
 */
export async function detectFormat(file: string): Promise<AnyFormat | undefined> {
  for await (const { text } of fileLines(file)) {
    if (!text.trim()) continue;
    if (/^\s*(@\w+\s*[{(]|%)/.test(text)) return 'bibtex';
    if (text.trim() === MERGED_IDS_HEADER) return 'openalex';
    break;
  }
  for await (const raw of jsonRecords(file)) {
    const [r] = parseRecord(raw);
    if (!r || !('record' in r)) return undefined;
    if (isPapergraph(r.record)) return 'papergraph';
    for (const reader of [openalexReader, arxivReader, s2Reader]) if (reader.detect(r.record)) return reader.format;
    return undefined;
  }
  return undefined;
}
