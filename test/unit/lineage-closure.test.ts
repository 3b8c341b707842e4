import { describe, expect, it } from 'vitest';
import { closureOf, keyBound, lineageKey, lineageOf } from '../../src/graph/lineage-closure.js';

describe('lineage closure', () => {
  // d → c → a, d → b → a, c → b: d reaches a in two edges either way, b in one.
  const closure = closureOf([
    ['d', 'c'],
    ['c', 'a'],
    ['d', 'b'],
    ['b', 'a'],
    ['c', 'b'],
  ]);
  it('gives the fewest BUILDS_ON edges to every technique reached, itself at 0', () => {
    expect(Object.fromEntries(closure.get('d') ?? [])).toEqual({ d: 0, c: 1, b: 1, a: 2 });
    expect(Object.fromEntries(closure.get('a') ?? [])).toEqual({ a: 0 });
  });
  it("a paper's depth is 1 + the fewest edges over all its techniques", () => {
    expect(Object.fromEntries(lineageOf(['d', 'b'], closure))).toEqual({ d: 1, c: 2, b: 1, a: 2 });
    // A technique with no BUILDS_ON edge at all is still the paper's own at depth 1.
    expect(Object.fromEntries(lineageOf(['lonely'], closure))).toEqual({ lonely: 1 });
  });
});

describe('lineage key', () => {
  it('orders as papersBuildingOn: depth, newest first (unknown date first), then id', () => {
    const keys = [
      lineageKey(2, '2024-01-01', 'p1'),
      lineageKey(1, '2020-05-05', 'p2'),
      lineageKey(1, '2023-02-01', 'p3'),
      lineageKey(1, '2023-02-01', 'p0'),
      lineageKey(1, null, 'p9'),
      lineageKey(10, '1999-12-31', 'p4'),
    ];
    expect([...keys].sort().map((k) => k.split('|')[2])).toEqual(['p9', 'p0', 'p3', 'p2', 'p1', 'p4']);
  });
  it('keyBound(d) separates depths up to d from deeper ones', () => {
    expect(lineageKey(3, '2020-01-01', 'x') < keyBound(3)).toBe(true);
    expect(lineageKey(4, null, 'x') < keyBound(3)).toBe(false);
  });
});
