/**
 * A tiny deterministic PRNG (mulberry32) and the samplers the generator needs.
 * Every random stream is keyed by (seed, stream, index), so any record can be
 * regenerated on its own — nothing has to be held in memory to stay consistent.
 */

/** Finalizer of MurmurHash3: a good 32-bit mix. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed for stream `stream` at position `index` under the user seed. */
export function keyed(seed: number, stream: number, index: number): number {
  return mix32(mix32(seed ^ Math.imul(stream + 1, 0x9e3779b9)) ^ mix32(index + 0x632be5ab));
}

export type Rng = () => number;

/** mulberry32: uniform floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator for one (stream, index) pair. */
export const rngFor = (seed: number, stream: number, index: number): Rng => mulberry32(keyed(seed, stream, index));

/** Uniform integer in [lo, hi]. */
export const intIn = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/**
 * Power-law index in [0, n) by inverse-CDF sampling: P(index < x) = (x / n)^(1/k).
 * k > 1 concentrates mass on small indices (the "hubs"); the density falls off as x^(1/k − 1).
 */
export const powerIndex = (rng: Rng, n: number, k: number): number => Math.min(n - 1, Math.floor(n * rng() ** k));

/** Pick one element uniformly. */
export const pick = <T>(rng: Rng, list: readonly T[]): T => {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[Math.floor(rng() * list.length)] as T;
};

/** Up to `count` distinct values from `draw` (bounded retries, so it always ends). */
export function distinct(count: number, draw: () => number): number[] {
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < count * 4; tries++) {
    const v = draw();
    if (!out.includes(v)) out.push(v);
  }
  return out;
}
