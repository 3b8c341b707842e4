import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { createMetrics } from '../../src/http/metrics.js';
import { manifestOf, sha256 } from '../../src/persisted/manifest.js';
import { listen, type RunningServer } from '../../src/server.js';
import { neo4jEnv, WRITE_TOKEN } from '../helpers/app.js';
import { UPSERT } from '../helpers/mutation-documents.js';

/**
 * Cache hits answered in onRequest, before yoga reads the params (src/http/early-hit.ts), over real
 * HTTP: the same answer and headers as the miss that stored it, a log line and a metrics sample per
 * hit, and every request of another shape (or a bad body) handled by yoga exactly as without it.
 */
const neo4j = inject('neo4j');
const ID = 'arxiv:9999.1601';
const READ = 'query EarlyPaper($id: ID!) { paper(id: $id) { key title } }';
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };

const logs: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
const driver = createDriver({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
const metrics = createMetrics({ maxPoolSize: 10 });
let server: RunningServer;

const start = async (env: Record<string, string>) => {
  const config = loadConfig({ NODE_ENV: 'test', ...neo4jEnv(), CACHE_MAX_STALENESS_MS: '60000', ...env });
  return listen({
    driver,
    config: { ...config, writeTokens: [WRITE_TOKEN] },
    logger,
    metrics,
    host: '127.0.0.1',
    port: 0,
  });
};

const post = async (body: string, headers: Record<string, string> = {}, on = server, path = '/graphql') => {
  const res = await fetch(`${on.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const read = (variables: Record<string, unknown> = { id: ID }, headers: Record<string, string> = {}) =>
  post(JSON.stringify({ query: READ, operationName: 'EarlyPaper', variables }), headers);

const CSRF = { 'x-papergraph-csrf': '1' };
const get = async (params: Record<string, string>, headers: Record<string, string> = {}, on = server) => {
  const url = new URL(`${on.url}/graphql`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/** A POST with no Accept header (fetch always sends one). */
const withoutAccept = (body: string) =>
  new Promise<{ cache: unknown; type: unknown; text: string }>((resolve, reject) => {
    const req = http.request(
      `${server.url}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ cache: res.headers['x-papergraph-cache'], type: res.headers['content-type'], text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });

/** The log line of the last request, after its response was sent. */
const lastLog = async () => {
  await new Promise((r) => setTimeout(r, 20));
  return logs.filter((l) => l.msg === 'graphql request').at(-1);
};

/** Headers that say nothing about where the answer came from. */
const stable = (headers: Headers) =>
  Object.fromEntries([...headers].filter(([name]) => !['x-papergraph-cache', 'age', 'date'].includes(name)));

beforeAll(async () => {
  server = await start({ CACHE: 'true' });
  const res = await post(
    JSON.stringify({
      query: UPSERT,
      variables: { input: { id: ID, title: 'Early one', published: '2025-03-01', authors: ['author:ilya-sutskever'] } },
    }),
    AUTH,
  );
  expect(JSON.parse(res.text).errors).toBeUndefined();
});

afterAll(async () => {
  await post(JSON.stringify({ query: `mutation { deletePaper(id: "${ID}") { deletedId } }` }), AUTH);
  await server.close();
  await driver.close();
});

describe('cache hits before parsing', () => {
  it('answers a plain POST from the store with the miss’s body and headers, logged and counted', async () => {
    const miss = await read();
    expect(miss.headers.get('x-papergraph-cache')).toBe('miss');
    expect(await lastLog()).toMatchObject({ operation: 'EarlyPaper', queries: 1 });
    const cached = async () => Number(/operation="cached",outcome="ok"} (\d+)/.exec(await metrics.text())?.[1] ?? 0);
    const before = await cached();

    const hit = await read({ id: ID });
    expect(hit.headers.get('x-papergraph-cache')).toBe('hit');
    expect(hit.text).toBe(miss.text);
    expect(JSON.parse(hit.text)).toEqual({ data: { paper: { key: ID, title: 'Early one' } } });
    expect(stable(hit.headers)).toEqual(stable(miss.headers));
    expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await lastLog()).toMatchObject({
      operation: 'EarlyPaper',
      status: 200,
      queries: 0,
      cache: 'hit',
      early: true,
    });
    expect(await cached()).toBe(before + 1);

    // fetch sends `Accept: */*`; `application/json` and no Accept at all (node:http) are early hits too, each its own key.
    expect((await read({ id: ID }, { accept: 'application/json' })).headers.get('x-papergraph-cache')).toBe('miss');
    const json = await read({ id: ID }, { accept: 'application/json' });
    expect([json.headers.get('x-papergraph-cache'), json.text]).toEqual(['hit', miss.text]);
    expect(await lastLog()).toMatchObject({ early: true });
    const body = JSON.stringify({ query: READ, operationName: 'EarlyPaper', variables: { id: ID } });
    expect((await withoutAccept(body)).cache).toBe('miss');
    expect(await withoutAccept(body)).toEqual({
      cache: 'hit',
      type: 'application/json; charset=utf-8',
      text: miss.text,
    });
    expect(await lastLog()).toMatchObject({ early: true });
  });

  it('answers a dashboard’s GET early too: same body, ETag and caching headers; 304 when the ETag matches', async () => {
    // No operation name: not the key the POSTs above stored (the method is not part of a key).
    const query = { query: READ, variables: JSON.stringify({ id: ID }) };
    const miss = await get(query, CSRF);
    expect([miss.status, miss.headers.get('x-papergraph-cache')]).toEqual([200, 'miss']);
    const etag = miss.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const hit = await get(query, CSRF);
    expect([hit.headers.get('x-papergraph-cache'), hit.text]).toEqual(['hit', miss.text]);
    expect(stable(hit.headers)).toEqual(stable(miss.headers));
    expect(await lastLog()).toMatchObject({ status: 200, cache: 'hit', early: true });

    const revalidated = await get(query, { ...CSRF, 'if-none-match': etag ?? '' });
    expect([revalidated.status, revalidated.text, revalidated.headers.get('etag')]).toEqual([304, '', etag]);
    expect(revalidated.headers.get('cache-control')).toBe(miss.headers.get('cache-control'));
    expect(await lastLog()).toMatchObject({ status: 304, early: true });
    const otherTag = await get(query, { ...CSRF, 'if-none-match': '"0"' });
    expect([otherTag.status, otherTag.text]).toEqual([200, miss.text]);

    // A document over GET without the CSRF header is refused as before: the store is not asked.
    const forged = await get(query);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('x-papergraph-cache')).not.toBe('hit');
  });

  it('leaves every other shape to yoga: still hits, found after the params are read', async () => {
    const shapes: [string, () => Promise<{ headers: Headers; text: string }>][] = [
      ['another Accept', () => read({ id: ID }, { accept: 'application/graphql-response+json' })],
      [
        'a query string',
        () => post(JSON.stringify({ query: READ, variables: { id: ID } }), {}, server, '/graphql?x=1'),
      ],
      [
        'a GET with a Content-Type',
        () =>
          get({ query: READ, variables: JSON.stringify({ id: ID }) }, { ...CSRF, 'content-type': 'application/json' }),
      ],
    ];
    for (const [name, send] of shapes) {
      await send();
      const hit = await send();
      expect([name, hit.headers.get('x-papergraph-cache')]).toEqual([name, 'hit']);
      expect(JSON.parse(hit.text)).toEqual({ data: { paper: { key: ID, title: 'Early one' } } });
      const line = await lastLog();
      expect([name, line?.cache, line?.early]).toEqual([name, 'hit', undefined]);
    }
  });

  it('a batch, an APQ hash, a bad body or a mutation are answered by yoga as without the cache', async () => {
    const off = await start({ CACHE: 'false' });
    try {
      const bodies = [
        '{"query": ',
        '[1]',
        'null',
        JSON.stringify({ query: 42 }),
        JSON.stringify({ query: READ, variables: 'not an object' }),
        JSON.stringify({ query: READ, operationName: 7, variables: { id: ID } }),
        JSON.stringify([{ query: READ, variables: { id: ID } }]),
        JSON.stringify({
          query: READ,
          variables: { id: ID },
          extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } },
        }),
      ];
      for (const body of bodies) {
        const [on, without] = [await post(body), await post(body, {}, off)];
        expect([body, on.status, on.text]).toEqual([body, without.status, without.text]);
      }
      const gets: [Record<string, string>, Record<string, string>][] = [
        [{ query: `mutation { deletePaper(id: "${ID}") { deletedId } }` }, { ...CSRF, ...AUTH }],
        [{ query: READ, variables: '{"id": ' }, CSRF],
        [{ query: READ, variables: JSON.stringify({ id: ID }) }, {}],
        [{ documentId: sha256('{ nothing }') }, {}],
      ];
      for (const [params, headers] of gets) {
        const [on, without] = [await get(params, headers), await get(params, headers, off)];
        expect([params, on.status, on.text]).toEqual([params, without.status, without.text]);
      }
    } finally {
      await off.close();
    }
  });

  it('a cross-origin dashboard’s early hit carries the CORS headers yoga gives the miss', async () => {
    const cors = await start({ CACHE: 'true', CORS_ORIGINS: 'https://dash.example.com' });
    try {
      const body = JSON.stringify({ query: READ, variables: { id: ID } });
      const origin = { origin: 'https://dash.example.com' };
      const miss = await post(body, origin, cors);
      const hit = await post(body, origin, cors);
      expect([miss.headers.get('x-papergraph-cache'), hit.headers.get('x-papergraph-cache')]).toEqual(['miss', 'hit']);
      expect(await lastLog()).toMatchObject({ early: true });
      expect(hit.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
      expect(stable(hit.headers)).toEqual(stable(miss.headers));
    } finally {
      await cors.close();
    }
  });

  it('PERSISTED_OPERATIONS=only: a manifest id (documentId or APQ) is an early hit; the same document as text is still refused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'papergraph-early-'));
    const file = path.join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify(manifestOf([READ])));
    const only = await start({ CACHE: 'true', PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: file });
    try {
      const variables = { id: ID };
      const byId = JSON.stringify({ documentId: `sha256:${sha256(READ)}`, operationName: 'EarlyPaper', variables });
      const miss = await post(byId, {}, only);
      expect(miss.headers.get('x-papergraph-cache')).toBe('miss');
      expect(JSON.parse(miss.text).data.paper.key).toBe(ID);
      const hit = await post(byId, {}, only);
      expect([hit.headers.get('x-papergraph-cache'), hit.text]).toEqual(['hit', miss.text]);
      expect(await lastLog()).toMatchObject({ operation: 'EarlyPaper', cache: 'hit', early: true });
      // APQ names the same document: the same key, already stored.
      const apq = { persistedQuery: { version: 1, sha256Hash: sha256(READ) } };
      const byHash = await post(JSON.stringify({ extensions: apq, operationName: 'EarlyPaper', variables }), {}, only);
      expect([byHash.headers.get('x-papergraph-cache'), byHash.text]).toEqual(['hit', miss.text]);
      expect(await lastLog()).toMatchObject({ early: true });
      // Its text hashes to the stored key, but `only` refuses documents sent as text: yoga answers, not the cache.
      const asText = await post(JSON.stringify({ query: READ, operationName: 'EarlyPaper', variables }), {}, only);
      expect(JSON.parse(asText.text).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
      // A dashboard's GET by id (no CSRF header needed for an id) is the same key: an early hit.
      const byGet = await get(
        { documentId: sha256(READ), operationName: 'EarlyPaper', variables: JSON.stringify(variables) },
        {},
        only,
      );
      expect([byGet.headers.get('x-papergraph-cache'), byGet.text]).toEqual(['hit', miss.text]);
      expect(await lastLog()).toMatchObject({ early: true });
      const unknown = await post(JSON.stringify({ documentId: sha256('{ nothing }'), variables }), {}, only);
      expect(JSON.parse(unknown.text).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await only.close();
    }
  });

  it('an id an APQ client registered (PERSISTED_OPERATIONS=allow, the default) is an early hit, POST or GET', async () => {
    const doc = 'query EarlyRegistered($id: ID!) { paper(id: $id) { title } }';
    const variables = { id: ID };
    const apq = { persistedQuery: { version: 1, sha256Hash: sha256(doc) } };
    // An APQ client first sends the hash alone, then registers the document with it (and runs it: a miss).
    const unknown = await post(JSON.stringify({ extensions: apq, variables }));
    expect(JSON.parse(unknown.text).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(JSON.stringify({ query: doc, extensions: apq, variables }));
    expect(registered.headers.get('x-papergraph-cache')).toBe('miss');
    const hit = await post(JSON.stringify({ extensions: apq, variables }));
    expect([hit.headers.get('x-papergraph-cache'), hit.text]).toEqual(['hit', registered.text]);
    expect(await lastLog()).toMatchObject({ cache: 'hit', early: true });
    const byGet = await get({ extensions: JSON.stringify(apq), variables: JSON.stringify(variables) });
    expect([byGet.headers.get('x-papergraph-cache'), byGet.text]).toEqual(['hit', registered.text]);
    expect(await lastLog()).toMatchObject({ cache: 'hit', early: true });
  });

  it('a write through this process is seen by the next plain POST (rule a)', async () => {
    expect((await read()).headers.get('x-papergraph-cache')).toBe('hit');
    const res = await post(
      JSON.stringify({
        query: UPSERT,
        variables: {
          input: { id: ID, title: 'Early two', published: '2025-03-01', authors: ['author:ilya-sutskever'] },
        },
      }),
      AUTH,
    );
    expect(JSON.parse(res.text).errors).toBeUndefined();
    const after = await read();
    expect(after.headers.get('x-papergraph-cache')).toBe('miss');
    expect(JSON.parse(after.text).data.paper.title).toBe('Early two');
    expect((await read()).headers.get('x-papergraph-cache')).toBe('hit');
  });
});
