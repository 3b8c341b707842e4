import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { ImportValidationError, type RecordError } from './errors.js';

export interface RawLine {
  file: string;
  /** 1-based line number: the record index people see in error messages. */
  line: number;
  text: string;
  /** Bytes read so far in this file (for progress; counted per chunk read, so ahead of the line). */
  bytes: number;
}

/** What ends a line: \n, \r\n or a lone \r (as node:readline splits). */
const LINE_BREAK = /\r\n|\n|\r/;
const OPEN_BRACE = 123;

/** Whether `file` starts with gzip's magic bytes. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The lines of a (possibly gzipped: recognised by its magic bytes) file read in 1 MB chunks:
 * yields, per chunk that ends at least one line, those lines with the number of the first; the
 * last chunk has the rest. Lines split as node:readline splits them (\n, \r\n or a lone \r), a
 * whole chunk at a time (node:readline emits an event per line: most of its cost). `bytes` counts
 * the file's own (compressed) bytes, as `totalBytes` does.
 */
async function* chunkedLines(file: string): AsyncGenerator<{ lines: string[]; first: number; bytes: number }> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const input = (await isGzip(file)) ? raw.pipe(createGunzip()) : raw;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let next = 1;
  const split = (text: string, last: boolean) => {
    // A trailing \r may be the first half of a \r\n split across chunks.
    const carry = !last && text.endsWith('\r') ? '\r' : '';
    const lines = (carry ? text.slice(0, -1) : text).split(text.includes('\r') ? LINE_BREAK : '\n');
    rest = last ? '' : `${lines.pop() ?? ''}${carry}`;
    // Like node:readline, no empty line after the file's last line break.
    if (last && lines.length && lines[lines.length - 1] === '') lines.pop();
    const first = next;
    next += lines.length;
    return { lines, first, bytes: raw.bytesRead };
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const piece = decoder.write(chunk);
    if (piece.includes('\n') || piece.includes('\r')) yield split(rest + piece, false);
    else rest += piece;
  }
  yield split(rest + decoder.end(), true);
}

/**
 * Every line of a (possibly gzipped) file, blank ones too, numbered from 1; a byte-order mark on
 * line 1 is dropped. `onBytes` gets the file's bytes read so far, per 1 MB chunk.
 */
export async function* fileLines(
  file: string,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<{ line: number; text: string }> {
  for await (const { lines, first, bytes } of chunkedLines(file)) {
    onBytes(bytes);
    let line = first;
    for (const text of lines) {
      yield { line, text: withoutBom(line, text) };
      line += 1;
    }
  }
}

/** A line without the byte-order mark line 1 may start with. */
const withoutBom = (line: number, text: string) => (line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** The record text of a line, or undefined for a blank one (a byte-order mark on line 1 is dropped). */
function recordText(line: number, text: string): string | undefined {
  const t = withoutBom(line, text);
  return t.charCodeAt(0) === OPEN_BRACE || t.trim() ? t : undefined;
}

/**
 * Call `visit` for each non-blank line of `file` with its 1-based number,
 * awaiting it only when it returns a promise (no promise per line otherwise);
 * `onChunk` gets the bytes read so far after each 1 MB chunk's lines.
 */
export async function eachLine(
  file: string,
  visit: (line: number, text: string) => void | Promise<void>,
  onChunk: (bytes: number) => void = () => {},
): Promise<void> {
  for await (const { lines, first, bytes } of chunkedLines(file)) {
    let line = first;
    for (const raw of lines) {
      const text = recordText(line, raw);
      if (text !== undefined) {
        const wait = visit(line, text);
        if (wait) await wait;
      }
      line += 1;
    }
    onChunk(bytes);
  }
}

/** Stream the non-blank lines of an NDJSON file (as `eachLine` numbers them); never holds the whole file in memory. */
export async function* readLines(file: string): AsyncGenerator<RawLine> {
  for await (const { lines, first, bytes } of chunkedLines(file)) {
    let line = first;
    for (const raw of lines) {
      const text = recordText(line, raw);
      if (text !== undefined) yield { file, line, text, bytes };
      line += 1;
    }
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
