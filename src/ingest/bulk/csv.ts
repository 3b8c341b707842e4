import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Between array elements (U+001F, the ASCII unit separator); a value containing it is refused. */
export const ARRAY_DELIMITER = '\u001f';
const BUFFER_SIZE = 1 << 20;

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

/** The write streams that are full: the writer waits for them before adding more rows. */
export class Backlog {
  private waits: Promise<unknown>[] = [];

  add(drained: Promise<unknown>): void {
    // Handled here too: a stream that fails after the last wait() fails its close() instead.
    drained.catch(() => {});
    this.waits.push(drained);
  }

  /** A promise while some stream is full, else undefined (no promise per row). */
  wait(): Promise<void> | undefined {
    if (!this.waits.length) return undefined;
    const all = Promise.all(this.waits).then(() => {});
    this.waits = [];
    return all;
  }
}

/** One CSV data file plus its header file; rows are encoded straight into 1 MB buffers, a full stream goes on the backlog. */
export class CsvFile {
  readonly dataFile: string;
  readonly headerFile: string;
  rows = 0;
  /** Bytes of the data file so far, the buffered rows included. */
  bytes = 0;
  /** Some value spans lines: the admin import must parse this file with multiline support (slower). */
  multiline = false;
  private readonly out: WriteStream;
  private buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;

  constructor(
    dir: string,
    readonly name: string,
    readonly header: string[],
    private readonly backlog: Backlog,
  ) {
    this.dataFile = path.join(dir, `${name}.csv`);
    this.headerFile = path.join(dir, `${name}-header.csv`);
    this.out = createWriteStream(this.dataFile);
  }

  /** The stream's pending 'drain' while it is full. */
  private draining: Promise<unknown> | undefined;

  /** Append a row; `suffix` is written as it is after the last cell. */
  row(values: Cell[], suffix = ''): void {
    let line = cell(values[0]);
    for (let i = 1; i < values.length; i++) line += `,${cell(values[i])}`;
    // One scan of the row (list values included) until some value spans lines.
    if (!this.multiline && multiline.test(line)) this.multiline = true;
    line += `${suffix}\n`;
    // At most 3 bytes per UTF-16 unit.
    if (this.used + 3 * line.length > this.buffer.length) {
      this.flush();
      if (3 * line.length > this.buffer.length) this.buffer = Buffer.allocUnsafe(3 * line.length);
    }
    const n = this.buffer.write(line, this.used);
    this.used += n;
    this.bytes += n;
    this.rows += 1;
  }

  private flush(): void {
    if (!this.used) return;
    const full = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(BUFFER_SIZE);
    this.used = 0;
    // One wait per full stream: a single 'drain' follows however many writes it buffered.
    if (!this.out.write(full) && !this.draining) {
      this.draining = once(this.out, 'drain').finally(() => {
        this.draining = undefined;
      });
      this.backlog.add(this.draining);
    }
  }

  async close(): Promise<void> {
    this.flush();
    this.out.end();
    await once(this.out, 'finish');
    await writeFile(this.headerFile, `${this.header.join(',')}\n`);
  }
}

/**
 * Overwrite fields of a closed file in place: `patches` are [byte offset,
 * ASCII text] in ascending offset order, each as wide as the field it
 * replaces. Reads and writes back only the stretches that hold patches.
 */
export async function patchFile(file: string, patches: Iterable<[number, string]>): Promise<number> {
  const WINDOW = 4 << 20;
  const handle = await open(file, 'r+');
  const buffer = Buffer.alloc(WINDOW);
  let start = -1;
  let read = 0;
  let end = 0;
  let count = 0;
  const writeBack = async () => {
    if (start >= 0 && end > start) await handle.write(buffer, 0, end - start, start);
  };
  try {
    for (const [at, text] of patches) {
      if (start < 0 || at + text.length > start + read) {
        await writeBack();
        start = at;
        ({ bytesRead: read } = await handle.read(buffer, 0, WINDOW, start));
        if (text.length > read) throw new Error(`${file}: no field to patch at byte ${at}`);
      }
      buffer.write(text, at - start, 'latin1');
      end = at + text.length;
      count += 1;
    }
    await writeBack();
  } finally {
    await handle.close();
  }
  return count;
}
