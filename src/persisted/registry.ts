import { LRUCache } from 'lru-cache';
import type { RedisLink } from '../cache/redis.js';

/**
 * APQ registrations (PERSISTED_OPERATIONS=allow): documents clients registered
 * by sending them with their hash. Bounded: at most `max` documents; in memory
 * the least recently used go, in Redis (one hash shared by replicas) new ones
 * are refused once it is full. Redis errors read as "not registered".
 */
export interface Registry {
  get(id: string): Promise<string | undefined>;
  register(id: string, document: string): Promise<void>;
}

export function memoryRegistry(max: number): Registry {
  const lru = new LRUCache<string, string>({ max });
  return {
    async get(id) {
      return lru.get(id);
    },
    async register(id, document) {
      lru.set(id, document);
    },
  };
}

const KEY = 'papergraph:apq';

export function redisRegistry(redis: RedisLink, max: number): Registry {
  return {
    async get(id) {
      return (await redis.client.hget(KEY, id).catch(() => null)) ?? undefined;
    },
    async register(id, document) {
      try {
        if ((await redis.client.hlen(KEY)) < max) await redis.client.hset(KEY, id, document);
      } catch {
        // Redis down: the client registers again on its next PERSISTED_QUERY_NOT_FOUND.
      }
    },
  };
}
