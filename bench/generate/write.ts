import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type GenerateOptions, generateRecords, shapeOf } from './generator.js';

export interface GenerateProgress {
  records: number;
  expected: number;
  bytes: number;
  ms: number;
}

export interface GenerateSummary {
  records: number;
  bytes: number;
  ms: number;
  byType: Record<string, number>;
}

const CHUNK = 1 << 18;

/** Stream the dataset as NDJSON into `out`, honouring back-pressure; never holds more than one chunk. */
export async function writeRecords(
  out: Writable,
  options: GenerateOptions,
  onProgress: (p: GenerateProgress) => void = () => {},
): Promise<GenerateSummary> {
  const started = performance.now();
  const expected = shapeOf(options.papers).expectedRecords;
  const byType: Record<string, number> = {};
  let records = 0;
  let bytes = 0;
  let chunk = '';
  let lastReport = 0;
  for (const r of generateRecords(options)) {
    const rec = r as { type: string; relation?: string };
    const key = rec.relation ?? rec.type;
    byType[key] = (byType[key] ?? 0) + 1;
    chunk += `${JSON.stringify(r)}\n`;
    records += 1;
    if (chunk.length >= CHUNK) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
      const now = performance.now();
      if (now - lastReport > 1000) {
        lastReport = now;
        onProgress({ records, expected, bytes, ms: now - started });
      }
    }
  }
  if (chunk) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return { records, bytes, ms: performance.now() - started, byType };
}

/** `write` to `file` via a temporary name (`<file>.partial`, renamed when done), so a crash never leaves a half file under the real one. */
export async function writeFileVia<T>(file: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const result = await write(out);
  out.end();
  await once(out, 'close');
  await rename(partial, file);
  return result;
}

/** Write the dataset to `file` (writeFileVia). */
export function writeDatasetFile(
  file: string,
  options: GenerateOptions,
  onProgress?: (p: GenerateProgress) => void,
): Promise<GenerateSummary> {
  return writeFileVia(file, (out) => writeRecords(out, options, onProgress));
}

/** One progress line: records, rate and ETA. */
export function formatProgress(p: GenerateProgress): string {
  const rate = p.records / Math.max(p.ms / 1000, 0.001);
  const eta = Math.max(0, (p.expected - p.records) / rate);
  const pct = Math.min(100, (100 * p.records) / p.expected).toFixed(0);
  return `generate: ${p.records.toLocaleString('en')} records (~${pct} %), ${(p.bytes / 1e6).toFixed(0)} MB, ${Math.round(rate).toLocaleString('en')} rec/s, ETA ${eta.toFixed(0)} s`;
}
