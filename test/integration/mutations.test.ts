import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { graphCounts } from '../../src/db/schema-store.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { first } from '../helpers/must.js';
import {
  ADD,
  codeOf,
  DELETE,
  NEW_AUTHOR,
  PAPER,
  paperInput,
  TECH_A,
  TECH_B,
  UPSERT,
} from '../helpers/mutation-documents.js';

import { loadSeedGraph } from '../helpers/seed-graph.js';

/**
 * Writes through the API. Everything this file creates uses the ids below
 * (papers arxiv:9999.*, authors and techniques *:test-mut-*) and is removed
 * before and after the file; the one seed property it touches (a citation
 * count) is recounted afterwards.
 */
const t = useTestApp();
const seed = loadSeedGraph();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const counts = () => graphCounts(executor);

const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const CITED = 'arxiv:2203.02155';
const seedCitations = seed.edges.filter((e) => e.relation === 'CITES' && e.to === CITED).length;

async function cypher(statement: string, params: Record<string, unknown> = {}) {
  const session = t.driver.session({ database: inject('neo4j').database });
  try {
    return (await session.run(statement, params)).records.map((r) => r.toObject());
  } finally {
    await session.close();
  }
}

async function cleanUp() {
  await cypher(
    `MATCH (n) WHERE (n:Paper AND n.id STARTS WITH 'arxiv:9999.')
        OR ((n:Author OR n:Technique) AND n.id CONTAINS ':test-mut-')
     DETACH DELETE n`,
  );
  await cypher('MATCH (p:Paper {id: $id}) SET p.citationCount = COUNT { (p)<-[:CITES]-(:Paper) }', { id: CITED });
}

beforeAll(async () => {
  await cleanUp();
  // Two throwaway techniques (the API has no technique mutation), shaped like imported ones.
  await cypher(
    `UNWIND $rows AS r
     CREATE (x:Technique {id: r.id, name: r.name, nameLower: toLower(r.name), aliases: [], aliasText: '',
                          lookupKeys: [toLower(r.name)], description: 'A technique made by the mutation tests.'})`,
    {
      rows: [
        { id: TECH_A, name: 'Test mut A' },
        { id: TECH_B, name: 'Test mut B' },
      ],
    },
  );
});
afterAll(cleanUp);

/** Send a mutation with the write token. */
const write = (query: string, variables: Record<string, unknown>) => t.gql(query, variables, AUTH);
const upsert = (overrides: Record<string, unknown> = {}) => write(UPSERT, { input: paperInput(overrides) });
const add = (variables: Record<string, unknown>) =>
  write(ADD, { evidence: 'Some evidence.', confidence: 0.5, ...variables });

/** Send a mutation that must fail with BAD_USER_INPUT (message matching) and change no count in the graph. */
async function expectRejected(send: () => ReturnType<typeof write>, message: RegExp) {
  const before = await counts();
  const res = await send();
  expect(res.body.data).toBeNull();
  expect(codeOf(res)).toEqual(['BAD_USER_INPUT']);
  expect(res.body.errors?.[0]?.message).toMatch(message);
  expect(await counts()).toEqual(before);
  return res;
}

/** What upsertPaper answers for `paperInput()`. */
const created = {
  key: PAPER,
  title: 'A test paper about RLHF',
  published: '2025-01-15',
  year: 2025,
  kind: 'PAPER',
  arxivId: null,
  url: null,
  abstract: null,
  citationCount: 0,
  authors: [
    { key: NEW_AUTHOR, name: 'Ada Testmut' },
    { key: 'author:ilya-sutskever', name: 'Ilya Sutskever' },
  ],
  topics: [{ key: 'topic:alignment' }],
};

describe('upsertPaper', () => {
  it('rejects unknown ids, listing them, and writes nothing (not even the new author)', async () => {
    const res = await expectRejected(
      () =>
        upsert({
          authors: [NEW_AUTHOR, 'author:test-mut-nobody'],
          topics: ['topic:test-mut-nothing'],
          uses: [{ technique: 'technique:test-mut-none', evidence: 'x', confidence: 0.5 }],
        }),
      /Not in the graph: author "author:test-mut-nobody", topic "topic:test-mut-nothing", technique "technique:test-mut-none"/,
    );
    expect(res.body.errors?.[0]?.extensions?.missing).toEqual([
      { id: 'author:test-mut-nobody', label: 'Author' },
      { id: 'topic:test-mut-nothing', label: 'Topic' },
      { id: 'technique:test-mut-none', label: 'Technique' },
    ]);
    const after = await t.gql(`{ a: author(id: "${NEW_AUTHOR}") { key } }`);
    expect(codeOf(after)).toEqual(['NOT_FOUND']);
  });

  it.each([
    [{ published: '2025-13-01' }, /input\.published: Invalid ISO date/],
    [{ published: '15/01/2025' }, /input\.published: Invalid ISO date/],
    [{ uses: [{ technique: 'technique:rlhf', evidence: 'x', confidence: 2 }] }, /input\.uses\.0\.confidence: Too big/],
    [{ uses: [{ technique: 'technique:rlhf', evidence: ' ', confidence: 0.5 }] }, /input\.uses\.0\.evidence/],
    [{ id: 'topic:not-a-paper' }, /input\.id: paper ids must not start with/],
    [{ authors: [], newAuthors: [] }, /input\.authors: needs at least one author/],
    [{ authors: ['author:ilya-sutskever'] }, /input\.newAuthors: every new author must also be listed/],
    [{ url: 'not a url' }, /input\.url/],
  ])('rejects invalid input %j with BAD_USER_INPUT', async (overrides, message) => {
    await expectRejected(() => upsert(overrides), message);
  });

  it('creates the paper, a new author, its links with provenance "api", visible to the next query', async () => {
    const before = await counts();
    const res = await upsert();
    expect(res.body).toEqual({ data: { upsertPaper: created } });
    const after = await counts();
    expect(after.nodes).toEqual({ ...before.nodes, Paper: before.nodes.Paper + 1, Author: before.nodes.Author + 1 });
    expect(after.relationships).toEqual({
      ...before.relationships,
      AUTHORED: before.relationships.AUTHORED + 2,
      ABOUT: before.relationships.ABOUT + 1,
      INTRODUCES: before.relationships.INTRODUCES + 1,
      USES: before.relationships.USES + 1,
    });

    const read = await t.gql(`{
      technique(id: "${TECH_A}") { introducedBy { key } }
      author(id: "${NEW_AUTHOR}") { papers { totalCount edges { node { key } } } }
    }`);
    expect(read.body).toEqual({
      data: {
        technique: { introducedBy: [{ key: PAPER }] },
        author: { papers: { totalCount: 1, edges: [{ node: { key: PAPER } }] } },
      },
    });
    const links = await cypher(
      `MATCH (:Paper {id: $id})-[r:INTRODUCES|USES]->(x)
       RETURN [type(r), x.id, r.evidence, r.confidence, r.source, r.recordedAt IS :: ZONED DATETIME] AS link
       ORDER BY type(r)`,
      { id: PAPER },
    );
    expect(links.map((l) => l.link)).toEqual([
      ['INTRODUCES', TECH_A, 'The paper proposes test technique A.', 0.9, 'api', true],
      ['USES', 'technique:rlhf', 'It fine-tunes with RLHF.', 0.8, 'api', true],
    ]);
  });

  it('replaces properties, authors (in the new order), topics and technique links on re-upsert', async () => {
    const { stamp: firstStamp } = first(
      await cypher('MATCH (:Paper {id: $id})-[r:INTRODUCES]->() RETURN toString(r.recordedAt) AS stamp', { id: PAPER }),
    );
    const res = await upsert({
      title: 'A test paper, revised',
      kind: 'TECHNICAL_REPORT',
      url: 'https://example.org/test',
      authors: ['author:ilya-sutskever', NEW_AUTHOR],
      newAuthors: [{ id: NEW_AUTHOR, name: 'Renamed (ignored: the author exists)' }],
      topics: ['topic:interpretability'],
      introduces: [{ technique: TECH_A, evidence: 'Revised evidence.', confidence: 0.6 }],
      uses: [],
    });
    expect(res.body).toEqual({
      data: {
        upsertPaper: {
          ...created,
          title: 'A test paper, revised',
          kind: 'TECHNICAL_REPORT',
          url: 'https://example.org/test',
          authors: [...created.authors].reverse(),
          topics: [{ key: 'topic:interpretability' }],
        },
      },
    });
    const links = await cypher(
      `MATCH (:Paper {id: $id})-[r:INTRODUCES|USES]->(x)
       RETURN type(r) AS type, x.id AS to, r.evidence AS evidence, toString(r.recordedAt) AS stamp`,
      { id: PAPER },
    );
    expect(links).toEqual([{ type: 'INTRODUCES', to: TECH_A, evidence: 'Revised evidence.', stamp: firstStamp }]);
  });

  it('leaves an existing paper untouched when a re-upsert fails', async () => {
    await expectRejected(
      () =>
        upsert({
          title: 'Should not land',
          uses: [{ technique: 'technique:test-mut-none', evidence: 'x', confidence: 0.5 }],
        }),
      /Not in the graph: technique "technique:test-mut-none"/,
    );
    const read = await t.gql(`{ paper(id: "${PAPER}") { title authors { key } } }`);
    expect(read.body).toEqual({
      data: {
        paper: { title: 'A test paper, revised', authors: [{ key: 'author:ilya-sutskever' }, { key: NEW_AUTHOR }] },
      },
    });
  });
});

describe('addLineage', () => {
  it('adds a BUILDS_ON edge, idempotently, with provenance "api"', async () => {
    const variables = { from: TECH_B, to: TECH_A, relation: 'BUILDS_ON', evidence: 'B extends A.', confidence: 0.7 };
    const res = await add(variables);
    expect(res.body).toEqual({
      data: {
        addLineage: {
          from: { __typename: 'Technique', key: TECH_B },
          relation: 'BUILDS_ON',
          to: { __typename: 'Technique', key: TECH_A },
          evidence: 'B extends A.',
          confidence: 0.7,
        },
      },
    });
    const before = await counts();
    const again = await add({ ...variables, evidence: 'B extends A, restated.', confidence: 0.75 });
    expect(again.body.errors).toBeUndefined();
    expect(await counts()).toEqual(before);
    const read = await t.gql(
      `{ technique(id: "${TECH_B}") { buildsOn { technique { key } evidence confidence source } } }`,
    );
    expect(read.body).toEqual({
      data: {
        technique: {
          buildsOn: [
            { technique: { key: TECH_A }, evidence: 'B extends A, restated.', confidence: 0.75, source: 'api' },
          ],
        },
      },
    });
  });

  it('refuses a BUILDS_ON that would close a cycle, naming it', async () => {
    const own = await expectRejected(
      () => add({ from: TECH_A, to: TECH_B, relation: 'BUILDS_ON' }),
      /would close a cycle: technique:test-mut-a → technique:test-mut-b → technique:test-mut-a/,
    );
    expect(own.body.errors?.[0]?.extensions?.cycle).toEqual([TECH_A, TECH_B, TECH_A]);
    // Through the seed: RLHF → SFT → generative pretraining → Transformer (seed/edges.ndjson).
    const seeded = await expectRejected(
      () => add({ from: 'technique:transformer', to: 'technique:rlhf', relation: 'BUILDS_ON' }),
      /would close a cycle/,
    );
    expect(seeded.body.errors?.[0]?.extensions?.cycle).toEqual([
      'technique:transformer',
      'technique:rlhf',
      'technique:supervised-fine-tuning',
      'technique:generative-pretraining',
      'technique:transformer',
    ]);
  });

  it.each([
    [
      { from: TECH_A, to: PAPER, relation: 'USES' },
      /USES links a Paper to a Technique, but "technique:test-mut-a" is a Technique and "arxiv:9999.0001" is a Paper/,
    ],
    [
      { from: PAPER, to: TECH_A, relation: 'CITES' },
      /CITES links a Paper to a Paper, but .* "technique:test-mut-a" is a Technique/,
    ],
    [{ from: PAPER, to: TECH_A, relation: 'BUILDS_ON' }, /BUILDS_ON links a Technique to a Technique/],
    [{ from: 'arxiv:9999.0404', to: TECH_A, relation: 'INTRODUCES' }, /"arxiv:9999.0404" is not in the graph/],
    [{ from: PAPER, to: 'author:ilya-sutskever', relation: 'CITES' }, /"author:ilya-sutskever" is a Author/],
    [{ from: TECH_A, to: TECH_A, relation: 'BUILDS_ON' }, /to: an edge cannot point at its own start/],
    [{ from: PAPER, to: TECH_A, relation: 'USES', confidence: 2 }, /confidence: Too big/],
    [{ from: PAPER, to: TECH_A, relation: 'USES', evidence: '' }, /evidence: Too small/],
    [{ from: PAPER, to: TECH_A, relation: 'USES', evidence: 'x'.repeat(1001) }, /evidence: Too big/],
    [{ from: 'not an id', to: TECH_A, relation: 'USES' }, /from: must look like "prefix:local-id"/],
  ])('rejects %j with BAD_USER_INPUT, graph unchanged', async (variables, message) => {
    await expectRejected(() => add(variables), message);
  });

  it('adds CITES and keeps the cited paper’s citationCount current', async () => {
    const res = await add({ from: PAPER, to: CITED, relation: 'CITES', evidence: 'Cites InstructGPT.', confidence: 1 });
    expect(res.body).toEqual({
      data: {
        addLineage: {
          from: { __typename: 'Paper', key: PAPER, citationCount: 0 },
          relation: 'CITES',
          to: { __typename: 'Paper', key: CITED, citationCount: seedCitations + 1 },
          evidence: 'Cites InstructGPT.',
          confidence: 1,
        },
      },
    });
    const read = await t.gql(
      `{ paper(id: "${CITED}") { citationCount citedBy(first: 1) { totalCount edges { node { key } } } } }`,
    );
    expect(read.body).toEqual({
      data: {
        paper: {
          citationCount: seedCitations + 1,
          citedBy: { totalCount: seedCitations + 1, edges: [{ node: { key: PAPER } }] },
        },
      },
    });
  });
});

describe('deletePaper', () => {
  it('answers NOT_FOUND for an unknown paper and deletes nothing', async () => {
    const before = await counts();
    const res = await write(DELETE, { id: 'arxiv:9999.0404' });
    expect(res.body.data).toBeNull();
    expect(codeOf(res)).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
  });

  it('deletes the paper with its relationships and lowers the cited paper’s citationCount', async () => {
    // Our paper now has: 2 AUTHORED, 1 ABOUT, 1 INTRODUCES, 1 CITES.
    const before = await counts();
    const res = await write(DELETE, { id: PAPER });
    expect(res.body).toEqual({ data: { deletePaper: { deletedId: PAPER, relationshipsDeleted: 5 } } });
    const after = await counts();
    expect(after.nodes.Paper).toBe(before.nodes.Paper - 1);
    expect(after.nodes.Author).toBe(before.nodes.Author);
    const total = (c: typeof before) => Object.values(c.relationships).reduce((a, b) => a + b, 0);
    expect(total(before) - total(after)).toBe(5);
    const read = await t.gql(`{ cited: paper(id: "${CITED}") { citationCount } gone: paper(id: "${PAPER}") { key } }`);
    expect(read.body.data).toEqual({ cited: { citationCount: seedCitations }, gone: null });
    expect(codeOf(read)).toEqual(['NOT_FOUND']);
  });
});
