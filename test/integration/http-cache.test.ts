import { describe, expect, it } from 'vitest';
import { WRITE_TOKEN } from '../helpers/app.js';
import { cacheApp } from '../helpers/cache-apps.js';
import { UPSERT } from '../helpers/mutation-documents.js';

/** HTTP caching of GET queries: ETag and 304, Vary, Cache-Control, and CSRF on GET. */
const a = cacheApp({ CACHE_MAX_STALENESS_MS: '60000' });
const b = cacheApp({ CACHE_MAX_STALENESS_MS: '60000', HTTP_CACHE_MAX_AGE: '30' });
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const CSRF = { 'x-papergraph-csrf': '1' };
const ID = 'arxiv:9999.1502';
const READ = 'query HttpPaper($id: ID!) { paper(id: $id) { key title } }';

const get = (app: typeof a, params: Record<string, string>, headers: Record<string, string> = {}) =>
  app.app.fetch(`http://papergraph/graphql?${new URLSearchParams(params)}`, { headers: { ...CSRF, ...headers } });
const readParams = { query: READ, variables: JSON.stringify({ id: ID }) };

const upsert = async (title: string) => {
  const res = await a.read(
    UPSERT,
    { input: { id: ID, title, published: '2025-03-01', authors: ['author:ilya-sutskever'] } },
    AUTH,
  );
  expect(JSON.parse(res.text).errors).toBeUndefined();
  expect(res.headers.get('cache-control')).toBe('no-store');
};

describe('HTTP caching', () => {
  it('gives a GET query an ETag, answers If-None-Match with 304 until the graph changes', async () => {
    await upsert('HTTP one');
    const first = await get(a, readParams);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ data: { paper: { key: ID, title: 'HTTP one' } } });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('vary')).toMatch(/Accept, Authorization/);

    const again = await get(a, readParams, { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    await upsert('HTTP two');
    const changed = await get(a, readParams, { 'if-none-match': etag ?? '' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ data: { paper: { key: ID, title: 'HTTP two' } } });
    expect(changed.headers.get('etag')).not.toBe(etag);
    // Another Accept is another answer: another ETag.
    const other = await get(a, readParams, { accept: 'application/graphql-response+json' });
    expect(other.headers.get('etag')).not.toBe(changed.headers.get('etag'));
  });

  it('marks anonymous reads public with HTTP_CACHE_MAX_AGE, authenticated and explained ones no-store', async () => {
    const anonymous = await get(b, readParams);
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=30');
    const authenticated = await get(b, readParams, AUTH);
    expect(authenticated.status).toBe(200);
    expect(authenticated.headers.get('cache-control')).toBe('no-store');
    const explained = await get(b, { ...readParams, explain: '1' });
    expect(explained.headers.get('cache-control')).toBe('no-store');
    expect(explained.headers.get('etag')).toBeNull();
    // A GraphQL error is not cacheable either.
    const failed = await get(b, { query: '{ papers(first: 101) { totalCount } }' });
    expect(failed.headers.get('cache-control')).toBe('no-store');
    expect(failed.headers.get('etag')).toBeNull();
  });

  it('refuses mutations over GET, and a GET without the CSRF header unless it names a persisted operation', async () => {
    const mutation = await get(a, { query: 'mutation { deletePaper(id: "arxiv:9999.1502") { deletedId } }' }, AUTH);
    expect(mutation.status).toBe(405);
    const noHeader = await a.app.fetch(`http://papergraph/graphql?${new URLSearchParams(readParams)}`);
    expect(noHeader.status).toBe(403);
    const withText = await a.app.fetch(
      `http://papergraph/graphql?${new URLSearchParams({ ...readParams, documentId: 'sha256:00' })}`,
    );
    expect(withText.status).toBe(403);
    await a.read('mutation { deletePaper(id: "arxiv:9999.1502") { deletedId } }', {}, AUTH);
  });
});
