import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

const VERSION_CHANNEL = 'papergraph:graph-version';

/**
 * papergraph's two Redis connections: commands (shared answers, APQ
 * registrations, publishing version bumps) and a subscriber for other
 * processes' bumps. Commands fail at once while Redis is down (no offline
 * queue, no retries): callers bypass Redis and answer from Neo4j; ioredis
 * reconnects in the background and the subscriber re-subscribes.
 */
export interface RedisLink {
  client: Redis;
  /** True while the command connection is up. */
  readonly up: boolean;
  publishVersion(version: number): Promise<void>;
  /** Hear of versions other processes publish; returns the function that stops listening. */
  onVersion(listener: (version: number) => void): () => void;
  close(): Promise<void>;
}

export function connectRedis(url: string, logger: Logger): RedisLink {
  const options = {
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
  };
  const client = new Redis(url, { ...options, enableOfflineQueue: false });
  // The subscriber queues its SUBSCRIBE until the first connection.
  const subscriber = new Redis(url, { ...options, maxRetriesPerRequest: null });
  let up = false;
  client.on('ready', () => {
    if (!up) logger.info({ redis: 'up' }, 'Redis reachable: the response cache is shared again');
    up = true;
  });
  client.on('error', (error: Error) => {
    if (up)
      logger.warn({ redis: 'down', err: error.message }, 'Redis unreachable: cache bypassed, answering from Neo4j');
    up = false;
  });
  subscriber.on('error', () => {});
  const listeners = new Set<(version: number) => void>();
  subscriber.subscribe(VERSION_CHANNEL).catch(() => {});
  subscriber.on('message', (channel: string, message: string) => {
    const version = Number(message);
    if (channel !== VERSION_CHANNEL || !Number.isSafeInteger(version)) return;
    for (const listener of listeners) listener(version);
  });
  return {
    client,
    get up() {
      return up;
    },
    async publishVersion(version) {
      await client.publish(VERSION_CHANNEL, String(version));
    },
    onVersion(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
