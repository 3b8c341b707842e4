import { describe, expect, it } from 'vitest';
import { type EarlyPersisted, earlyCandidate, earlyParams } from '../../src/http/early-hit.js';
import { manifestOf, sha256 } from '../../src/persisted/manifest.js';
import { memoryRegistry } from '../../src/persisted/registry.js';

// Which requests the response cache may answer before yoga reads the params (src/http/early-hit.ts).
const DOC = '{ papers(first: 1) { totalCount } }';
const manifest = manifestOf([DOC]);
const modes = (mode: EarlyPersisted['mode']): EarlyPersisted => ({ mode, manifest });

const request = (headers: Record<string, string> = {}, body = JSON.stringify({ query: DOC }), method = 'POST') =>
  new Request('http://papergraph/graphql', {
    method,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    body: method === 'POST' ? body : undefined,
  });

/** A GET to /graphql with these query parameters. */
const get = (params: Record<string, string>, headers: Record<string, string> = {}) => {
  const url = new URL('http://papergraph/graphql');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return [new Request(url, { headers }), url] as const;
};
const GRAPHQL = new URL('http://papergraph/graphql');

describe('earlyCandidate', () => {
  it('takes the plain POST a dashboard sends', () => {
    expect(earlyCandidate(request(), GRAPHQL)).toBe(true);
    for (const accept of ['*/*', 'application/json', ' Application/JSON ']) {
      expect([accept, earlyCandidate(request({ accept }), GRAPHQL)]).toEqual([accept, true]);
    }
    expect(earlyCandidate(request({ 'content-type': 'application/json; charset=utf-8' }), GRAPHQL)).toBe(true);
  });

  it('takes a GET carrying only the GraphQL parameters', () => {
    const params = { query: DOC, operationName: 'A', variables: '{}', extensions: '{}', documentId: 'x' };
    expect(earlyCandidate(...get(params))).toBe(true);
    expect(earlyCandidate(...get({ documentId: 'x' }, { accept: 'application/json' }))).toBe(true);
  });

  it('leaves every other shape to yoga', () => {
    const no = (req: Request, url = GRAPHQL) => expect(earlyCandidate(req, url)).toBe(false);
    no(request(), new URL('http://papergraph/other'));
    no(request(), new URL('http://papergraph/graphql?explain=1'));
    no(request({ 'x-papergraph-explain': '1' }));
    no(request({ accept: 'text/csv' }));
    no(request({ accept: 'application/x-bibtex' }));
    no(request({ accept: 'application/graphql-response+json' }));
    no(request({ accept: 'application/graphql-response+json, application/json;q=0.9' }));
    no(request({ 'content-type': 'application/graphql+json' }));
    no(request({ 'content-type': 'text/plain' }));
    no(request({ 'content-type': 'application/json; charset=latin1' }));
    no(...get({ query: DOC, explain: '1' }));
    no(...get({ query: DOC, format: 'csv' }));
    no(...get({ query: DOC }, { accept: 'text/html' })); // GraphiQL
    no(...get({ query: DOC }, { 'content-type': 'application/json' }));
    no(new Request('http://papergraph/graphql', { method: 'PUT', body: '{}' }));
    const chunked = new Request('http://papergraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DOC }),
    });
    no(chunked); // no declared length: yoga enforces the body limit while streaming
  });
});

describe('earlyParams', () => {
  const params = (body: unknown, mode: EarlyPersisted['mode'] = 'allow') =>
    earlyParams(request({}, typeof body === 'string' ? body : JSON.stringify(body)), GRAPHQL, modes(mode));

  it('reads one operation with its document, name and variables', async () => {
    expect(await params({ query: DOC })).toEqual({ query: DOC, operationName: null, variables: null });
    expect(await params({ query: DOC, operationName: 'A', variables: { a: 1 } })).toEqual({
      query: DOC,
      operationName: 'A',
      variables: { a: 1 },
    });
  });

  it('resolves a manifest id (documentId or APQ) unless persisted operations are off', async () => {
    const byId = { documentId: `sha256:${sha256(DOC)}`, variables: { a: 1 } };
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(DOC) } } };
    for (const mode of ['allow', 'only'] as const) {
      expect((await params(byId, mode))?.query).toBe(DOC);
      expect((await params(byHash, mode))?.query).toBe(DOC);
    }
    expect(await params(byId, 'off')).toBeUndefined();
    expect(await params(byHash, 'off')).toBeUndefined();
  });

  it('resolves an id among the APQ registrations with PERSISTED_OPERATIONS=allow only; own manifest entries only', async () => {
    const registered = '{ topics(first: 1) { totalCount } }';
    const registry = memoryRegistry(10);
    await registry.register(sha256(registered), registered);
    const body = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } } });
    const with_ = (mode: EarlyPersisted['mode']) =>
      earlyParams(request({}, body), GRAPHQL, { mode, manifest, registry });
    expect((await with_('allow'))?.query).toBe(registered);
    expect(await with_('only')).toBeUndefined();
    for (const id of ['constructor', '__proto__', 'toString']) expect(await params({ documentId: id })).toBeUndefined();
  });

  it('leaves to yoga: text in only mode, registrations, unknown ids, batches and malformed bodies', async () => {
    const cases: [unknown, EarlyPersisted['mode']][] = [
      [{ query: DOC }, 'only'],
      [{ query: DOC, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(DOC) } } }, 'allow'],
      [{ documentId: sha256('{ other }') }, 'allow'],
      [{ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(DOC) }, other: 1 } }, 'allow'],
      [{ query: DOC, extensions: {} }, 'allow'],
      [[{ query: DOC }], 'allow'],
      ['{"query": ', 'allow'],
      ['null', 'allow'],
      [{ query: 42 }, 'allow'],
      [{ query: DOC, operationName: 7 }, 'allow'],
      [{ query: DOC, variables: '{"a": 1}' }, 'allow'],
      [{ query: DOC, variables: [1] }, 'allow'],
    ];
    for (const [body, mode] of cases) expect([body, mode, await params(body, mode)]).toEqual([body, mode, undefined]);
  });
});

describe('earlyParams of a GET', () => {
  const params = (
    query: Record<string, string>,
    headers: Record<string, string> = {},
    mode: EarlyPersisted['mode'] = 'allow',
  ) => earlyParams(...get(query, headers), modes(mode));
  const csrf = { 'x-papergraph-csrf': '1' };

  it('reads the parameters as yoga does (empty is absent; variables as JSON)', async () => {
    expect(await params({ query: DOC, operationName: 'A', variables: '{"a":1}' }, csrf)).toEqual({
      query: DOC,
      operationName: 'A',
      variables: { a: 1 },
    });
    expect(await params({ query: DOC, operationName: '', variables: '' }, { 'x-graphql-yoga-csrf': '1' })).toEqual({
      query: DOC,
      operationName: null,
      variables: null,
    });
  });

  it('resolves a manifest id without a CSRF header (useCsrf lets a persisted GET through)', async () => {
    expect((await params({ documentId: `sha256:${sha256(DOC)}` }, {}, 'only'))?.query).toBe(DOC);
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(DOC) } });
    expect((await params({ extensions, variables: '{"a":1}' }))?.variables).toEqual({ a: 1 });
    expect(await params({ documentId: sha256(DOC) }, {}, 'off')).toBeUndefined();
  });

  it('leaves to yoga: a document without the CSRF header, bad JSON, text in only mode', async () => {
    expect(await params({ query: DOC })).toBeUndefined();
    expect(await params({ query: DOC, variables: '{"a": ' }, csrf)).toBeUndefined();
    expect(await params({ query: DOC, variables: '[1]' }, csrf)).toBeUndefined();
    expect(await params({ documentId: sha256(DOC), extensions: '{' })).toBeUndefined();
    expect(await params({ query: DOC }, csrf, 'only')).toBeUndefined();
  });
});
