import { describe, expect, it } from 'vitest';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { UPSERT } from '../helpers/mutation-documents.js';

/**
 * The response cache (README "Dashboards"): hits and misses, single flight,
 * what is never cached, and freshness rule (a): after a write through this
 * process returns, no later request gets an older answer.
 */
const t = useTestApp({ env: { CACHE: 'true', CACHE_MAX_STALENESS_MS: '60000' } });
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const ID = 'arxiv:9999.1501';
const READ = 'query CachedPaper($id: ID!) { paper(id: $id) { key title } }';

const upsert = async (title: string) => {
  const res = await t.gql(
    UPSERT,
    { input: { id: ID, title, published: '2025-03-01', authors: ['author:ilya-sutskever'] } },
    AUTH,
  );
  expect(res.body.errors).toBeUndefined();
};

const post = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  t.app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });

const read = async (variables: Record<string, unknown> = { id: ID }, headers: Record<string, string> = {}) => {
  const res = await post(READ, variables, headers);
  return { cache: res.headers.get('x-papergraph-cache'), age: res.headers.get('age'), text: await res.text() };
};

const cleanup = () => t.gql('mutation { deletePaper(id: "arxiv:9999.1501") { deletedId } }', {}, AUTH);

describe('the response cache', () => {
  it('answers a repeated query from cache with the same body, and says so in headers', async () => {
    await upsert('Cache one');
    const first = await read();
    expect(first.cache).toBe('miss');
    expect(first.age).toBeNull();
    expect(JSON.parse(first.text)).toEqual({ data: { paper: { key: ID, title: 'Cache one' } } });
    t.queries.length = 0;
    const second = await read();
    expect(second).toEqual({ cache: 'hit', age: '0', text: first.text });
    expect(t.queries).toEqual([]);
    // Variables in another key order are the same question; another Accept is not.
    expect((await read({ id: ID }, { accept: 'application/graphql-response+json' })).cache).toBe('miss');
  });

  it('answers a hit in the format asked for (CSV from the stored answer, as the miss did)', async () => {
    const csv = async () => {
      const res = await post('{ series(groupBy: KIND) { key count } }', {}, { accept: 'text/csv' });
      return {
        cache: res.headers.get('x-papergraph-cache'),
        type: res.headers.get('content-type'),
        text: await res.text(),
      };
    };
    const first = await csv();
    expect(first.cache).toBe('miss');
    expect(first.text).toMatch(/^key,count\r\n/);
    expect(await csv()).toEqual({ ...first, cache: 'hit' });
    // BibTeX is written from the papers' full records, on a hit too.
    const bib = async () => {
      const res = await post(
        '{ papers(first: 2) { edges { node { year } } } }',
        {},
        { accept: 'application/x-bibtex' },
      );
      return { cache: res.headers.get('x-papergraph-cache'), text: await res.text() };
    };
    const firstBib = await bib();
    expect(firstBib.text).toMatch(/^@/);
    expect(await bib()).toEqual({ ...firstBib, cache: 'hit' });
  });

  it('rule (a): after a write through this process returns, every later request sees it', async () => {
    for (let i = 0; i < 5; i++) {
      await upsert(`Cache round ${i}`);
      // Keep readers busy across the write, so an answer computed before it is in the cache.
      const answers = await Promise.all([read(), read(), read()]);
      for (const answer of answers) expect(JSON.parse(answer.text).data.paper.title).toBe(`Cache round ${i}`);
      expect((await read()).cache).toBe('hit');
    }
  });

  it('runs concurrent misses for the same key once (single flight)', async () => {
    await upsert('Cache flight');
    await read(); // reads the graph version, so the burst below runs nothing else
    t.queries.length = 0;
    const burst = await Promise.all(Array.from({ length: 8 }, () => read({ id: ID, burst: 1 })));
    expect(burst.map((b) => b.cache).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'miss']);
    expect(new Set(burst.map((b) => b.text)).size).toBe(1);
    expect(t.queries.filter((q) => !q.name.includes('graph-version'))).toHaveLength(1);
  });

  it('never caches mutations, explain requests or answers with errors', async () => {
    const mutation = await t.app.fetch('http://papergraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({
        query: UPSERT,
        variables: { input: { id: ID, title: 'Cache m', published: '2025-03-01', authors: ['author:ilya-sutskever'] } },
      }),
    });
    expect(mutation.headers.get('x-papergraph-cache')).toBe('bypass');
    expect(mutation.headers.get('cache-control')).toBe('no-store');

    for (let i = 0; i < 2; i++) {
      const explained = await read({ id: ID }, { 'x-papergraph-explain': '1' });
      expect(explained.cache).toBe('bypass');
      expect(JSON.parse(explained.text).extensions.explain.queryCount).toBeGreaterThan(0);
    }
    for (let i = 0; i < 2; i++) {
      const res = await post('{ papers(first: 101) { totalCount } }');
      expect(res.headers.get('x-papergraph-cache')).toBe('miss');
      expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    await cleanup();
  });
});
