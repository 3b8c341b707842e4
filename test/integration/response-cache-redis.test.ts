import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../../src/cache/store.js';
import { cacheApp, importInAnotherProcess, removeNodes } from '../helpers/cache-apps.js';
import { must } from '../helpers/must.js';
import { redisAvailable, startTestRedis, type TestRedis } from '../helpers/redis-server.js';

/**
 * Freshness rule (b) — writes by another process — with and without Redis, the
 * cache shared by two replicas through a real redis-server, and Redis going
 * down and coming back.
 */
const ID = 'test-cache:redis-p1';
const READ = 'query RedisPaper($id: ID!) { paper(id: $id) { key title } }';
const paper = (title: string) => [
  { type: 'author', id: 'author:test-cache-ada', name: 'Ada Cache' },
  { type: 'paper', id: ID, title, published: '2024-05-01', authors: ['author:test-cache-ada'] },
];
const titleOf = (text: string) => JSON.parse(text).data.paper?.title;

const hasRedis = redisAvailable();
let redis: TestRedis;
beforeAll(async () => {
  if (hasRedis) redis = await startTestRedis();
}, 30_000);
afterAll(async () => {
  await redis?.dispose();
  await removeNodes([ID, 'author:test-cache-ada']);
});

describe('rule (b) without Redis', () => {
  const a = cacheApp({ CACHE_MAX_STALENESS_MS: '500' });

  it('sees a write by another process within CACHE_MAX_STALENESS_MS', async () => {
    await importInAnotherProcess(paper('Before'));
    await new Promise((r) => setTimeout(r, 600));
    expect(titleOf((await a.read(READ, { id: ID })).text)).toBe('Before');
    expect((await a.read(READ, { id: ID })).cache).toBe('hit');

    await importInAnotherProcess(paper('After'));
    const sentAt = Date.now();
    // Until the version is read again the cached answer may be served; never after the staleness bound.
    for (;;) {
      const sent = Date.now();
      const res = await a.read(READ, { id: ID });
      if (titleOf(res.text) === 'After') break;
      expect(sent - sentAt).toBeLessThan(500);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(titleOf((await a.read(READ, { id: ID })).text)).toBe('After');
  }, 60_000);
});

describe.skipIf(!hasRedis)('with Redis', () => {
  const env = () => ({ REDIS_URL: redis.url, CACHE_MAX_STALENESS_MS: '600000' });
  let a: ReturnType<typeof cacheApp>;
  let b: ReturnType<typeof cacheApp>;
  beforeAll(() => {
    a = cacheApp(env());
    b = cacheApp(env());
  });

  it('shares answers between replicas', async () => {
    await importInAnotherProcess(paper('Shared'), { REDIS_URL: redis.url });
    const first = await a.read(READ, { id: ID, replica: 'shared' });
    expect(first.cache).toBe('miss');
    const second = await b.read(READ, { id: ID, replica: 'shared' });
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
  });

  it('keeps whether an answer has extensions beside it, and reads an entry of the first format as a miss', async () => {
    const client = new Redis(redis.url);
    try {
      const store = redisStore(client);
      await store.set(
        'format-test',
        { body: '{"data":{},"extensions":{"x":1}}', extensions: true, storedAt: 5 },
        60_000,
      );
      expect(await store.get('format-test')).toEqual({
        body: '{"data":{},"extensions":{"x":1}}',
        extensions: true,
        storedAt: 5,
      });

      const answers = async () => new Set(await client.keys('papergraph:answer:*'));
      const before = await answers();
      const fresh = await a.read(READ, { id: ID, replica: 'format' });
      expect(fresh.cache).toBe('miss');
      const [added, ...more] = [...(await answers())].filter((k) => !before.has(k));
      expect(more).toEqual([]);
      const hash = must(added?.match(/^papergraph:answer:2:([0-9a-f]{64})$/)?.[1], 'the new entry');
      const stale = fresh.text.replace('Shared', 'First format');
      expect(stale).not.toBe(fresh.text);
      // The same answer as the first format stored it (no flag; its own key), and under the new key: misses.
      await client.del(added as string);
      await client.set(`papergraph:answer:${hash}`, `${Date.now()}\n${stale}`, 'PX', 60_000);
      expect(await store.get(hash)).toBeUndefined();
      const again = await b.read(READ, { id: ID, replica: 'format' });
      expect([again.cache, again.text]).toEqual(['miss', fresh.text]);
      await client.set(added as string, `${Date.now()}\n${stale}`, 'PX', 60_000);
      const third = await a.read(READ, { id: ID, replica: 'format' });
      expect([third.cache, third.text]).toEqual(['miss', fresh.text]);
      expect((await a.read(READ, { id: ID, replica: 'format' })).cache).toBe('hit');
    } finally {
      client.disconnect();
    }
  });

  it('rule (b): sees a write published by another process at once', async () => {
    expect(titleOf((await a.read(READ, { id: ID })).text)).toBe('Shared');
    expect((await a.read(READ, { id: ID })).cache).toBe('hit');
    await importInAnotherProcess(paper('Published'), { REDIS_URL: redis.url });
    // CACHE_MAX_STALENESS_MS is 10 minutes: only the published bump can explain the new answer.
    await new Promise((r) => setTimeout(r, 100));
    expect(titleOf((await a.read(READ, { id: ID })).text)).toBe('Published');
    expect(titleOf((await b.read(READ, { id: ID })).text)).toBe('Published');
  }, 60_000);

  it('keeps answering from Neo4j while Redis is down, with a warning, and uses Redis again when it is back', async () => {
    await a.read(READ, { id: ID, outage: 1 });
    expect((await a.read(READ, { id: ID, outage: 1 })).cache).toBe('hit');

    await redis.stop();
    const during = await a.read(READ, { id: ID, outage: 1 });
    expect(during.status).toBe(200);
    expect(during.cache).toBe('bypass');
    expect(titleOf(during.text)).toBe('Published');
    expect(a.logs.join('\n')).toMatch(/Redis (unreachable|down)/);
    const ready = await a.app.fetch('http://papergraph/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });

    await redis.start();
    const backBy = Date.now() + 10_000;
    while ((await a.read(READ, { id: ID, outage: 2 })).cache === 'bypass') {
      expect(Date.now()).toBeLessThan(backBy);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await a.read(READ, { id: ID, outage: 2 })).cache).toBe('hit');
  }, 60_000);
});
