import { parentPort } from 'node:worker_threads';
import type { RawRecord } from '../formats/input.js';
import type { SourceFormat } from '../formats/work.js';
import { convertChunk } from './convert.js';

/** A worker thread of the convert pool (convert-pool.ts): converts the chunks of raw records it is sent. */
export interface ConvertJob {
  id: number;
  format: SourceFormat;
  file: string;
  raws: RawRecord[];
  spill: boolean;
}

parentPort?.on('message', ({ id, format, file, raws, spill }: ConvertJob) => {
  try {
    parentPort?.postMessage({ id, chunk: convertChunk(format, file, raws, spill) });
  } catch (error) {
    parentPort?.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
