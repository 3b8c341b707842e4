import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

describe('GraphiQL examples', () => {
  it.each(examples.tabs.map((tab, i) => [i, tab] as const))(
    'tab %i runs against the seed without errors and finds data',
    async (_i, tab) => {
      const res = await t.gql(
        tab.query,
        tab.variables ? JSON.parse(tab.variables) : undefined,
        tab.headers ? JSON.parse(tab.headers) : {},
      );
      expect(res.body.errors).toBeUndefined();
      // Every root field answers something: an object, or a non-empty page.
      for (const value of Object.values(res.body.data ?? {})) {
        expect(value).not.toBeNull();
        const edges = (value as { edges?: unknown[] }).edges;
        if (edges) expect(edges.length).toBeGreaterThan(0);
      }
    },
  );

  it('opens GraphiQL with the examples loaded', async () => {
    const res = await t.app.fetch('http://papergraph/graphql', { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(html).toContain('PapersBuildingOnRLHF');
    expect(html).toContain('WhoConnects');
  });
});
