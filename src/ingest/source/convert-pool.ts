import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type RawRecord, recordsOf } from '../formats/input.js';
import type { SourceFormat } from '../formats/work.js';
import { type ConvertedChunk, convertChunk } from './convert.js';
import type { ConvertJob } from './convert-worker.js';

/**
 * Parsing and converting records (JSON.parse and the readers: most of a source import's read
 * pass) on worker threads, while this thread splits the input into records and keeps the id
 * table and the temp files. The read pass runs before anything is written, so the database is
 * idle meanwhile and the other cores are free. Records go out in chunks and come back in file
 * order; a bounded number of chunks is in flight, so memory stays a few chunks.
 */

/** Records per message to a worker. */
const CHUNK = 256;
/** Inputs smaller than this are converted on this thread: starting a worker costs more than it saves. */
const MIN_BYTES = 8 << 20;

/**
 * The worker threads worth starting for `files`: none for small inputs or a single core, else one
 * per core, at most four. This thread mostly waits for them (it splits lines and keeps the id
 * table: idle ~70 % of a BibTeX read pass with one worker), and the database is idle meanwhile.
 */
export async function readThreads(files: string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const cores = availableParallelism();
  return bytes < MIN_BYTES || cores < 2 ? 0 : Math.min(4, cores);
}

function spawn(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./convert-worker.js', here));
  // Running from the TypeScript sources (tsx, vitest): the worker compiles them with tsx too.
  const tsx = createRequire(here).resolve('tsx/cjs');
  const entry = fileURLToPath(new URL('./convert-worker.ts', here));
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true });
}

type Reply = { id: number; chunk: ConvertedChunk } | { id: number; error: string };

export class ConvertPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: ConvertedChunk) => void; reject: (e: Error) => void }>();
  private next = 0;
  private closing = false;
  private failed: Error | undefined;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = spawn();
      worker.on('message', (reply: Reply) => {
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if ('chunk' in reply) waiter?.resolve(reply.chunk);
        else waiter?.reject(new Error(`converting records failed in a worker thread: ${reply.error}`));
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread converting records exited (code ${code})`));
      });
      return worker;
    });
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  /** Convert a chunk of `file`'s raw records on the next worker. */
  convert(job: Omit<ConvertJob, 'id'>): Promise<ConvertedChunk> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    const done = new Promise<ConvertedChunk>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.workers[id % this.workers.length]?.postMessage({ id, ...job } satisfies ConvertJob);
    return done;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The records of `files` converted in chunks, in order (convert.ts's convertChunk): on `threads`
 * worker threads, or on this thread when `threads` is 0.
 */
export async function* convertedChunks(
  files: string[],
  format: SourceFormat,
  { threads, spill, onBytes }: { threads: number; spill: boolean; onBytes?: (file: string, bytes: number) => void },
): AsyncGenerator<{ file: string; chunk: ConvertedChunk }> {
  const pool = threads > 0 ? new ConvertPool(threads) : undefined;
  const pending: { file: string; done: Promise<ConvertedChunk> }[] = [];
  const send = (file: string, raws: RawRecord[]) => {
    const done = pool
      ? pool.convert({ format, file, raws, spill })
      : Promise.resolve(convertChunk(format, file, raws, spill));
    done.catch(() => {}); // awaited in order below; a failure is thrown there, not as an unhandled rejection
    pending.push({ file, done });
  };
  try {
    for (const file of files) {
      let raws: RawRecord[] = [];
      for await (const raw of recordsOf(file, format, onBytes && ((bytes) => onBytes(file, bytes)))) {
        raws.push(raw);
        if (raws.length < CHUNK) continue;
        send(file, raws);
        raws = [];
        while (pending.length > 2 * threads) {
          const first = pending.shift() as (typeof pending)[number];
          yield { file: first.file, chunk: await first.done };
        }
      }
      if (raws.length) send(file, raws);
    }
    for (const { file, done } of pending.splice(0)) yield { file, chunk: await done };
  } finally {
    await pool?.close();
  }
}
