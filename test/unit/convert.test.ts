import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toPlain } from '../../src/db/convert.js';

describe('toPlain (driver values to plain JavaScript)', () => {
  it('converts Integers and temporals inside lists and maps', () => {
    const value = {
      count: neo4j.int(42),
      years: [neo4j.int(2023), neo4j.int(2024)],
      nested: { published: new neo4j.types.Date(2023, 3, 15), none: null, title: 'GPT-4', flag: true },
      at: new neo4j.types.DateTime(2024, 1, 2, 3, 4, 5, 0, 0),
    };
    expect(toPlain(value)).toEqual({
      count: 42,
      years: [2023, 2024],
      nested: { published: '2023-03-15', none: null, title: 'GPT-4', flag: true },
      at: '2024-01-02T03:04:05Z',
    });
  });

  it('turns nodes and relationships into their converted properties', () => {
    const node = new neo4j.types.Node(neo4j.int(1), ['Paper'], { key: 'arxiv:2303.08774', year: neo4j.int(2023) });
    const rel = new neo4j.types.Relationship(neo4j.int(2), neo4j.int(1), neo4j.int(3), 'CITES', {
      weight: neo4j.int(3),
    });
    expect(toPlain([node, rel])).toEqual([{ key: 'arxiv:2303.08774', year: 2023 }, { weight: 3 }]);
  });

  it('keeps a map key named __proto__ as a property', () => {
    const map = {};
    Object.defineProperty(map, '__proto__', { value: { polluted: neo4j.int(1) }, enumerable: true });
    const plain = toPlain(map) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(plain, '__proto__')?.value).toEqual({ polluted: 1 });
    expect((plain as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('maps undefined to null and leaves scalars as they are', () => {
    expect([undefined, null, 'x', 1.5, false].map(toPlain)).toEqual([null, null, 'x', 1.5, false]);
  });
});
