/** Small statistics for the benchmark: exact percentiles, and medians with their spread. */

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median with min–max over repetitions (NaN values, runs that answered nothing, are left out). */
export function spread(values: number[]): Spread | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
  return { median, min: v[0] as number, max: v[v.length - 1] as number, n: v.length };
}

/**
 * A ratio of two medians, and whether the difference is inside the noise: with
 * one repetition there is no spread to judge by (`single`); otherwise the two
 * min–max ranges overlapping means the runs do not separate the two.
 */
export function compareSpreads(
  a?: Spread,
  b?: Spread,
): { ratio: number; verdict: 'within noise' | 'single' | 'apart' } | undefined {
  if (!a || !b || b.median === 0) return undefined;
  const ratio = a.median / b.median;
  if (a.n < 2 || b.n < 2) return { ratio, verdict: 'single' };
  const overlap = a.min <= b.max && b.min <= a.max;
  return { ratio, verdict: overlap ? 'within noise' : 'apart' };
}
