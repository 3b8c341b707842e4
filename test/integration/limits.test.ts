import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { useTestApp } from '../helpers/app.js';
import { must } from '../helpers/must.js';

const t = useTestApp({
  env: {
    LIMIT_DEPTH: '8',
    LIMIT_ALIASES: '3',
    LIMIT_TOKENS: '300',
    LIMIT_BATCH: '2',
    LIMIT_BODY_BYTES: '5000',
    LIMIT_COST: '2000',
    LIMIT_DIRECTIVES: '3',
  },
});
const defaults = useTestApp();
const cors = useTestApp({ env: { CORS_ORIGINS: 'https://dash.example.com' } });

const post = (body: unknown, headers: Record<string, string> = {}) =>
  t.app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('request limits', () => {
  it('rejects a query nested deeper than the limit with a coded error', async () => {
    const deep =
      '{ paper(id: "arxiv:2303.08774") { authors { papers { edges { node { authors { papers { edges { node { key } } } } } } } } } }';
    const res = await t.gql(deep);
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Query depth limit of 8 exceeded/),
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 8 },
    });
    expect(res.body.data).toBeUndefined();
  });

  it('rejects alias bombs', async () => {
    const res = await t.gql(
      `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: technique(name: "RLHF") { key }`).join(' ')} }`,
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 3 });
  });

  it('rejects documents with too many tokens', async () => {
    const res = await t.gql(`{ ${'__typename '.repeat(400)} }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 300 });
  });

  it('rejects bodies over the size limit with 413', async () => {
    const res = await post({ query: `{ __typename } # ${'x'.repeat(6000)}` });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/larger than the limit of 5000 bytes/),
          extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', max: 5000 },
        },
      ],
    });
  });

  it('accepts small batches and rejects large ones', async () => {
    const ok = await post([{ query: '{ __typename }' }, { query: '{ topic(id: "topic:alignment") { key } }' }]);
    expect(await ok.json()).toEqual([
      { data: { __typename: 'Query' } },
      { data: { topic: { key: 'topic:alignment' } } },
    ]);
    const tooMany = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(tooMany.status).toBe(413);
    const body = await tooMany.json();
    expect(body.errors[0].message).toMatch(/Batching is limited to 2 operations/);
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('codes syntax and validation errors, and never suggests field names', async () => {
    const syntax = await t.gql('{ paper(');
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await t.gql('{ papr { key } }');
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('lets every GraphiQL example through the default limits', async () => {
    for (const tab of examples.tabs) {
      const res = await defaults.gql(tab.query, tab.variables ? JSON.parse(tab.variables) : undefined);
      expect(res.body.errors).toBeUndefined();
    }
  });

  it('rejects documents with too many directives', async () => {
    const res = await t.gql(`{ paper(id: "arxiv:2303.08774") { ${'key @include(if: true) '.repeat(4)} } }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives', max: 3 });
    expect(res.body.data).toBeUndefined();
  });

  it('rejects an operation over the cost limit, saying what to change (not a "Syntax Error")', async () => {
    const res = await t.gql(
      '{ papers(first: 100) { edges { node { cites(first: 30) { edges { node { title } } } } } } }',
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    const error = must(res.body.errors?.[0], 'the error');
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 2000, cost: expect.any(Number) });
    expect(error.extensions?.cost as number).toBeGreaterThan(2000);
    expect(error.message).not.toMatch(/Syntax Error/);
    expect(error.message).toMatch(/^Query cost [\d,]+ is over the limit of 2,000\./);
    expect(error.message).toMatch(/smaller pages \(`first`\)/);
    expect(error.message).toMatch(/nest fewer connections/);
  });

  // A request over any limit is refused before a resolver runs: no Cypher at all.
  const paper = 'paper(id: "arxiv:2303.08774") { key }';
  it.each([
    ['nesting', `{ ${paper} nodes(ids: ${'['.repeat(70)}"x"${']'.repeat(70)}) { id } }`],
    ['tokens', `{ ${paper} ${'__typename '.repeat(400)} }`],
    [
      'depth',
      `{ ${paper} p: paper(id: "arxiv:2303.08774") { authors { papers { edges { node { authors { papers { edges { node { key } } } } } } } } } }`,
    ],
    ['aliases', `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: ${paper}`).join(' ')} }`],
    ['directives', `{ paper(id: "arxiv:2303.08774") { ${'key @include(if: true) '.repeat(4)} } }`],
    ['cost', `{ ${paper} papers(first: 100) { edges { node { cites(first: 30) { edges { node { title } } } } } } }`],
  ])('runs no Cypher for a request over the %s limit', async (limit, query) => {
    t.queries.length = 0;
    const res = await t.gql(query, undefined, { 'x-papergraph-explain': '1' });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    // Over a limit is not a syntax error (graphql-armor's own wording starts with "Syntax Error:").
    expect(res.body.errors?.[0]?.message).not.toMatch(/Syntax Error/);
    expect(res.body.extensions?.explain).toBeUndefined();
    expect(t.queries).toEqual([]);
    // The same request under the limit does run Cypher (so the empty log above means something).
    const ok = await t.gql(`{ ${paper} }`);
    expect(ok.body.errors).toBeUndefined();
    expect(t.queries.length).toBeGreaterThan(0);
  });
});

describe('the cost model (default LIMIT_COST)', () => {
  const headline = `{ papersBuildingOn(technique: "RLHF", first: 100) { totalCount edges { depth node { ... on Paper { title } }
    path { relation evidence from { ... on Node { id } } to { ... on Node { id } } } } } }`;
  const threeDeep =
    '{ papers(first: 100) { edges { node { cites(first: 100) { edges { node { citedBy(first: 100) { edges { node { title } } } } } } } } } }';

  it('admits the headline lineage query at first: 100', async () => {
    const res = await defaults.gql<{ papersBuildingOn: { totalCount: number; edges: unknown[] } }>(headline);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.papersBuildingOn.totalCount).toBeGreaterThan(0);
    expect(res.body.data?.papersBuildingOn.edges.length).toBeGreaterThan(0);
  });

  it('refuses the same shape three connections deep at first: 100, before any Cypher', async () => {
    defaults.queries.length = 0;
    const res = await defaults.gql(threeDeep);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 20_000 });
    expect(defaults.queries).toEqual([]);
  });

  it('still measures the rest when one field has an invalid argument (which it answers with BAD_USER_INPUT)', async () => {
    const bad = await defaults.gql('{ papers(first: 101) { totalCount } topics(first: 1) { totalCount } }');
    expect(bad.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['papers'], 'BAD_USER_INPUT']]);
    expect(bad.body.data).toBeNull();
    defaults.queries.length = 0;
    const res = await defaults.gql(`{ a: papers(first: 101) { totalCount } ${threeDeep.slice(1, -1)} }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(defaults.queries).toEqual([]);
  });

  it('measures each request with its own variables (a cheap request does not admit an expensive one)', async () => {
    const query = `query ($n: Int) { papers(first: $n) { edges { node { cites(first: $n) { edges { node {
      citedBy(first: $n) { edges { node { title } } } } } } } } } }`;
    const cheap = await defaults.gql(query, { n: 3 });
    expect(cheap.body.errors).toBeUndefined();
    const costly = await defaults.gql(query, { n: 100 });
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('lets every GraphiQL example through at first: 100', async () => {
    let rewritten = 0;
    for (const tab of examples.tabs) {
      const query = tab.query.replace(/\bfirst: \d+/g, 'first: 100');
      if (query !== tab.query) rewritten++;
      const res = await defaults.gql(query, tab.variables ? JSON.parse(tab.variables) : undefined);
      expect(res.body.errors, query).toBeUndefined();
    }
    expect(rewritten).toBeGreaterThanOrEqual(4);
  });
});

describe('browser protections', () => {
  it('refuses cross-site simple GET requests (CSRF) but serves them with the header', async () => {
    const url = `http://papergraph/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const simple = await t.app.fetch(url);
    expect(simple.status).toBe(403);
    const withHeader = await t.app.fetch(url, { headers: { 'x-papergraph-csrf': '1' } });
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('sends CORS headers only to configured origins', async () => {
    const preflight = (origin: string) =>
      cors.app.fetch('http://papergraph/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('https://dash.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://dash.example.com',
    );
    // A browser only honours the header when it names its own origin: never the foreign one.
    const foreign = (await preflight('https://evil.example.net')).headers.get('access-control-allow-origin');
    expect(foreign).not.toBe('https://evil.example.net');
    expect(foreign).not.toBe('*');
    const none = await t.app.fetch('http://papergraph/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://dash.example.com', 'access-control-request-method': 'POST' },
    });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});
