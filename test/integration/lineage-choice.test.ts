import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';

/**
 * Which explanation papersBuildingOn gives when a paper has several: the fewest edges,
 * then the most confident use (INTRODUCES before USES, then technique id), through the
 * most confident chain (the product of its confidences). The seed has no paper with two
 * such choices, so this file builds a small graph of its own (ids technique:test-lin-*,
 * arxiv:9999.4*; techniques made with Cypher, as the API cannot create them, everything
 * else through the API) and removes it before and after:
 *
 *     A ──0.2──▶ ROOT ◀──0.9── B        C ──0.9──▶ A,  C ──0.4──▶ B
 *
 * so the chain C→A→ROOT starts stronger (0.9) but is weaker in all (0.18 < 0.36), and A
 * sorts before B by id and name: only the product can pick C→B→ROOT.
 */
const t = useTestApp();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const [ROOT, A, B, C] = ['root', 'a', 'b', 'c'].map((x) => `technique:test-lin-${x}`) as [
  string,
  string,
  string,
  string,
];

const cleanUp = () =>
  executor.write({
    name: 'lineage-choice-clean-up',
    cypher: `MATCH (n) WHERE n.id STARTS WITH 'technique:test-lin-' OR (n:Paper AND n.id STARTS WITH 'arxiv:9999.4')
             DETACH DELETE n`,
  });

async function mutate(query: string, variables: Record<string, unknown>) {
  const res = await t.gql(query, variables, AUTH);
  expect(res.body.errors, JSON.stringify(variables)).toBeUndefined();
}
const buildsOn = (from: string, to: string, confidence: number) =>
  mutate(
    `mutation($from: ID!, $to: ID!, $c: Float!) {
       addLineage(from: $from, to: $to, relation: BUILDS_ON, evidence: "Fixture.", confidence: $c) { relation } }`,
    { from, to, c: confidence },
  );
const link = (technique: string, confidence: number) => ({ technique, evidence: `Links ${technique}.`, confidence });
const paper = (id: string, links: { introduces?: unknown[]; uses?: unknown[] }) =>
  mutate('mutation($input: PaperInput!) { upsertPaper(input: $input) { key } }', {
    input: {
      id,
      title: `Lineage choice fixture ${id}`,
      published: '2025-04-01',
      authors: ['author:ilya-sutskever'],
      ...links,
    },
  });

beforeAll(async () => {
  await cleanUp();
  await executor.write(
    {
      name: 'lineage-choice-techniques',
      cypher: `UNWIND $ids AS id
               CREATE (:Technique {id: id, name: id, nameLower: toLower(id), aliases: [], aliasText: '',
                                   lookupKeys: [toLower(id)], description: 'Made by the lineage-choice test.'})`,
    },
    { ids: [ROOT, A, B, C] },
  );
  await buildsOn(A, ROOT, 0.2);
  await buildsOn(B, ROOT, 0.9);
  await buildsOn(C, A, 0.9);
  await buildsOn(C, B, 0.4);
  // Uses C only: depth 3, two chains of two edges.
  await paper('arxiv:9999.4001', { uses: [link(C, 0.8)] });
  // Uses A and B directly (depth 2): the more confident use wins, whatever the chain behind it.
  await paper('arxiv:9999.4002', { uses: [link(A, 0.7), link(B, 0.3)] });
  // Equally confident uses: INTRODUCES before USES, although B sorts after A.
  await paper('arxiv:9999.4003', { introduces: [link(B, 0.6)], uses: [link(A, 0.6)] });
  // Fewest edges first: the weak direct use of A (depth 2) beats the strong use of C (depth 3).
  await paper('arxiv:9999.4004', { uses: [link(A, 0.1), link(C, 1)] });
});
afterAll(cleanUp);

type Step = { from: { key: string }; relation: string; to: { key: string }; confidence: number };
const LINEAGE = `query($t: String!) { papersBuildingOn(technique: $t, maxDepth: 4) {
  edges { depth node { key } path { from { ... on Paper { key } ... on Technique { key } } relation
    to { ... on Paper { key } ... on Technique { key } } confidence } } } }`;

describe('papersBuildingOn picks the most confident of the shortest explanations', () => {
  it('for each fixture paper: depth, use and chain as the rule says', async () => {
    const res = await t.gql<{ papersBuildingOn: { edges: { depth: number; node: { key: string }; path: Step[] }[] } }>(
      LINEAGE,
      { t: ROOT },
    );
    expect(res.body.errors).toBeUndefined();
    const explained = Object.fromEntries(
      res.body.data!.papersBuildingOn.edges.map((e) => [
        e.node.key,
        { depth: e.depth, chain: e.path.map((s) => `${s.from.key} ${s.relation} ${s.to.key} ${s.confidence}`) },
      ]),
    );
    const p = (id: string) => `arxiv:9999.${id}`;
    expect(explained).toEqual({
      [p('4001')]: {
        depth: 3,
        chain: [`${p('4001')} USES ${C} 0.8`, `${C} BUILDS_ON ${B} 0.4`, `${B} BUILDS_ON ${ROOT} 0.9`],
      },
      [p('4002')]: { depth: 2, chain: [`${p('4002')} USES ${A} 0.7`, `${A} BUILDS_ON ${ROOT} 0.2`] },
      [p('4003')]: { depth: 2, chain: [`${p('4003')} INTRODUCES ${B} 0.6`, `${B} BUILDS_ON ${ROOT} 0.9`] },
      [p('4004')]: { depth: 2, chain: [`${p('4004')} USES ${A} 0.1`, `${A} BUILDS_ON ${ROOT} 0.2`] },
    });
  });
});
