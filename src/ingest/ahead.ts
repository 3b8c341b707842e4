import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Iterate `source` one item ahead: while the consumer works on (awaits the
 * write of) one item, the next is already being produced — the file read,
 * parsed and converted — so the importer's JavaScript overlaps the
 * database's work instead of alternating with it.
 */
export async function* ahead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  // A failure while the consumer is busy surfaces at the next await, not as an unhandled rejection.
  next.catch(() => {});
  let finished = false;
  try {
    for (;;) {
      const r = await next;
      if (r.done) {
        finished = true;
        return;
      }
      next = it.next();
      next.catch(() => {});
      yield r.value;
    }
  } finally {
    if (!finished) await it.return?.();
  }
}

/**
 * `source` in arrays of up to `size` items (the last may be shorter; none empty). Every
 * 32 source entries it lets the event loop run (buffered lines are otherwise consumed in
 * one stretch of microtasks): a batch being read ahead must not hold up the replies of the
 * one being written, nor a connection's acquisition timeout.
 */
export async function* chunks<T>(source: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  let n = 0;
  for await (const items of source) {
    if (++n % 32 === 0) await yieldToEventLoop();
    for (const item of items) chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}
