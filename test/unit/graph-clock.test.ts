import { describe, expect, it, vi } from 'vitest';
import { GraphClock } from '../../src/cache/graph-clock.js';

/** When the response cache re-reads the graph version (README "Dashboards", rule (b)). */
describe('GraphClock', () => {
  it('reads the version at most once per staleness window, and once for concurrent callers', async () => {
    vi.useFakeTimers();
    try {
      let committed = 7;
      const read = vi.fn(async () => committed);
      const clock = new GraphClock(read, 1_000);
      expect(await Promise.all([clock.current(), clock.current(), clock.current()])).toEqual([7, 7, 7]);
      expect(read).toHaveBeenCalledTimes(1);
      committed = 8;
      vi.advanceTimersByTime(999);
      expect(await clock.current()).toBe(7); // within the window: allowed by rule (b)
      vi.advanceTimersByTime(1);
      expect(await clock.current()).toBe(8);
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves forward at once on a local or published bump, never back', async () => {
    const clock = new GraphClock(async () => 5, 60_000);
    expect(await clock.current()).toBe(5);
    clock.observe(9);
    expect(await clock.current()).toBe(9);
    clock.observe(6);
    expect(await clock.current()).toBe(9);
  });

  it('names no version after a failed bump until a newer one is read', async () => {
    let committed = 3;
    const clock = new GraphClock(async () => committed, 60_000);
    expect(await clock.current()).toBe(3);
    clock.observe(undefined);
    expect(await clock.current()).toBeUndefined();
    committed = 4;
    expect(await clock.current()).toBe(4);
  });

  it('bypasses at once while the version cannot be read (Neo4j down), trying again once per window', async () => {
    const read = vi.fn(async (): Promise<number> => {
      throw new Error('unreachable');
    });
    const clock = new GraphClock(read, 60_000);
    expect(await clock.current()).toBeUndefined();
    expect(await clock.current()).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('does not keep a request waiting for a slow read', async () => {
    const clock = new GraphClock(() => new Promise<number>((resolve) => setTimeout(() => resolve(1), 3_000)), 60_000);
    const started = Date.now();
    expect(await clock.current()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
