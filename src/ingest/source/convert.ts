import { parseRecord, type RawRecord, readers } from '../formats/input.js';
import type { MergedId, SourceFormat, SourceItem, WorkIds } from '../formats/work.js';
import { CiteEncoder } from './spill.js';

/** A raw record of a file converted by its format's reader: its items, or its problems with the record as JSON. */
export type ReadRecord =
  | { line: number; problems: { path: string; message: string }[]; rejected: string }
  | { line: number; items: SourceItem[] };

/** Parse (a JSON line) and convert one raw record of `file`: one ReadRecord per record it holds (a page: each result). */
export function convertRecord(raw: RawRecord, format: SourceFormat, file: string): ReadRecord[] {
  return parseRecord(raw).map((r): ReadRecord => {
    if ('error' in r) return { line: r.line, problems: [{ path: r.path, message: r.error }], rejected: '' };
    const out = readers[format].convert(r.record, file);
    if ('items' in out) return { line: r.line, items: out.items };
    const prefix = (p: string) => [r.path, p].filter(Boolean).join('.');
    return {
      line: r.line,
      problems: out.problems.map((p) => ({ ...p, path: prefix(p.path) })),
      rejected: JSON.stringify(r.record),
    };
  });
}

/**
 * What the read pass (read-pass.ts) keeps of a chunk of raw records: the records with problems,
 * the ids of each work (for the id table), the merged-away ids, and — when spilling — the lines
 * of the two temp files (spill.ts): works without their references, and the references. Plain
 * data with the big parts as strings, so a worker thread (convert-pool.ts) sends it back cheaply.
 */
export interface ConvertedChunk {
  rejects: Extract<ReadRecord, { problems: unknown }>[];
  works: WorkIds[];
  /** References the chunk's works make, and S2 citation rows: what the citations pass will read. */
  references: number;
  merges: MergedId[];
  worksText: string;
  citesText: string;
}

/** Convert a chunk of `file`'s raw records (in order); `spill` false leaves the texts empty (a dry run). */
export function convertChunk(format: SourceFormat, file: string, raws: RawRecord[], spill: boolean): ConvertedChunk {
  const out: ConvertedChunk = { rejects: [], works: [], references: 0, merges: [], worksText: '', citesText: '' };
  const works: string[] = [];
  const cites: string[] = [];
  const encoder = new CiteEncoder();
  for (const raw of raws)
    for (const r of convertRecord(raw, format, file)) {
      if ('problems' in r) {
        out.rejects.push(r);
        continue;
      }
      for (const item of r.items) {
        if (item.type === 'merged') out.merges.push(item);
        if (item.type === 'citation') out.references += 1;
        if (item.type === 'citation' && spill)
          cites.push(encoder.line(item.from, [{ ids: item.to, evidence: item.evidence, confidence: item.confidence }]));
        if (item.type !== 'work') continue;
        for (const from of item.ids.openalexMerged ?? [])
          if (item.ids.openalex) out.merges.push({ type: 'merged', from, into: item.ids.openalex });
        out.works.push(item.ids);
        out.references += item.references.length;
        if (!spill) continue;
        works.push(JSON.stringify({ ...item, references: [] }));
        if (item.references.length) cites.push(encoder.line(item.ids, item.references));
      }
    }
  out.worksText = works.join('\n');
  out.citesText = cites.join('\n');
  return out;
}
