import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { processRunning } from '../../pid.js';
import type { WorkIds } from '../formats/work.js';
import { readLines } from '../read.js';

/**
 * Temp files of a source import. The first pass parses and converts every record once
 * (validating it) and writes what the later passes need here, as JSON Lines of the readers'
 * converted items — works without their references, and the references apart, by ids only —
 * so the works and citations passes read these compact files instead of parsing and
 * converting the input again (an OpenAlex record's JSON is several times its work's; a
 * BibTeX entry costs a full parser run). Memory stays the id table; the files go on disk.
 */
export class Spill<T extends object> {
  private readonly out: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  private failed: Error | undefined;

  constructor(readonly file: string) {
    this.out = createWriteStream(file);
    this.out.on('error', (error) => {
      this.failed = error;
    });
  }

  /** Append one item (an object: the reader skips blank lines, and every line starts with `{`). */
  push(item: T): Promise<void> {
    return this.pushText(JSON.stringify(item));
  }

  /** Append items already written as JSON Lines (`\n` between them, none after the last; '' is none). */
  async pushText(lines: string): Promise<void> {
    if (!lines) return;
    this.buffer.push(lines);
    this.size += lines.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.buffer.length) return;
    const ok = this.out.write(`${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.size = 0;
    if (!ok) await once(this.out, 'drain');
  }

  /** Write what is buffered and close the file (before reading it). */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
    if (this.failed) throw this.failed;
  }

  /** The items in the order they were pushed. */
  async *read(): AsyncGenerator<T> {
    for await (const { text } of readLines(this.file)) yield JSON.parse(text) as T;
  }
}

/** Spill directories of this host: `papergraph-import-<host>-<pid>-XXXXXX`. */
const prefix = () => `papergraph-import-${hostname()}-`;

/**
 * Run `work` with a fresh directory under `parent` (default the OS temp directory) and remove
 * it afterwards, whatever happens. The directory's name holds the host name and this
 * process's id: a process killed mid-import leaves its directory behind, and the next import
 * on the same host under the same parent removes every one whose process is gone (another
 * host's — a container sharing the directory — are left alone).
 */
export async function withSpillDir<T>(parent: string | undefined, work: (dir: string) => Promise<T>): Promise<T> {
  const base = parent ?? tmpdir();
  await mkdir(base, { recursive: true });
  await removeOrphans(base);
  const dir = await mkdtemp(path.join(base, `${prefix()}${process.pid}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Spill directories under `base` whose process no longer runs. */
async function removeOrphans(base: string): Promise<void> {
  for (const name of await readdir(base)) {
    const pid = name.startsWith(prefix()) ? Number.parseInt(name.slice(prefix().length), 10) : Number.NaN;
    if (Number.isInteger(pid) && pid > 0 && !processRunning(pid))
      await rm(path.join(base, name), { recursive: true, force: true });
  }
}

/**
 * The references of one record, as the citations pass needs them: the citing work's ids (`f`),
 * and per reference the cited work's ids (`i`), its title when the source names it (`t`), the
 * evidence (`e`, left out when it repeats the one before it in the file — an OpenAlex import's
 * are all one sentence) and the confidence (`c`).
 */
export interface SpilledCites {
  f: WorkIds;
  r: { i: WorkIds; t?: string; e?: string; c: number }[];
}

/** One reference of a record, read back from a SpilledCites line. */
export interface Cite {
  from: WorkIds;
  to: WorkIds;
  title?: string;
  evidence: string;
  confidence: number;
}

/** A reference as the readers give it. */
export type Reference = { ids: WorkIds; title?: string; evidence: string; confidence: number };

/**
 * SpilledCites lines, dropping an evidence sentence that repeats the one before it. The reader
 * restores it from the line before, so lines written by several encoders stay readable when
 * each encoder's lines are appended whole, in order (its first line carries its evidence).
 */
export class CiteEncoder {
  private lastWritten: string | undefined;

  line(from: WorkIds, refs: Reference[]): string {
    const r = refs.map((ref) => {
      const row: SpilledCites['r'][number] = { i: ref.ids, c: ref.confidence };
      if (ref.title !== undefined) row.t = ref.title;
      if (ref.evidence !== this.lastWritten) row.e = ref.evidence;
      this.lastWritten = ref.evidence;
      return row;
    });
    return JSON.stringify({ f: from, r } satisfies SpilledCites);
  }
}

/** Writes and reads SpilledCites, dropping and restoring repeated evidence. */
export class CiteSpill {
  private readonly spill: Spill<SpilledCites>;
  private readonly encoder = new CiteEncoder();

  constructor(file: string) {
    this.spill = new Spill(file);
  }

  push(from: WorkIds, refs: Reference[]): Promise<void> {
    return this.spill.pushText(this.encoder.line(from, refs));
  }

  /** Append lines of another CiteEncoder (whole, in order). */
  pushText(lines: string): Promise<void> {
    return this.spill.pushText(lines);
  }

  close(): Promise<void> {
    return this.spill.close();
  }

  /** Per record, its references in order. */
  async *read(): AsyncGenerator<Cite[]> {
    let evidence = '';
    for await (const line of this.spill.read())
      yield line.r.map((ref) => {
        if (ref.e !== undefined) evidence = ref.e;
        return {
          from: line.f,
          to: ref.i,
          ...(ref.t !== undefined ? { title: ref.t } : {}),
          evidence,
          confidence: ref.c,
        };
      });
  }
}
