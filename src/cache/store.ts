import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** A cached answer: the serialised result and when it was computed (ms since epoch). */
export interface CachedAnswer {
  body: string;
  /** The body has an `extensions` member: known when the answer is stored, so a hit need not look. */
  extensions: boolean;
  storedAt: number;
}

/** Where answers live: this process's memory, or Redis shared by replicas. */
export interface AnswerStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void>;
}

/** In memory, bounded by entries and by total size (characters of JSON); least recently used go first. */
export function memoryStore(maxEntries: number, maxBytes: number): AnswerStore {
  const lru = new LRUCache<string, CachedAnswer>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (answer, key) => answer.body.length + key.length,
  });
  return {
    kind: 'memory',
    async get(key) {
      return lru.get(key);
    },
    async set(key, answer, ttlMs) {
      // An answer larger than the whole budget is simply not kept (lru-cache refuses it).
      lru.set(key, answer, { ttl: ttlMs });
    },
  };
}

/**
 * Redis keys and values of this format: `papergraph:answer:2:<key>` holding `<storedAt> <0|1>\n<body>` (the
 * digit: `extensions`). The first format (`papergraph:answer:<key>`, `<storedAt>\n<body>`, no flag) is never
 * read: its entries are misses and expire by their TTL, and a replica still writing it during a rolling
 * upgrade never reads these keys, so neither side serves an entry it half understands.
 */
const PREFIX = 'papergraph:answer:2:';
const HEAD = /^(\d+) ([01])$/;

/**
 * In Redis, each answer one key with a TTL (`SET … PX`); the size bound is Redis's
 * own `maxmemory` with an LRU policy (README). Errors reach the caller, which
 * bypasses the cache while Redis is down. A value it cannot read is a miss.
 */
export function redisStore(redis: Redis): AnswerStore {
  return {
    kind: 'redis',
    async get(key) {
      const value = await redis.get(PREFIX + key);
      if (value === null) return undefined;
      const newline = value.indexOf('\n');
      const head = HEAD.exec(value.slice(0, Math.max(newline, 0)));
      if (!head) return undefined;
      return { storedAt: Number(head[1]), extensions: head[2] === '1', body: value.slice(newline + 1) };
    },
    async set(key, answer, ttlMs) {
      await redis.set(PREFIX + key, `${answer.storedAt} ${answer.extensions ? 1 : 0}\n${answer.body}`, 'PX', ttlMs);
    },
  };
}
