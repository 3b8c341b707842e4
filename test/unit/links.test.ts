import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { paperMap, variantKey } from '../../src/db/stores/rows.js';
import { fromRow } from '../../src/schema/links.js';

describe('projections', () => {
  it('projects only the selected properties (always id and __type), all of them by default', () => {
    expect(paperMap('p', { fields: ['title'] })).toBe("p { __type: 'Paper', .id, .title }");
    const all = paperMap('p');
    for (const part of ['.title', '.abstract', 'toString(p.published)', '.year', '.arxivId', '.url', '.kind'])
      expect(all).toContain(part);
    expect(all).toContain('citationCount: coalesce(p.citationCount, 0)');
  });

  it('tells variants apart by projection, not by the order the fields were selected in', () => {
    expect(variantKey({ fields: ['title', 'year'] })).toBe(variantKey({ fields: ['year', 'title'] }));
    expect(variantKey({ fields: ['title'] })).not.toBe(variantKey({ fields: ['title', 'year'] }));
    expect(variantKey({ fields: ['title'] })).not.toBe(variantKey({}));
  });
});

describe('fromRow', () => {
  const ctx = {} as Context;
  // A row projected without `year`.
  const row = { id: 'paper:x', title: 'On rows' } as { id: string; title: string; year: number };
  const loaded: string[] = [];
  const loader = () => ({
    load: async (id: string) => {
      loaded.push(id);
      return { id, title: 'Loaded title', year: 2024 };
    },
  });

  it('reads a projected property from the row without loading anything', async () => {
    expect(await fromRow('title', loader)(row, {}, ctx)).toBe('On rows');
    expect(loaded).toEqual([]);
  });

  it('loads the node by id when the projection left the property out', async () => {
    expect(await fromRow('year', loader)(row, {}, ctx)).toBe(2024);
    expect(loaded).toEqual(['paper:x']);
  });
});
