import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Between array elements (U+001F, the ASCII unit separator); a value containing it is refused. */
export const ARRAY_DELIMITER = '\u001f';
const FLUSH_AT = 1 << 20;

export type Cell = string | number | null | undefined | string[];

/** A quoted string (RFC 4180: inner quotes doubled); null and undefined are an empty, unquoted field (no property). */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      if (v.includes(ARRAY_DELIMITER))
        throw new Error(
          `a list value contains U+001F, which the bulk import uses between elements: ${JSON.stringify(v)}`,
        );
    }
    // An empty list cannot be written in CSV (it becomes no property); the post-pass sets it.
    return value.length ? quote(value.join(ARRAY_DELIMITER)) : '';
  }
  return quote(value);
}

const quote = (s: string) => `"${s.includes('"') ? s.replaceAll('"', '""') : s}"`;
const multiline = /[\r\n]/;

/** One CSV data file plus its header file, written in 1 MB chunks with back-pressure. */
export class CsvFile {
  readonly dataFile: string;
  readonly headerFile: string;
  rows = 0;
  /** Some value spans lines: the admin import must parse this file with multiline support (slower). */
  multiline = false;
  private readonly out: WriteStream;
  private chunk = '';

  constructor(
    dir: string,
    readonly name: string,
    readonly header: string[],
  ) {
    this.dataFile = path.join(dir, `${name}.csv`);
    this.headerFile = path.join(dir, `${name}-header.csv`);
    this.out = createWriteStream(this.dataFile);
  }

  /** Append a row; resolves at once unless the chunk had to be flushed into a full stream. */
  async row(values: Cell[]): Promise<void> {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!this.multiline && typeof v === 'string' && multiline.test(v)) this.multiline = true;
      line += i ? `,${cell(v)}` : cell(v);
    }
    this.chunk += `${line}\n`;
    this.rows += 1;
    if (this.chunk.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.chunk;
    this.chunk = '';
    if (chunk && !this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
    await writeFile(this.headerFile, `${this.header.join(',')}\n`);
  }
}
