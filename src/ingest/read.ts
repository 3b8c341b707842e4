import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ImportValidationError, type RecordError } from './errors.js';

export interface RawLine {
  file: string;
  /** 1-based line number: the record index people see in error messages. */
  line: number;
  text: string;
  /** Bytes read so far in this file (for progress; approximate for CRLF files). */
  bytes: number;
}

/** Stream the non-blank lines of an NDJSON file; never holds the whole file in memory. */
export async function* readLines(file: string): AsyncGenerator<RawLine> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let bytes = 0;
  for await (const raw of lines) {
    line += 1;
    bytes += Buffer.byteLength(raw) + 1;
    // A UTF-8 byte-order mark (some editors write one) is not part of the first record.
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (!text.trim()) continue;
    yield { file, line, text, bytes };
  }
}

/** The total size of `files`; throws ImportValidationError naming every file that is missing or not a file. */
export async function totalBytes(files: string[]): Promise<number> {
  let total = 0;
  const problems: RecordError[] = [];
  for (const file of files) {
    try {
      const info = await stat(file);
      if (info.isFile()) total += info.size;
      else problems.push({ file, line: 0, path: '', message: 'is not a file' });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({ file, line: 0, path: '', message: missing ? 'no such file' : (error as Error).message });
    }
  }
  if (problems.length) throw new ImportValidationError(problems, problems.length);
  return total;
}
