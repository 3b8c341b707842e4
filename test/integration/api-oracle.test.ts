import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import {
  byName,
  expectedDescendants,
  expectedTechniquePapers,
  expectedTopicPapers,
  expectedTopicTechniques,
  loadSeedGraph,
  seedEdge,
} from '../helpers/seed-graph.js';

/**
 * Lists of the graph against answers derived from seed/*.ndjson (test/helpers/seed-graph.ts),
 * for every topic and technique of the seed, not against output copied from the API:
 * Topic.papers and Topic.techniques (subtopics included), Technique.papers (each role),
 * Technique.descendants, and the root lists authors / topics / techniques, paged.
 */
const t = useTestApp();
const seed = loadSeedGraph();

type Keys = { key: string }[];
type Page = {
  totalCount: number;
  edges: { node: { key: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
};
const PAGE = 'totalCount edges { node { key } } pageInfo { hasNextPage endCursor }';
const keys = (page: Page) => page.edges.map((e) => e.node.key);

async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await t.gql<T>(query, variables);
  expect(res.body.errors, query).toBeUndefined();
  return res.body.data!;
}

describe('topics against the seed', () => {
  it.each([...seed.topics.keys()])('%s: papers (subtopics included, newest first) and techniques', async (id) => {
    const { topic } = await data<{ topic: { papers: Page; techniques: Keys } }>(
      `query($id: ID!) { topic(id: $id) { papers(first: 100) { ${PAGE} } techniques { key } } }`,
      { id },
    );
    const papers = expectedTopicPapers(seed, id);
    expect(topic.papers.totalCount).toBe(papers.length);
    expect(keys(topic.papers)).toEqual(papers);
    expect(topic.techniques.map((x) => x.key)).toEqual(expectedTopicTechniques(seed, id));
  });

  it('the oracle is not trivial: a root topic gathers its subtopics’ papers and techniques', () => {
    const root = [...seed.topics.values()].find((x) => !x.parent && expectedTopicPapers(seed, x.id as string).length)!;
    const child = [...seed.topics.values()].find(
      (x) => x.parent === root.id && expectedTopicPapers(seed, x.id as string).length,
    );
    expect(child).toBeDefined();
    const direct = [...seed.papers.values()].filter((p) => p.topics.includes(root.id as string)).length;
    expect(expectedTopicPapers(seed, root.id as string).length).toBeGreaterThan(direct);
  });
});

describe('techniques against the seed', () => {
  it.each([...seed.techniques.keys()])('%s: papers by role, newest first', async (id) => {
    for (const role of [null, 'INTRODUCES', 'USES'] as const) {
      const { technique } = await data<{ technique: { papers: Page } }>(
        `query($id: ID!, $role: TechniqueRole) { technique(id: $id) { papers(first: 100, role: $role) { ${PAGE} } } }`,
        { id, role },
      );
      const expected = expectedTechniquePapers(seed, id, role ?? undefined);
      expect(technique.papers.totalCount, `${role}`).toBe(expected.length);
      expect(keys(technique.papers), `${role}`).toEqual(expected);
    }
  });

  it.each([...seed.techniques.keys()])('%s: descendants nearest first, each with a chain of seed edges', async (id) => {
    for (const maxDepth of [1, 2, 10]) {
      const { technique } = await data<{
        technique: {
          descendants: {
            depth: number;
            technique: { key: string };
            path: {
              from: { key: string };
              relation: string;
              to: { key: string };
              evidence: string;
              confidence: number;
            }[];
          }[];
        };
      }>(
        `query($id: ID!, $d: Int!) { technique(id: $id) { descendants(maxDepth: $d) { depth technique { key }
           path { from { ... on Technique { key } } relation to { ... on Technique { key } } evidence confidence } } } }`,
        { id, d: maxDepth },
      );
      const got = technique.descendants;
      expect(
        got.map((x) => ({ key: x.technique.key, depth: x.depth })),
        `maxDepth ${maxDepth}`,
      ).toEqual(expectedDescendants(seed, id, maxDepth));
      for (const x of got) {
        // One step per edge, walked from the technique to its descendant: each step is a seed
        // BUILDS_ON edge read against its direction (the descendant's side builds on the other).
        expect(x.path).toHaveLength(x.depth);
        expect(x.path[0]!.from.key).toBe(id);
        expect(x.path.at(-1)!.to.key).toBe(x.technique.key);
        x.path.forEach((step, i) => {
          if (i > 0) expect(step.from.key).toBe(x.path[i - 1]!.to.key);
          const edge = seedEdge(seed, step.to.key, 'BUILDS_ON', step.from.key);
          expect(edge, `${step.from.key} / ${step.to.key}`).toBeDefined();
          expect([step.relation, step.evidence, step.confidence]).toEqual([
            'BUILDS_ON',
            edge!.evidence,
            edge!.confidence,
          ]);
        });
      }
    }
  });

  it('the oracle is not trivial: some technique has descendants two and more edges away', () => {
    const deep = [...seed.techniques.keys()].filter((id) =>
      expectedDescendants(seed, id, 10).some((d) => d.depth >= 2),
    );
    expect(deep.length).toBeGreaterThan(0);
  });
});

describe('root lists against the seed', () => {
  it.each([
    ['authors', () => byName([...seed.authors.values()])],
    ['topics', () => byName([...seed.topics.values()])],
    ['techniques', () => byName([...seed.techniques.values()])],
  ] as const)('%s: every node once, by name then id, across pages of 40', async (field, expected) => {
    const got: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let guard = 0; guard < 20; guard++) {
      const page: Page = (
        await data<Record<string, Page>>(
          `query($after: String) { ${field}(first: 40, after: $after) { totalCount edges { node { key } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        )
      )[field]!;
      total = page.totalCount;
      got.push(...keys(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(expected().length);
    expect(got).toEqual(expected());
  });
});
