import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { manifestOf, readManifest, sha256 } from '../../src/persisted/manifest.js';
import { operationSources } from '../../src/persisted/sources.js';
import { cacheApp } from '../helpers/cache-apps.js';

/** Persisted operations: the manifest, APQ and documentId, PERSISTED_OPERATIONS=only|allow, bounds. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'papergraph-pq-'));
const file = path.join(dir, 'operations.json');
const COUNT = 'query PapersCount { papers(first: 1) { totalCount } }';
writeFileSync(file, JSON.stringify(manifestOf([COUNT])));
const allow = cacheApp({
  PERSISTED_OPERATIONS_FILE: file,
  PERSISTED_OPERATIONS_MAX: '2',
  PERSISTED_OPERATIONS_MAX_BYTES: '200',
});
const only = cacheApp({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: file });

const post = async (app: typeof allow, body: Record<string, unknown>) => {
  const res = await app.app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codes = (r: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  r.body.errors?.map((e) => e.extensions?.code);

describe('persisted operations', () => {
  it('the manifest holds every GraphiQL example, keyed by the sha256 of its exact text', () => {
    const manifest = readManifest(path.resolve('operations.json'));
    const documents = Object.values(operationSources).flatMap((source) => source());
    expect(Object.keys(manifest).sort()).toEqual(Object.keys(manifestOf(documents)).sort());
    for (const tab of examples.tabs) expect(manifest[sha256(tab.query)]).toBe(tab.query);
  });

  it('runs a manifest operation by documentId (POST and GET) and by APQ hash, as its text would run', async () => {
    const byText = await post(allow, { query: COUNT });
    expect(byText.body.data.papers.totalCount).toBeGreaterThan(0);
    expect(await post(allow, { documentId: `sha256:${sha256(COUNT)}` })).toEqual(byText);
    expect(await post(allow, { extensions: apq(sha256(COUNT)) })).toEqual(byText);
    // A plain GET with only the id needs no CSRF header.
    const res = await allow.app.fetch(`http://papergraph/graphql?documentId=${sha256(COUNT)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(byText.body);
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND, then registers it with APQ (allow)', async () => {
    const doc = '{ topics(first: 1) { totalCount } }';
    const hash = sha256(doc);
    expect(codes(await post(allow, { extensions: apq(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await post(allow, { query: doc, extensions: apq(hash) });
    expect(registered.body.data.topics.totalCount).toBeGreaterThan(0);
    expect(await post(allow, { extensions: apq(hash) })).toEqual(registered);
    // A hash that is not the document's is refused.
    expect(codes(await post(allow, { query: doc, extensions: apq(sha256('other')) }))).toEqual(['BAD_REQUEST']);
  });

  it('bounds APQ registration in size and count', async () => {
    const big = `{ papers(first: 1) { totalCount } ${' '.repeat(300)}}`;
    await post(allow, { query: big, extensions: apq(sha256(big)) });
    expect(codes(await post(allow, { extensions: apq(sha256(big)) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const docs = [
      '{ authors(first: 1) { totalCount } }',
      '{ authors(first: 2) { totalCount } }',
      '{ techniques(first: 1) { totalCount } }',
    ];
    for (const doc of docs) await post(allow, { query: doc, extensions: apq(sha256(doc)) });
    const found = await Promise.all(
      docs.map(async (doc) => codes(await post(allow, { extensions: apq(sha256(doc)) }))),
    );
    // PERSISTED_OPERATIONS_MAX (2) kept: the least recently used went.
    expect(found).toEqual([['PERSISTED_QUERY_NOT_FOUND'], undefined, undefined]);
  });

  it('PERSISTED_OPERATIONS=only refuses documents sent as text and APQ registration', async () => {
    expect(codes(await post(only, { query: COUNT }))).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect((await post(only, { query: COUNT })).status).toBe(400);
    const doc = '{ topics(first: 2) { totalCount } }';
    expect(codes(await post(only, { query: doc, extensions: apq(sha256(doc)) }))).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect((await post(only, { documentId: sha256(COUNT) })).body.data.papers.totalCount).toBeGreaterThan(0);
  });

  it('an id that is a property name of every object (constructor, __proto__, …) is an unknown id, not a document', async () => {
    for (const app of [allow, only]) {
      for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        for (const body of [{ documentId: id }, { extensions: apq(id) }]) {
          expect([body, codes(await post(app, body))]).toEqual([body, ['PERSISTED_QUERY_NOT_FOUND']]);
        }
        const get = await app.app.fetch(`http://papergraph/graphql?documentId=${id}`);
        expect([id, codes({ body: await get.json() })]).toEqual([id, ['PERSISTED_QUERY_NOT_FOUND']]);
      }
    }
  });
});
