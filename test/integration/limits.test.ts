import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp({
  env: {
    LIMIT_DEPTH: '8',
    LIMIT_ALIASES: '3',
    LIMIT_TOKENS: '300',
    LIMIT_BATCH: '2',
    LIMIT_BODY_BYTES: '5000',
    LIMIT_COST: '2000',
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
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 3 });
  });

  it('rejects documents with too many tokens', async () => {
    const res = await t.gql(`{ ${'__typename '.repeat(400)} }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 300 });
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
    expect(syntax.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await t.gql('{ papr { key } }');
    expect(unknown.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.body.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('lets every GraphiQL example through the default limits', async () => {
    for (const tab of examples.tabs) {
      const res = await defaults.gql(tab.query, tab.variables ? JSON.parse(tab.variables) : undefined);
      expect(res.body.errors).toBeUndefined();
    }
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
