import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { graphCounts } from '../../src/db/schema-store.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { first } from '../helpers/must.js';

/**
 * Writes racing each other through the API: the same paper upserted twenty
 * times at once, the same edge added ten times at once, citations to one paper
 * added at once. Each mutation is one managed transaction (constraints plus the
 * driver's retry of transient errors such as deadlocks), so the races must end
 * as if the writes had run one after another: one node per id, one relationship
 * per edge, counts that add up, no error. Everything here uses ids
 * arxiv:9999.3*, author:test-conc-* and technique:test-conc-*, removed before
 * and after the file.
 */
const t = useTestApp();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const PAPER = 'arxiv:9999.3001';
const TECH = 'technique:test-conc-a';
const SEED_AUTHORS = ['author:ilya-sutskever', 'author:paul-christiano', 'author:long-ouyang', 'author:jan-leike'];

const cypher = (statement: string, params: Record<string, unknown> = {}) =>
  executor.write({ name: 'concurrency-test', cypher: statement }, params);
const cleanUp = () =>
  cypher(
    `MATCH (n) WHERE (n:Paper AND n.id STARTS WITH 'arxiv:9999.3') OR n.id STARTS WITH 'author:test-conc-'
        OR n.id STARTS WITH 'technique:test-conc-'
     DETACH DELETE n`,
  );

let before: Awaited<ReturnType<typeof graphCounts>>;
beforeAll(async () => {
  await cleanUp();
  before = await graphCounts(executor);
  await cypher(
    `CREATE (:Technique {id: $id, name: 'Conc A', nameLower: 'conc a', aliases: [], aliasText: '',
                         lookupKeys: ['conc a'], description: 'Made by the concurrency test.'})`,
    { id: TECH },
  );
});
afterAll(async () => {
  await cleanUp();
  expect(await graphCounts(executor)).toEqual(before);
});

const UPSERT = `mutation($input: PaperInput!) { upsertPaper(input: $input) { key title authors { key } } }`;
const ADD = `mutation($from: ID!, $to: ID!, $relation: LineageRelation!, $evidence: String!, $confidence: Float!) {
  addLineage(from: $from, to: $to, relation: $relation, evidence: $evidence, confidence: $confidence) {
    relation to { ... on Paper { key citationCount } }
  }
}`;
const upsert = (input: Record<string, unknown>) => t.gql(UPSERT, { input }, AUTH);
const add = (variables: Record<string, unknown>) =>
  t.gql(ADD, { evidence: 'Raced.', confidence: 0.5, ...variables }, AUTH);
const paperInput = (i: number, authors: string[], id = PAPER) => ({
  id,
  title: `Raced paper, version ${i}`,
  published: '2025-03-01',
  authors,
  newAuthors: authors.filter((a) => a.startsWith('author:test-conc-')).map((a) => ({ id: a, name: `Conc ${a}` })),
  topics: ['topic:alignment'],
  uses: [{ technique: TECH, evidence: `Version ${i} uses it.`, confidence: 0.5 }],
});
/** Statements the executor ran in a second or later attempt of their transaction (a retry). */
const retriedStatements = () => t.queries.filter((q) => q.mode === 'WRITE' && q.attempt > 1).length;

async function stored(id: string) {
  const row = first(
    await executor.read(
      {
        name: 'concurrency-stored',
        cypher: `OPTIONAL MATCH (p:Paper {id: $id})
               RETURN count(p) AS papers, collect(p.title) AS titles,
                      [(p)<-[w:AUTHORED]-(a) | [w.position, a.id]] AS byline,
                      COUNT { (:Author {id: 'author:test-conc-new'}) } AS newAuthors,
                      COUNT { (p)-[:ABOUT]->() } AS about, COUNT { (p)-[:USES]->() } AS uses`,
      },
      { id },
    ),
  );
  const byline = (row.byline as [number, string][]).sort((a, b) => a[0] - b[0]);
  return {
    ...(row as { papers: number; titles: string[]; newAuthors: number; about: number; uses: number }),
    authors: byline.map(([, a]) => a),
    positions: byline.map(([p]) => p),
  };
}

describe('concurrent writes', () => {
  it('20 identical upserts of a new paper at once: one paper, one new author, one link each, no error', async () => {
    t.queries.length = 0;
    const authors = ['author:test-conc-new', ...SEED_AUTHORS];
    const results = await Promise.all(Array.from({ length: 20 }, () => upsert(paperInput(0, authors))));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const s = await stored(PAPER);
    expect(s).toMatchObject({ papers: 1, newAuthors: 1, about: 1, uses: 1, authors, positions: [1, 2, 3, 4, 5] });
    console.log(`[concurrency] 20 identical upserts: ${retriedStatements()} statements retried`);
  });

  it('20 different upserts of one paper at once: it ends as exactly one of them, never a mix', async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => {
      // Each version has its own byline: a rotation of the seed authors plus its own new author.
      const rotated = [...SEED_AUTHORS.slice(i % 4), ...SEED_AUTHORS.slice(0, i % 4)].slice(0, 1 + (i % 4));
      return paperInput(i, [`author:test-conc-v${i}`, ...rotated], 'arxiv:9999.3002');
    });
    const results = await Promise.all(inputs.map(upsert));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const s = await stored('arxiv:9999.3002');
    expect(s.papers).toBe(1);
    const winner = inputs.find((input) => `Raced paper, version ${inputs.indexOf(input)}` === s.titles[0])!;
    expect(s.authors).toEqual(winner.authors);
    expect(s.positions).toEqual(winner.authors.map((_, i) => i + 1));
    // Every version created its own new author (authors stay when a byline drops them), nothing twice.
    const { n } = first(
      await executor.read({
        name: 'concurrency-authors',
        cypher: `MATCH (a:Author) WHERE a.id STARTS WITH 'author:test-conc-v' RETURN count(a) AS n`,
      }),
    );
    expect(n).toBe(20);
  });

  it('upserts of two papers with crossed bylines at once: all succeed, and the deadlocks are retried', async () => {
    // Each round races 40 upserts: papers 3003 and 3004 lock the same four authors in
    // opposite orders, so Neo4j detects deadlocks (or times out a lock). Rounds go on
    // until a transaction was retried (at most 8), each one checked in full.
    let retried = 0;
    let rounds = 0;
    while (retried === 0 && rounds < 8) {
      rounds++;
      t.queries.length = 0;
      const crossed = Array.from({ length: 40 }, (_, i) => {
        const byline = i % 2 ? [...SEED_AUTHORS].reverse() : SEED_AUTHORS;
        return paperInput(rounds * 100 + i, byline, i % 2 ? 'arxiv:9999.3003' : 'arxiv:9999.3004');
      });
      const results = await Promise.all(crossed.map(upsert));
      for (const r of results) expect(r.body.errors).toBeUndefined();
      for (const [id, byline] of [
        ['arxiv:9999.3003', [...SEED_AUTHORS].reverse()],
        ['arxiv:9999.3004', SEED_AUTHORS],
      ] as const) {
        const s = await stored(id);
        expect(s).toMatchObject({ papers: 1, about: 1, uses: 1, authors: byline, positions: [1, 2, 3, 4] });
        // The paper is one of this round's versions, whole (title and byline from the same upsert).
        const version = crossed.find((input) => input.title === s.titles[0]);
        expect(version?.id).toBe(id);
      }
      retried = retriedStatements();
    }
    console.log(
      `[concurrency] crossed upserts: ${retried} statements re-run by retried transactions in round ${rounds}`,
    );
    expect(retried).toBeGreaterThan(0);
  });

  it('10 identical addLineage at once: one relationship', async () => {
    t.queries.length = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => add({ from: 'arxiv:2203.02155', to: TECH, relation: 'USES' })),
    );
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const { n } = first(
      await executor.read(
        {
          name: 'concurrency-edge',
          cypher: 'MATCH (:Paper {id: $from})-[r:USES]->(:Technique {id: $to}) RETURN count(r) AS n',
        },
        { from: 'arxiv:2203.02155', to: TECH },
      ),
    );
    expect(n).toBe(1);
    console.log(`[concurrency] 10 identical addLineage: ${retriedStatements()} statements retried`);
  });

  it('10 papers citing one paper at once: citationCount ends at 10', async () => {
    const cited = 'arxiv:9999.3100';
    const citing = Array.from({ length: 10 }, (_, i) => `arxiv:9999.31${String(i + 1).padStart(2, '0')}`);
    for (const id of [cited, ...citing]) {
      expect((await upsert({ ...paperInput(0, ['author:ilya-sutskever'], id), uses: [] })).body.errors).toBeUndefined();
    }
    const results = await Promise.all(citing.map((from) => add({ from, to: cited, relation: 'CITES' })));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const [row] = await executor.read(
      {
        name: 'concurrency-citations',
        cypher: 'MATCH (p:Paper {id: $id}) RETURN p.citationCount AS stored, COUNT { (p)<-[:CITES]-() } AS actual',
      },
      { id: cited },
    );
    expect(row).toEqual({ stored: 10, actual: 10 });
  });
});
