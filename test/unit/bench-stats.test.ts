import { describe, expect, it } from 'vitest';
import { compareReports, ratioText, summarise } from '../../bench/report.js';
import { compareSpreads, percentile, spread } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('takes exact nearest-rank percentiles, keeping sub-millisecond values', () => {
    const sorted = Float64Array.from([0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48, 0.49, 9.5]);
    expect(percentile(sorted, 50)).toBe(0.45);
    expect(percentile(sorted, 90)).toBe(0.49);
    expect(percentile(sorted, 99)).toBe(9.5);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });

  it('summarises repetitions as median with min–max, leaving out runs that answered nothing', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(spread([4, 1, Number.NaN, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(spread([Number.NaN])).toBeUndefined();
  });

  it('calls a difference inside the spread "within noise", and one run no verdict', () => {
    const a = spread([1.0, 1.1, 1.2]);
    const b = spread([1.15, 1.3, 1.4]);
    const c = spread([2.0, 2.1, 2.2]);
    expect(compareSpreads(a, b)?.verdict).toBe('within noise');
    expect(compareSpreads(c, a)).toEqual({ ratio: 2.1 / 1.1, verdict: 'apart' });
    expect(compareSpreads(spread([2]), spread([1]))?.verdict).toBe('single');
    expect(ratioText(a, b)).toBe(`${(1.1 / 1.3).toFixed(2)}× (within noise)`);
    expect(ratioText(c, a)).toBe('1.91×');
  });

  it('compares two result files cell by cell', () => {
    const run = (p50: number, reqPerSec: number) => ({
      connections: 1,
      durationS: 10,
      requests: reqPerSec * 10,
      p50,
      p90: p50,
      p99: p50,
      mean: p50,
      max: p50,
      reqPerSec,
      non2xx: 0,
      graphqlErrors: 0,
      errors: 0,
      timeouts: 0,
    });
    const report = (runs: ReturnType<typeof run>[]) =>
      ({
        startedAt: '2026-11-30T00:00:00Z',
        commit: 'abcdef1234567',
        dirty: false,
        dataset: { papers: 5000, seed: 1 },
        settings: { connections: [1], repetitions: runs.length },
        operations: [{ operation: 'paper', checks: {}, runs: { papergraph: runs } }],
      }) as never;
    expect(summarise([run(1, 100), run(3, 300), run(2, 200)], 1)?.p50).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    const table = compareReports(
      report([run(2, 100), run(2.2, 110), run(2.1, 105)]),
      report([run(1, 200), run(1.1, 210), run(1.05, 190)]),
    );
    expect(table).toContain('| paper | 1 | papergraph | 2.10 → 1.05 | 0.50× | 105 → 200 | 1.90× |');
  });
});
