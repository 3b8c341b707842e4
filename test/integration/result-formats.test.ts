import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { useTestApp } from '../helpers/app.js';
import { expectedTechniquePapers, loadSeedGraph } from '../helpers/seed-graph.js';

/**
 * `Accept: text/csv` and `Accept: application/x-bibtex` over HTTP (yoga.fetch). Expected CSV is
 * built here from the seed with RFC 4180 rules written out below; one BibTeX entry is written by
 * hand. This file adds one paper of its own (year 1900, ids `test-formats:*`) whose title would
 * run as a spreadsheet formula, and removes it afterwards.
 */
const t = useTestApp();
const seed = loadSeedGraph();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });

const HOSTILE = {
  id: 'test-formats:hostile',
  title: '=HYPERLINK("http://evil.example","click"), 50% & {more}',
  author: 'Ada_Lovelace #1',
};

beforeAll(async () => {
  await executor.write(
    {
      name: 'test-formats-fixture',
      cypher: `CREATE (p:Paper {id: $id, title: $title, titleLower: toLower($title), published: date('1900-02-03'),
                               year: 1900, kind: 'paper', doi: '10.1234/test.5678', url: 'https://example.org/a_b'})
               CREATE (a:Author {id: $id + ':author', name: $author, nameLower: toLower($author), kind: 'person'})
               CREATE (o:Author {id: $id + ':org', name: 'Org & Co', nameLower: 'org & co', kind: 'organization'})
               CREATE (a)-[:AUTHORED {position: 1}]->(p)
               CREATE (o)-[:AUTHORED {position: 2}]->(p)`,
    },
    HOSTILE,
  );
});
afterAll(async () => {
  await executor.write({
    name: 'test-formats-cleanup',
    cypher: "MATCH (n) WHERE n.id STARTS WITH 'test-formats:' DETACH DELETE n",
  });
});

const post = (query: string, accept: string, variables?: Record<string, unknown>) =>
  t.app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables }),
  });

/** RFC 4180 with the formula rule: quote cells with a comma, quote or line break; `'` before = + - @. */
const cell = (v: string) => {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
const csv = (rows: string[][]) => rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('');

const authorNames = (paperId: string) =>
  (seed.papers.get(paperId)?.authors ?? []).map((a) => seed.authors.get(a)?.name as string);
/** Seed papers oldest first, ties by id: the API's `orderBy: {field: YEAR, direction: ASC}`. */
const oldestFirst = [...seed.papers.values()].sort(
  (a, b) => a.published.localeCompare(b.published) || (a.id as string).localeCompare(b.id as string),
);

describe('Accept: text/csv', () => {
  it('answers a connection as one row per edge: dotted names, lists joined with "; ", header row', async () => {
    const res = await post(
      `{ papers(first: 4, orderBy: {field: YEAR, direction: ASC}, where: {yearFrom: 2000}) {
         totalCount edges { node { key title year authors { name } } } } }`,
      'text/csv',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const rows = oldestFirst
      .slice(0, 4)
      .map((p) => [p.id as string, p.title, p.published.slice(0, 4), authorNames(p.id as string).join('; ')]);
    expect(await res.text()).toBe(csv([['node.key', 'node.title', 'node.year', 'node.authors.name'], ...rows]));
  });

  it('escapes formulas and quotes commas, quotes and braces correctly', async () => {
    const res = await post(
      '{ papers(where: {yearTo: 1900}) { edges { node { title authors { name kind } } } } }',
      'text/csv, application/json;q=0.5',
    );
    const text = await res.text();
    expect(text).toBe(
      csv([
        ['node.title', 'node.authors.name', 'node.authors.kind'],
        [HOSTILE.title, `${HOSTILE.author}; Org & Co`, 'PERSON; ORGANIZATION'],
      ]),
    );
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), 50% & {more}"`);
  });

  it('answers a plain list (series) and a list nested in single-field objects (stats)', async () => {
    const res = await post('{ series(groupBy: KIND) { key count } }', 'text/csv');
    const kinds = new Map<string, number>();
    for (const p of seed.papers.values()) kinds.set(p.kind as string, (kinds.get(p.kind as string) ?? 0) + 1);
    kinds.set('paper', (kinds.get('paper') ?? 0) + 1); // this file's own paper
    const rows = [...kinds.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => [k.toUpperCase(), String(n)]);
    expect(await res.text()).toBe(csv([['key', 'count'], ...rows]));

    const stats = await post('{ stats { topTechniques(first: 2) { technique { key } paperCount } } }', 'text/csv');
    expect((await stats.text()).split('\r\n')[0]).toBe('technique.key,paperCount');
  });

  it.each([
    ['one object', '{ paper(id: "arxiv:1706.03762") { title year } }', /`paper` has 2 fields \(title, year\)/],
    ['two root fields', '{ a: series(groupBy: YEAR) { key } b: series(groupBy: KIND) { key } }', /`data` has 2 fields/],
  ])('refuses a result that is not one list (%s): 406 naming the accept header', async (_label, query, message) => {
    const res = await post(query, 'text/csv');
    expect(res.status).toBe(406);
    const body = await res.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', header: 'accept' });
    expect(body.errors[0].message).toMatch(/^Accept: text\/csv answers a query whose result is one list/);
    expect(body.errors[0].message).toMatch(message);
  });

  it('answers errors as JSON, so they are seen', async () => {
    const res = await post('{ series(groupBy: TOPIC, top: 500) { key } }', 'text/csv');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('Accept: application/x-bibtex', () => {
  it('writes a full entry from the record, whatever was selected (here only the year)', async () => {
    const res = await post('{ papers(where: {yearTo: 2013}) { edges { node { year } } } }', 'application/x-bibtex');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-bibtex; charset=utf-8');
    const text = await res.text();
    // Written by hand from seed/papers.ndjson and seed/authors.ndjson.
    expect(text).toContain(`@misc{arxiv:1312.5663,
  title = {{k-Sparse Autoencoders}},
  author = {Alireza Makhzani and Brendan Frey},
  year = {2013},
  month = dec,
  eprint = {1312.5663},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/1312.5663}
}
`);
    // And the hostile paper, TeX specials escaped, the organization braced, the DOI kept.
    expect(text).toContain(`@misc{test-formats:hostile,
  title = {{=HYPERLINK("http://evil.example","click"), 50\\% \\& \\{more\\}}},
  author = {Ada\\_Lovelace \\#1 and {Org \\& Co}},
  year = {1900},
  month = feb,
  doi = {10.1234/test.5678},
  url = {https://example.org/a_b}
}
`);
  });

  it('lists every paper of the list once, in order, authors in byline order (technical reports as @techreport)', async () => {
    const expected = expectedTechniquePapers(seed, 'technique:rlhf');
    t.queries.length = 0;
    const res = await post(
      '{ papersBuildingOn(technique: "RLHF", maxDepth: 1, first: 50) { edges { depth } } }',
      'application/x-bibtex',
    );
    const text = await res.text();
    const keys = [...text.matchAll(/^@\w+\{([^,]+),$/gm)].map((m) => m[1]);
    expect([...keys].sort()).toEqual([...expected].sort());
    // One extra query for all the records.
    expect(t.queries.filter((q) => q.name === 'papers-bibliography')).toHaveLength(1);

    const gpt4 = await post(
      '{ papers(where: {kind: TECHNICAL_REPORT}) { edges { node { key } } } }',
      'application/x-bibtex',
    );
    const entry = await gpt4.text();
    expect(entry).toMatch(/^@techreport\{arxiv:2303\.08774,/);
    const names = authorNames('arxiv:2303.08774');
    expect(names[0]).toBe('OpenAI');
    expect(entry).toContain(`  author = {{OpenAI} and ${names.slice(1).join(' and ')}},\n  institution = {OpenAI},`);
  });

  it.each([
    ['techniques', '{ techniques(first: 3) { edges { node { name } } } }'],
    ['a series', '{ series(groupBy: YEAR) { key count } }'],
  ])('refuses a list that is not papers (%s): 406 naming the accept header', async (_label, query) => {
    const res = await post(query, 'application/x-bibtex');
    expect(res.status).toBe(406);
    const body = await res.json();
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', header: 'accept' });
    expect(body.errors[0].message).toMatch(/^Accept: application\/x-bibtex answers a list of papers; item 0 of/);
  });
});

describe('other Accept values', () => {
  it.each(['application/json', 'application/graphql-response+json', '*/*', 'application/json, text/csv;q=0.1'])(
    '%s: the JSON answer as before',
    async (accept) => {
      const query = '{ papers(first: 2, where: {yearFrom: 2013, yearTo: 2013}) { edges { node { key } } } }';
      const res = await post(query, accept);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(await res.json()).toEqual({ data: { papers: { edges: [{ node: { key: 'arxiv:1312.5663' } }] } } });
    },
  );
});
