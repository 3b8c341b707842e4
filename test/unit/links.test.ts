import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { calls, linkQuery, type Plan, planKey, planName, planParams } from '../../src/db/prefetch.js';
import { papersOfAuthor } from '../../src/db/stores/author-store.js';
import { paperMap } from '../../src/db/stores/paper-rows.js';
import { authorsOfPaper } from '../../src/db/stores/paper-store.js';
import { ancestorsOfTechnique } from '../../src/db/stores/technique-store.js';
import { propertiesOf } from '../../src/schema/links.js';

const plan = (properties?: string[], links: Plan['links'] = []): Plan => ({ properties, links, flags: {} });

describe('projections', () => {
  it('projects only the planned properties (always id and __type), all of them by default', () => {
    expect(paperMap('p', plan(['title']))).toBe("p { __type: 'Paper', .id, .title }");
    const all = paperMap('p');
    for (const part of ['.title', '.abstract', 'ELSE toString(p.published) END', '.year', '.arxivId', '.url', '.kind'])
      expect(all).toContain(part);
    expect(all).toContain('citationCount: coalesce(p.citationCount, 0)');
  });

  it('names the variables and parameters of nested links by their place, so levels never clash', () => {
    const papers = { slot: 'papers', link: papersOfAuthor, input: { skip: 0, limit: 3 }, plan: plan(['title']) };
    const nested = plan([], [{ slot: 'authors', link: authorsOfPaper, input: {}, plan: plan(['name'], [papers]) }]);
    const cypher = paperMap('p', nested);
    expect(cypher).toContain('MATCH (p)<-[w_authors:AUTHORED]-(a_authors:Author)');
    expect(cypher).toContain('(a_authors)-[:AUTHORED]->(p_authors_papers:Paper)');
    expect(cypher).toContain('SKIP $authors_papers_skip LIMIT $authors_papers_limit');
    expect(Object.keys(planParams(nested)).sort()).toEqual(['authors_papers_limit', 'authors_papers_skip']);
    expect(planName(nested)).toBe('+authors(+papers)');
  });

  it('tells variants apart by projection and links, not by the order the fields were selected in', () => {
    expect(planKey(plan(['title', 'year']))).toBe(planKey(plan(['year', 'title'])));
    expect(planKey(plan(['title']))).not.toBe(planKey(plan(['title', 'year'])));
    expect(planKey(plan(['title']))).not.toBe(planKey(plan()));
    const withAuthors = plan(['title'], [{ slot: 'authors', link: authorsOfPaper, input: {}, plan: plan() }]);
    expect(planKey(withAuthors)).not.toBe(planKey(plan(['title'])));
  });

  it('keys, names and writes a link variant (a whitelisted literal) by its input', () => {
    const ancestors = (maxDepth: number) =>
      plan([], [{ slot: 'ancestors', link: ancestorsOfTechnique, input: { maxDepth }, plan: plan(['name']) }]);
    expect(planKey(ancestors(2))).not.toBe(planKey(ancestors(3)));
    expect(planKey(ancestors(3))).toBe(planKey(ancestors(3)));
    expect(planName(ancestors(2))).toBe('+ancestors[2]');
    expect(calls('t', ancestors(2))).toContain('(t)-[:BUILDS_ON*1..2]->(o_ancestors:Technique)');
    // The input is the caller's: anything but a depth in range is refused, never written into the Cypher.
    for (const bad of [0, 11, 2.5, Number.NaN]) expect(() => calls('t', ancestors(bad))).toThrow(RangeError);
  });

  it('builds a link alone per variant, named by it; a link without variants keeps its name', () => {
    const alone = linkQuery('technique-ancestors', '(x:Technique {id: id})', 'x', ancestorsOfTechnique);
    expect(alone.query(plan(), { maxDepth: 2 }).name).toBe('technique-ancestors-2');
    expect(alone.query(plan(), { maxDepth: 3 }).cypher).toContain('(x)-[:BUILDS_ON*1..3]->');
    expect(alone.query(plan(), { maxDepth: 2 })).not.toBe(alone.query(plan(), { maxDepth: 3 }));
    expect(() => alone.query(plan(), { maxDepth: 11 })).toThrow(RangeError);
    expect(linkQuery('paper-authors', '(p:Paper {id: id})', 'p', authorsOfPaper).query(plan(['name'])).name).toBe(
      'paper-authors',
    );
  });
});

describe('declared properties', () => {
  // A row projected without `year`.
  const row = { id: 'paper:x', title: 'On rows' } as { id: string; title: string; year: number };
  const info = { path: { key: 'paper', prev: undefined } } as unknown as GraphQLResolveInfo;
  const loaded: string[] = [];
  const field = propertiesOf<{ id: string; title: string; year: number }>(async (ids) => {
    loaded.push(...ids);
    return ids.map((id) => ({ id, title: 'Loaded title', year: 2024 }));
  });

  it('declare the property they read, for the projection', () => {
    expect(field('year').extensions).toEqual({ property: 'year' });
  });

  it('read a projected property from the row without loading anything', async () => {
    expect(await field('title').resolve(row, {}, {} as Context, info)).toBe('On rows');
    expect(loaded).toEqual([]);
  });

  it('load the node by id when the projection left the property out', async () => {
    expect(await field('year').resolve(row, {}, {} as Context, info)).toBe(2024);
    expect(loaded).toEqual(['paper:x']);
  });
});
