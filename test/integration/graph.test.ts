import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { loadSeedGraph } from '../helpers/seed-graph.js';
import { expectedGraph, withinHops } from '../helpers/seed-neighbourhood.js';

const t = useTestApp();
const seed = loadSeedGraph();

const GRAPH = `
  query Graph($seeds: [ID!]!, $depth: Int, $relations: [GraphRelation!], $minConfidence: Float, $limit: Int) {
    graph(seeds: $seeds, depth: $depth, relations: $relations, minConfidence: $minConfidence, limit: $limit) {
      nodes { id type title subtitle year citationCount hiddenNeighbors }
      edges { id from to relation evidence confidence source }
      truncated
    }
  }`;

interface Node {
  id: string;
  type: string;
  title: string;
  subtitle: string | null;
  year: number | null;
  citationCount: number | null;
  hiddenNeighbors: number;
}
interface Edge {
  id: string;
  from: string;
  to: string;
  relation: string;
  evidence: string | null;
  confidence: number | null;
  source: string | null;
}
type GraphAnswer = { graph: { nodes: Node[]; edges: Edge[]; truncated: boolean } };

const graph = (variables: Record<string, unknown>) => t.gql<GraphAnswer>(GRAPH, variables);

async function answer(variables: Record<string, unknown>) {
  const result = await graph(variables);
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.graph as GraphAnswer['graph'];
}

const edgeKey = (e: { from: string; relation: string; to: string }) => `${e.from}-${e.relation}->${e.to}`;

/** The answer against the reference computed from the seed files for the same arguments. */
async function expectMatchesSeed(seeds: string[], options: Parameters<typeof expectedGraph>[2]) {
  const got = await answer({ seeds, ...options });
  const want = expectedGraph(seed, seeds, options);
  expect(got.nodes.map((n) => n.id)).toEqual(want.nodes);
  expect(got.edges.map(edgeKey).sort()).toEqual(want.edges.map(edgeKey).sort());
  expect(got.truncated).toBe(want.truncated);
  expect(Object.fromEntries(got.nodes.map((n) => [n.id, n.hiddenNeighbors]))).toEqual(Object.fromEntries(want.hidden));
  return { got, want };
}

describe('graph: the neighbourhood, checked against the seed files', () => {
  it('RLHF at depth 1: its introducer, users, the techniques it builds on and what builds on it, its topics', async () => {
    const { got } = await expectMatchesSeed(['technique:rlhf'], { depth: 1, limit: 300 });
    expect(got.nodes[0]?.id).toBe('technique:rlhf');
    expect(got.nodes.length).toBeGreaterThan(5);
    expect(got.truncated).toBe(false);
  });

  it('RLHF at depth 2 and 3, untruncated: every node within that many hops', async () => {
    for (const depth of [2, 3]) {
      const { got } = await expectMatchesSeed(['technique:rlhf'], { depth, limit: 1000 });
      if (!got.truncated)
        expect(new Set(got.nodes.map((n) => n.id))).toEqual(withinHops(seed, ['technique:rlhf'], depth));
    }
  });

  it('a small limit keeps the nearest, then best-linked and most-cited nodes, and says it truncated', async () => {
    const { got, want } = await expectMatchesSeed(['technique:rlhf'], { depth: 2, limit: 12 });
    expect(got.nodes).toHaveLength(12);
    expect(got.truncated).toBe(true);
    // Something within two hops is missing, and the nodes next to it say so.
    const complete = withinHops(seed, ['technique:rlhf'], 2);
    expect(complete.size).toBeGreaterThan(12);
    expect(got.nodes.some((n) => n.hiddenNeighbors > 0)).toBe(true);
    // Every node at depth 1 that fits is kept before any at depth 2.
    const depth1 = withinHops(seed, ['technique:rlhf'], 1);
    const firstFar = got.nodes.findIndex((n) => !depth1.has(n.id));
    if (firstFar >= 0) expect(got.nodes.slice(firstFar).every((n) => !depth1.has(n.id))).toBe(true);
    expect(want.nodes).toHaveLength(12);
  });

  it('within a level, more links first, then more citations: cases the citation rule alone decides', async () => {
    // Seeds and limits where ranking by links then id would keep other nodes: the answer must follow citations.
    const cases = [...seed.papers.keys(), ...seed.techniques.keys(), ...seed.topics.keys()]
      .flatMap((s) => [3, 6, 10].map((limit) => ({ seeds: [s], depth: 1, limit })))
      .filter(({ seeds, ...o }) => {
        const ranked = expectedGraph(seed, seeds, o).nodes;
        return ranked.join() !== expectedGraph(seed, seeds, { ...o, ignoreCitations: true }).nodes.join();
      })
      .slice(0, 3);
    expect(cases.length).toBeGreaterThan(0);
    for (const { seeds, ...options } of cases) await expectMatchesSeed(seeds, options);
  });

  it('relations and minConfidence filter what is followed and returned', async () => {
    const relations = ['BUILDS_ON', 'INTRODUCES', 'USES'];
    const { got } = await expectMatchesSeed(['technique:rlhf'], {
      depth: 2,
      limit: 300,
      relations,
      minConfidence: 0.9,
    });
    expect(got.edges.every((e) => relations.includes(e.relation) && (e.confidence ?? 0) >= 0.9)).toBe(true);
    expect(got.nodes.every((n) => n.type === 'PAPER' || n.type === 'TECHNIQUE')).toBe(true);
  });

  it('several seeds, authors and topics, citations only', async () => {
    const authors = [...seed.authors.keys()].slice(0, 3);
    await expectMatchesSeed(authors, { depth: 2, limit: 40 });
    await expectMatchesSeed(['topic:alignment'], { depth: 1, limit: 300 });
    const cited = seed.edges.find((e) => e.relation === 'CITES')?.to as string;
    await expectMatchesSeed([cited], { depth: 2, limit: 300, relations: ['CITES'] });
  });

  it('node and edge fields carry the seed’s facts', async () => {
    const got = await answer({ seeds: ['technique:rlhf'], depth: 1 });
    const citations = expectedGraph(seed, [], { depth: 0, limit: 1 }).citations;
    for (const n of got.nodes) {
      const paper = seed.papers.get(n.id);
      if (paper) {
        const first = seed.authors.get(paper.authors[0] as string)?.name;
        expect(n).toMatchObject({ type: 'PAPER', title: paper.title, year: Number(paper.published.slice(0, 4)) });
        expect(n.subtitle).toBe(`${paper.published.slice(0, 4)} · ${first}`);
        expect(n.citationCount).toBe(citations(n.id));
      } else if (seed.techniques.has(n.id)) {
        const x = seed.techniques.get(n.id);
        expect(n).toMatchObject({ type: 'TECHNIQUE', title: x?.name, year: null, citationCount: null });
        expect(n.subtitle).toBe(x?.aliases?.length ? x.aliases.join(', ') : null);
      } else {
        const topic = seed.topics.get(n.id);
        expect(n).toMatchObject({ type: 'TOPIC', title: topic?.name });
        expect(n.subtitle).toBe(topic?.parent ? `in ${seed.topics.get(topic.parent)?.name}` : null);
      }
    }
    for (const e of got.edges) {
      expect(e.id).toBe(edgeKey(e));
      const lineage = seed.edges.find((s) => s.from === e.from && s.to === e.to && s.relation === e.relation);
      if (lineage)
        expect(e).toMatchObject({ evidence: lineage.evidence, confidence: lineage.confidence, source: 'curated' });
      else expect(e).toMatchObject({ evidence: null, confidence: null, source: null });
    }
    const author = (await answer({ seeds: ['author:openai'], depth: 1, limit: 1 })).nodes[0];
    expect(author).toMatchObject({ id: 'author:openai', type: 'AUTHOR', title: 'OpenAI', subtitle: 'organization' });
  });

  it('answers in one Cypher round trip', async () => {
    t.queries.length = 0;
    await answer({ seeds: ['technique:rlhf', 'author:openai'], depth: 3, limit: 1000 });
    expect(t.queries).toHaveLength(1);
  });
});

describe('graph: arguments', () => {
  const rejected = async (variables: Record<string, unknown>, argument: string, pattern: RegExp) => {
    const result = await graph({ seeds: ['technique:rlhf'], ...variables });
    expect(result.body.data?.graph ?? null).toBeNull();
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.body.errors?.[0]?.message).toMatch(pattern);
  };

  it('rejects depth, limit, minConfidence out of range, naming the argument', async () => {
    await rejected({ depth: 0 }, 'depth', /depth must be between 1 and 3/);
    await rejected({ depth: 4 }, 'depth', /depth must be between 1 and 3/);
    await rejected({ limit: 0 }, 'limit', /limit must be between 1 and 1000/);
    await rejected({ limit: 1001 }, 'limit', /limit must be between 1 and 1000/);
    await rejected({ minConfidence: 1.5 }, 'minConfidence', /minConfidence must be between 0 and 1/);
  });

  it('rejects empty, malformed and too many seeds, an empty relation list, fewer places than seeds', async () => {
    await rejected({ seeds: [] }, 'seeds', /at least one seed/);
    await rejected({ seeds: ['RLHF'] }, 'seeds', /readable id/);
    await rejected({ seeds: Array.from({ length: 51 }, (_, i) => `paper:${i}`) }, 'seeds', /at most 50/);
    await rejected({ relations: [] }, 'relations', /at least one relation/);
    await rejected({ seeds: ['technique:rlhf', 'technique:ppo'], limit: 1 }, 'limit', /number of seeds/);
  });

  it('an unknown seed is NOT_FOUND, naming every unknown one', async () => {
    const result = await graph({ seeds: ['technique:rlhf', 'technique:nope', 'arxiv:0000.00000'] });
    expect(result.body.data?.graph ?? null).toBeNull();
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      argument: 'seeds',
      missing: ['technique:nope', 'arxiv:0000.00000'],
    });
    expect(result.body.errors?.[0]?.message).toBe('No node with id "technique:nope", "arxiv:0000.00000".');
  });

  it('the largest graph stays under the cost limit; the cost grows with limit and depth', async () => {
    const result = await graph({ seeds: ['technique:rlhf'], depth: 3, limit: 1000 });
    expect(result.body.errors).toBeUndefined();
  });
});
