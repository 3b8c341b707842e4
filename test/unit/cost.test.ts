import { complexityFromQuery } from '@pothos/plugin-complexity';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { examples } from '../../src/examples.js';
import { schema } from '../../src/schema/index.js';

/** The cost the server computes for `query` (src/http/cost.ts through @pothos/plugin-complexity). */
const cost = (query: string, variables?: Record<string, unknown>) =>
  complexityFromQuery(query, { schema, variables }).complexity;
const limit = loadConfig({}).limits.cost;

const headline = `{ papersBuildingOn(technique: "RLHF", first: 100) { totalCount edges { depth node { ... on Paper { title } }
  path { relation evidence from { ... on Node { id } } to { ... on Node { id } } } } } }`;
const nested = (n: number) =>
  `{ papers(first: ${n}) { edges { node { cites(first: ${n}) { edges { node { citedBy(first: ${n}) { edges { node { title } } } } } } } } } }`;

describe('the cost model', () => {
  it('admits the headline lineage query and refuses three connections deep at first: 100 (default LIMIT_COST)', () => {
    expect(cost(headline)).toBeLessThanOrEqual(limit);
    expect(cost(nested(100))).toBeGreaterThan(limit);
  });

  it('admits every GraphiQL example at first: 100', () => {
    for (const tab of examples.tabs) {
      const query = tab.query.replace(/\bfirst: \d+/g, 'first: 100');
      expect(cost(query, tab.variables ? JSON.parse(tab.variables) : undefined), query).toBeLessThanOrEqual(limit);
    }
  });

  it('multiplies what a connection selects by its page size (20 when absent)', () => {
    const page = (first: string) => cost(`{ papers${first} { edges { node { title } } } }`);
    expect(page('(first: 10)')).toBeLessThan(page('(first: 50)'));
    expect(page('(first: 50)') - page('(first: 10)')).toBe(4 * (page('(first: 20)') - page('(first: 10)')));
    expect(page('')).toBe(page('(first: 20)'));
    expect(page('(last: 30, before: "YXJyYXljb25uZWN0aW9uOjQw")')).toBe(page('(first: 30)'));
  });

  it('multiplies nested connections', () => {
    expect(cost(nested(10))).toBeGreaterThan(9 * cost(`{ papers(first: 10) { edges { node { title } } } }`));
    expect(cost(nested(100))).toBeGreaterThan((100 * cost(nested(20))) / 10);
  });

  it('does not multiply paging metadata: a count is cheap at any page size', () => {
    expect(cost('{ papers(first: 100) { totalCount pageInfo { hasNextPage endCursor } } }')).toBe(
      cost('{ papers(first: 1) { totalCount pageInfo { hasNextPage endCursor } } }'),
    );
  });

  it('grows with a traversal depth', () => {
    const lineage = (depth: number) =>
      cost(`{ papersBuildingOn(technique: "RLHF", maxDepth: ${depth}, first: 10) { edges { node { title } } } }`);
    expect(lineage(2)).toBeLessThan(lineage(8));
    const relatives = (depth: number) =>
      cost(`{ technique(name: "RLHF") { ancestors(maxDepth: ${depth}) { technique { name } } } }`);
    expect(relatives(2)).toBeLessThan(relatives(8));
    const chain = (length: number) =>
      cost(`{ collaborationPath(from: "a", to: "b", maxLength: ${length}) { steps { paper { title } } } }`);
    expect(chain(2)).toBeLessThan(chain(8));
  });

  it('multiplies lists by their bound: `first` of a list, the number of ids, 10 for other lists', () => {
    const coauthors = (first: number) =>
      cost(`{ author(name: "x") { coauthors(first: ${first}) { author { name } } } }`);
    expect(coauthors(50)).toBeGreaterThan(coauthors(5));
    const nodes = (n: number) =>
      cost(`{ nodes(ids: ${JSON.stringify(Array(n).fill(Buffer.from('Paper:arxiv:1').toString('base64')))}) { id } }`);
    expect(nodes(30)).toBeGreaterThan(nodes(3));
    expect(cost('{ paper(id: "x") { authors { name } } }')).toBe(cost('{ paper(id: "x") { title } }') + 10 * 1 + 0);
  });

  it('reads `first` from the variables', () => {
    const query = 'query ($n: Int) { papers(first: $n) { edges { node { title } } } }';
    expect(cost(query, { n: 80 })).toBeGreaterThan(cost(query, { n: 8 }));
  });

  it('prices graph by its limit and depth: every node and edge field once per node it may return', () => {
    const fields =
      'nodes { id type title subtitle year citationCount hiddenNeighbors } edges { id from to relation evidence confidence source } truncated';
    const graph = (args: string) => cost(`{ graph(seeds: ["technique:rlhf"]${args}) { ${fields} } }`);
    // field 1 + 10 per level of depth; nodes and edges: (1 + 10 × 7 fields) each, × limit / 10 (GraphEdge is not a connection's edge).
    expect(graph('')).toBe(1 + 10 + 30 * (71 + 71) + 30);
    expect(graph(', limit: 1000, depth: 3')).toBe(1 + 30 + 100 * (71 + 71) + 100);
    expect(graph(', limit: 1000, depth: 3')).toBeLessThanOrEqual(limit);
    expect(graph(', limit: 100')).toBeLessThan(graph(', limit: 500'));
  });
});
