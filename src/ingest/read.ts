import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface RawLine {
  file: string;
  /** 1-based line number: the record index people see in error messages. */
  line: number;
  text: string;
  /** Bytes read so far in this file (for progress). */
  bytes: number;
}

/** Stream the non-blank lines of an NDJSON file; never holds the whole file in memory. */
export async function* readLines(file: string): AsyncGenerator<RawLine> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let bytes = 0;
  for await (const text of lines) {
    line += 1;
    bytes += Buffer.byteLength(text) + 1;
    if (!text.trim()) continue;
    yield { file, line, text, bytes };
  }
}

export async function totalBytes(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await stat(file)).size;
  return total;
}
