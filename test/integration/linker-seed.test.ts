import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { linkGraph } from '../../src/link/run.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { expectedBuildingOn, loadSeedGraph } from '../helpers/seed-graph.js';

// Issue #13's "Done when" on the seeded graph: the shared test graph holds the curated seed
// unlinked (the other files' oracles are curated); this file links it as `npm start` does after
// SEED_ON_START, checks the API's provenance filters, and removes every linker edge and rejection
// it made afterwards, so the graph is the curated seed again.
const t = useTestApp();
const seed = loadSeedGraph();
const executor = () => new Executor(t.driver, { database: 'neo4j', txTimeoutMs: 120_000 });
const W2S = 'arxiv:2312.09390';
const W2S_SENTENCE =
  'Widely used alignment techniques, such as reinforcement learning from human feedback (RLHF), rely on';

const cleanup = () =>
  executor().write({
    name: 'test-linker-seed-cleanup',
    cypher: `CALL () { MATCH ()-[e:USES|INTRODUCES {source: 'linker'}]->() DELETE e }
             CALL () { MATCH ()-[x:REJECTED_LINK]->() DELETE x }`,
  });

beforeAll(async () => {
  await cleanup();
  const summary = await linkGraph(executor());
  expect(summary.added).toBeGreaterThan(0);
});
afterAll(cleanup);

interface Step {
  from: { key: string };
  relation: string;
  to: { key: string };
  evidence: string | null;
  confidence: number | null;
  source: string | null;
  mentionKind: string | null;
}
interface Lineage {
  papersBuildingOn: { totalCount: number; edges: { depth: number; node: { key: string }; path: Step[] }[] };
}
const LINEAGE = `
  query ($sources: [LinkSource!], $includeContrast: Boolean) {
    papersBuildingOn(technique: "RLHF", first: 100, sources: $sources, includeContrast: $includeContrast) {
      totalCount
      edges {
        depth
        node { key }
        path {
          from { ... on Paper { key } ... on Technique { key } }
          relation
          to { ... on Paper { key } ... on Technique { key } }
          evidence confidence source mentionKind
        }
      }
    }
  }`;

async function lineage(variables: Record<string, unknown> = {}) {
  const res = await t.gql<Lineage>(LINEAGE, variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.papersBuildingOn as Lineage['papersBuildingOn'];
}
const depths = (l: Lineage['papersBuildingOn']) => new Map(l.edges.map((e) => [e.node.key, e.depth]));

describe('the linker on the seeded graph (issue #13, done when)', () => {
  it('puts Weak-to-Strong Generalization at depth 1 under RLHF, explained by its abstract sentence', async () => {
    const all = await lineage();
    const w2s = all.edges.find((e) => e.node.key === W2S);
    expect(w2s?.depth).toBe(1);
    const [step] = w2s?.path ?? [];
    expect(step).toMatchObject({
      from: { key: W2S },
      relation: 'USES',
      to: { key: 'technique:rlhf' },
      source: 'linker',
      mentionKind: 'MENTION',
    });
    expect(step?.evidence?.startsWith(W2S_SENTENCE)).toBe(true);
    expect(seed.papers.get(W2S)?.abstract).toContain(step?.evidence);
    expect(step?.confidence).toBeLessThanOrEqual(0.6);
  });

  it('with sources: [CURATED] it is gone and the curated answers remain, exactly as the seed says', async () => {
    const curated = await lineage({ sources: ['CURATED'] });
    expect(curated.edges.some((e) => e.node.key === W2S)).toBe(false);
    expect(curated.edges.map((e) => ({ key: e.node.key, depth: e.depth }))).toEqual(
      expectedBuildingOn(seed, 'technique:rlhf', 4),
    );
    expect(curated.edges.every((e) => e.path.every((s) => s.source === 'curated'))).toBe(true);
    // Every curated answer is in the default answer too, never deeper.
    const all = depths(await lineage());
    for (const [paper, depth] of depths(curated)) expect(all.get(paper)).toBeLessThanOrEqual(depth);
    expect(all.size).toBeGreaterThan(depths(curated).size);
  });

  it('LINKER alone gives mined first steps only', async () => {
    const mined = await lineage({ sources: ['LINKER'] });
    expect(mined.edges.length).toBeGreaterThan(0);
    expect(mined.edges.every((e) => e.path[0]?.source === 'linker')).toBe(true);
  });

  it('never changed or duplicated a curated edge: at most one USES and one INTRODUCES per pair', async () => {
    const [row] = await executor().read({
      name: 'test-linker-pairs',
      cypher: `MATCH (p:Paper)-[e:USES|INTRODUCES]->(t:Technique)
               WITH p, t, type(e) AS rel, count(*) AS n WHERE n > 1 RETURN count(*) AS dup`,
    });
    expect(row?.dup).toBe(0);
    const curated = await executor().read({
      name: 'test-linker-curated',
      cypher: `MATCH (p:Paper)-[e:USES|INTRODUCES]->(t:Technique) WHERE e.source = 'curated'
               RETURN p.id AS from, type(e) AS relation, t.id AS to, e.evidence AS evidence, e.confidence AS confidence`,
    });
    const expected = seed.edges
      .filter((e) => e.relation === 'USES' || e.relation === 'INTRODUCES')
      .map(({ from, relation, to, evidence, confidence }) => ({ from, relation, to, evidence, confidence }));
    const key = (e: { from: string; relation: string; to: string }) => `${e.from} ${e.relation} ${e.to}`;
    expect(curated.map((e) => JSON.stringify(e)).sort()).toEqual(
      expected
        .sort((a, b) => key(a).localeCompare(key(b)))
        .map((e) => JSON.stringify(e))
        .sort(),
    );
    // No mined edge shares a pair with a curated one.
    const [shared] = await executor().read({
      name: 'test-linker-shared',
      cypher: `MATCH (p:Paper)-[m {source: 'linker'}]->(t:Technique)
               WHERE EXISTS { (p)-[c:USES|INTRODUCES]->(t) WHERE c.source <> 'linker' } RETURN count(*) AS n`,
    });
    expect(shared?.n).toBe(0);
  });

  it('Paper.techniques shows the mined link with its provenance; Technique.introducedBy leaves mined ones out', async () => {
    const res = await t.gql<{
      paper: { techniques: { technique: { key: string }; source: string; mentionKind: string | null }[] };
      curated: { techniques: unknown[] };
      technique: { introducedBy: { key: string }[]; mined: { key: string }[] };
    }>(`{
      paper(id: "${W2S}") {
        techniques { technique { key } source mentionKind }
      }
      curated: paper(id: "${W2S}") { techniques(sources: [CURATED]) { source } }
      technique(name: "RLHF") { introducedBy { key } mined: introducedBy(sources: [LINKER]) { key } }
    }`);
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect(data?.paper.techniques).toContainEqual({
      technique: { key: 'technique:rlhf' },
      source: 'linker',
      mentionKind: 'MENTION',
    });
    const curatedIntroducers = seed.edges
      .filter((e) => e.relation === 'INTRODUCES' && e.to === 'technique:rlhf')
      .map((e) => e.from);
    expect(data?.technique.introducedBy.map((p) => p.key).sort()).toEqual(curatedIntroducers.sort());
    expect(data?.technique.mined.every((p) => !curatedIntroducers.includes(p.key))).toBe(true);
    expect(
      seed.edges.filter((e) => e.from === W2S && (e.relation === 'USES' || e.relation === 'INTRODUCES')).length,
    ).toBe(data?.curated.techniques.length);
  });

  it('adoption counts mined links unless sources leaves them out', async () => {
    const q = `query ($sources: [LinkSource!]) { stats { techniqueAdoption(technique: "RLHF", sources: $sources) { year count } } }`;
    const total = (r: { body: { data?: { stats: { techniqueAdoption: { count: number }[] } } } }) =>
      (r.body.data?.stats.techniqueAdoption ?? []).reduce((n, y) => n + y.count, 0);
    const all = total(await t.gql(q));
    const curated = total(await t.gql(q, { sources: ['CURATED'] }));
    expect(curated).toBe(expectedBuildingOn(seed, 'technique:rlhf', 10).length);
    expect(all).toBeGreaterThan(curated);
  });

  it('a CONTRAST link is left out of lineage and adoption unless includeContrast: true', async () => {
    await executor().write(
      {
        name: 'test-linker-contrast',
        cypher: `MATCH (:Paper {id: $p})-[e:USES {source: 'linker'}]->(:Technique {id: 'technique:rlhf'}) SET e.mentionKind = 'CONTRAST'`,
      },
      { p: W2S },
    );
    expect((await lineage()).edges.some((e) => e.node.key === W2S)).toBe(false);
    const withContrast = await lineage({ includeContrast: true });
    const w2s = withContrast.edges.find((e) => e.node.key === W2S);
    expect(w2s?.path[0]?.mentionKind).toBe('CONTRAST');
    // The next run restores what the engine finds.
    expect((await linkGraph(executor(), { papers: [W2S] })).updated).toBe(1);
  });

  it('rejectLink needs a write token, removes the mined link, and the linker never makes it again', async () => {
    const mutation = `mutation { rejectLink(paper: "${W2S}", technique: "RLHF", by: "curator", reason: "test") {
      paper technique by reason removed } }`;
    const denied = await t.gql(mutation);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const res = await t.gql(mutation, {}, { authorization: `Bearer ${WRITE_TOKEN}` });
    expect(res.body).toEqual({
      data: {
        rejectLink: { paper: W2S, technique: 'technique:rlhf', by: 'curator', reason: 'test', removed: 1 },
      },
    });
    const again = await linkGraph(executor(), { papers: [W2S] });
    expect(again.rejectedSkipped).toBe(1);
    expect((await lineage()).edges.some((e) => e.node.key === W2S)).toBe(false);
    const missing = await t.gql(
      `mutation { rejectLink(paper: "arxiv:0000.00000", technique: "RLHF", by: "curator") { removed } }`,
      {},
      { authorization: `Bearer ${WRITE_TOKEN}` },
    );
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
