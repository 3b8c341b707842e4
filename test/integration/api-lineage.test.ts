import { describe, expect, it } from 'vitest';
import { type GqlResult, useTestApp } from '../helpers/app.js';
import { expectedBuildingOn, loadSeedGraph, seedEdge } from '../helpers/seed-graph.js';

const t = useTestApp();
const seed = loadSeedGraph();

const LINEAGE = `
  query Lineage($technique: String!, $maxDepth: Int, $minConfidence: Float, $first: Int, $after: String) {
    papersBuildingOn(technique: $technique, maxDepth: $maxDepth, minConfidence: $minConfidence, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges {
        cursor
        depth
        node { key title }
        path {
          from { __typename ... on Paper { key } ... on Technique { key } }
          relation
          to { __typename ... on Paper { key } ... on Technique { key } }
          evidence
          confidence
        }
      }
    }
  }`;

interface Step {
  from: { __typename: string; key: string };
  relation: string;
  to: { __typename: string; key: string };
  evidence: string;
  confidence: number;
}
interface LineageData {
  papersBuildingOn: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: { cursor: string; depth: number; node: { key: string; title: string }; path: Step[] }[];
  };
}

/** Walk every page and return all edges. */
async function allEdges(variables: Record<string, unknown>, pageSize: number) {
  const edges: LineageData['papersBuildingOn']['edges'] = [];
  let after: string | null = null;
  let total = -1;
  for (let guard = 0; guard < 100; guard++) {
    const res: GqlResult<LineageData> = await t.gql<LineageData>(LINEAGE, { ...variables, first: pageSize, after });
    expect(res.body.errors).toBeUndefined();
    const page: LineageData['papersBuildingOn'] = res.body.data!.papersBuildingOn;
    total = page.totalCount;
    edges.push(...page.edges);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { edges, total };
}

describe('papersBuildingOn', () => {
  it('answers "papers building on RLHF" with the evidence behind each paper', async () => {
    const res = await t.gql<LineageData>(LINEAGE, { technique: 'RLHF' });
    const step = (paper: string, relation: string) => {
      const e = seedEdge(seed, paper, relation, 'technique:rlhf')!;
      return {
        from: { __typename: 'Paper', key: paper },
        relation,
        to: { __typename: 'Technique', key: 'technique:rlhf' },
        evidence: e.evidence,
        confidence: e.confidence,
      };
    };
    const expected = expectedBuildingOn(seed, 'technique:rlhf', 4);
    expect(res.body).toEqual({
      data: {
        papersBuildingOn: {
          totalCount: expected.length,
          pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: expect.any(String) },
          edges: expected.map(({ key, depth }) => ({
            cursor: expect.any(String),
            depth,
            node: { key, title: seed.papers.get(key)!.title },
            path:
              depth === 1
                ? [step(key, seedEdge(seed, key, 'INTRODUCES', 'technique:rlhf') ? 'INTRODUCES' : 'USES')]
                : expect.any(Array),
          })),
        },
      },
    });
    // The paper that introduced RLHF (Christiano et al. 2017) is among the direct ones.
    expect(
      res.body.data!.papersBuildingOn.edges.find((e) => e.node.key === 'arxiv:1706.03741')?.path[0]?.relation,
    ).toBe('INTRODUCES');
  });

  it.each([
    ['technique:transformer', 5],
    ['technique:generative-pretraining', 4],
    ['technique:reward-modeling', 4],
    ['technique:chain-of-thought', 3],
    ['technique:diffusion-models', 2],
  ])(
    'matches an independent traversal of the seed for %s at depth %i, paging 3 at a time',
    async (technique, maxDepth) => {
      const { edges, total } = await allEdges({ technique, maxDepth }, 3);
      const expected = expectedBuildingOn(seed, technique, maxDepth);
      expect(total).toBe(expected.length);
      expect(edges.map((e) => ({ key: e.node.key, depth: e.depth }))).toEqual(expected);
      // No duplicates or gaps across pages.
      expect(new Set(edges.map((e) => e.cursor)).size).toBe(edges.length);
      for (const edge of edges) {
        // Each path is a chain from the paper to the technique, one step per depth, every step a real seed edge.
        expect(edge.path).toHaveLength(edge.depth);
        expect(edge.path[0]?.from).toEqual({ __typename: 'Paper', key: edge.node.key });
        expect(edge.path.at(-1)!.to).toEqual({ __typename: 'Technique', key: technique });
        edge.path.forEach((step, i) => {
          if (i > 0) expect(step.from.key).toBe(edge.path[i - 1]?.to.key);
          const recorded = seedEdge(seed, step.from.key, step.relation, step.to.key);
          expect(recorded, `${step.from.key} -${step.relation}-> ${step.to.key}`).toBeDefined();
          expect(step.evidence).toBe(recorded!.evidence);
          expect(step.confidence).toBe(recorded!.confidence);
        });
      }
    },
  );

  it('drops paths with an edge below minConfidence', async () => {
    const strict = await allEdges({ technique: 'technique:transformer', maxDepth: 5, minConfidence: 0.9 }, 50);
    const expected = expectedBuildingOn(seed, 'technique:transformer', 5, 0.9);
    expect(strict.edges.map((e) => ({ key: e.node.key, depth: e.depth }))).toEqual(expected);
    expect(expected.length).toBeLessThan(expectedBuildingOn(seed, 'technique:transformer', 5).length);
    for (const e of strict.edges) for (const s of e.path) expect(s.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('is also a field of Technique, found by alias, case-insensitively', async () => {
    const res = await t.gql<{ technique: { key: string; papersBuildingOn: { totalCount: number } } }>(
      '{ technique(name: "reinforcement LEARNING from human feedback") { key papersBuildingOn(maxDepth: 2) { totalCount } } }',
    );
    expect(res.body).toEqual({
      data: {
        technique: {
          key: 'technique:rlhf',
          papersBuildingOn: { totalCount: expectedBuildingOn(seed, 'technique:rlhf', 2).length },
        },
      },
    });
  });

  it.each([
    [{ technique: 'no-such-technique' }, 'NOT_FOUND', /No technique with id, name or alias "no-such-technique"/],
    [{ technique: '  ' }, 'BAD_USER_INPUT', /Name a technique/],
    [{ technique: 'RLHF', maxDepth: 0 }, 'BAD_USER_INPUT', /maxDepth must be between 1 and 10 \(got 0\)/],
    [{ technique: 'RLHF', maxDepth: 11 }, 'BAD_USER_INPUT', /maxDepth must be between 1 and 10/],
    [{ technique: 'RLHF', minConfidence: 1.5 }, 'BAD_USER_INPUT', /minConfidence must be between 0 and 1/],
    [{ technique: 'RLHF', first: 101 }, 'BAD_USER_INPUT', /`first` must be between 0 and 100 \(got 101\)/],
    [{ technique: 'RLHF', after: 'not-a-cursor' }, 'BAD_USER_INPUT', /Invalid pagination arguments/],
  ])('rejects %j with %s', async (variables, code, message) => {
    const res = await t.gql(LINEAGE, variables);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.body.errors?.[0]?.message).toMatch(message);
  });
});

describe('technique lineage fields', () => {
  it('lists ancestors nearest first, each with its chain of evidence', async () => {
    const res = await t.gql<{
      technique: { ancestors: { depth: number; technique: { key: string }; path: Step[] }[] };
    }>(
      `{ technique(id: "technique:rlhf") { ancestors(maxDepth: 3) { depth technique { key }
          path { from { ... on Technique { key } } relation to { ... on Technique { key } } evidence } } } }`,
    );
    const ancestors = res.body.data!.technique.ancestors;
    // Independent: BFS over BUILDS_ON outward from rlhf in the seed.
    const expected = new Map<string, number>();
    let frontier = ['technique:rlhf'];
    for (let d = 1; d <= 3; d++) {
      frontier = seed.edges
        .filter(
          (e) =>
            e.relation === 'BUILDS_ON' && frontier.includes(e.from) && !expected.has(e.to) && e.to !== 'technique:rlhf',
        )
        .map((e) => {
          expected.set(e.to, d);
          return e.to;
        });
    }
    expect(Object.fromEntries(ancestors.map((a) => [a.technique.key, a.depth]))).toEqual(Object.fromEntries(expected));
    expect(ancestors.map((a) => a.depth)).toEqual([...ancestors.map((a) => a.depth)].sort((a, b) => a - b));
    for (const a of ancestors) {
      expect(a.path).toHaveLength(a.depth);
      expect(a.path[0]?.from.key).toBe('technique:rlhf');
      expect(a.path.at(-1)!.to.key).toBe(a.technique.key);
      for (const s of a.path) expect(s.evidence).toBe(seedEdge(seed, s.from.key, 'BUILDS_ON', s.to.key)?.evidence);
    }
  });

  it('links buildsOn and builtUponBy both ways with provenance', async () => {
    const res = await t.gql<{
      technique: {
        buildsOn: { technique: { key: string }; source: string; confidence: number }[];
        builtUponBy: { technique: { key: string } }[];
        introducedBy: { key: string }[];
      };
    }>(
      '{ technique(id: "technique:generative-pretraining") { buildsOn { technique { key } source confidence } builtUponBy { technique { key } } introducedBy { key } } }',
    );
    const data = res.body.data!.technique;
    const out = seed.edges.filter((e) => e.relation === 'BUILDS_ON' && e.from === 'technique:generative-pretraining');
    const into = seed.edges.filter((e) => e.relation === 'BUILDS_ON' && e.to === 'technique:generative-pretraining');
    expect(data.buildsOn.map((l) => l.technique.key).sort()).toEqual(out.map((e) => e.to).sort());
    expect(data.buildsOn.every((l) => l.source === 'curated')).toBe(true);
    expect(data.builtUponBy.map((l) => l.technique.key).sort()).toEqual(into.map((e) => e.from).sort());
    expect(data.introducedBy.map((p) => p.key).sort()).toEqual(
      seed.edges
        .filter((e) => e.relation === 'INTRODUCES' && e.to === 'technique:generative-pretraining')
        .map((e) => e.from)
        .sort(),
    );
  });
});
