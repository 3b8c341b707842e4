import { setTimeout as sleep } from 'node:timers/promises';
import type { CacheConfig } from '../config.js';
import type { Executor } from '../db/executor.js';
import { readGraphVersion } from '../db/graph-version.js';
import { onCommitted } from '../db/writes.js';
import type { Logger } from '../logger.js';
import { GraphClock } from './graph-clock.js';
import { connectRedis, type RedisLink } from './redis.js';
import { type AnswerStore, type CachedAnswer, memoryStore, redisStore } from './store.js';

/** How long a concurrent miss waits for the leader's answer before computing its own. */
const FOLLOW_MS = 30_000;
const delay = (ms: number) => sleep(ms, undefined, { ref: false });

/**
 * One app's response cache: the graph clock, the answer store (memory, or
 * Redis when REDIS_URL is set) and single flight for concurrent misses.
 */
export class CacheRuntime {
  readonly clock: GraphClock;
  readonly redis: RedisLink | undefined;
  private readonly store: AnswerStore | undefined;
  private readonly flights = new Map<string, Promise<CachedAnswer | undefined>>();
  private readonly stops: (() => void)[] = [];
  private warned = false;

  constructor(
    readonly config: CacheConfig,
    executor: Executor,
    private readonly logger: Logger,
  ) {
    this.clock = new GraphClock(() => readGraphVersion(executor), config.maxStalenessMs);
    this.redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : undefined;
    const redis = this.redis;
    if (config.enabled) {
      this.store = redis ? redisStore(redis.client) : memoryStore(config.maxEntries, config.maxBytes);
    }
    // A write through this process: known before its writer returns (rule a), published for the others (rule b).
    this.stops.push(
      onCommitted(async ({ version }) => {
        this.clock.observe(version);
        if (redis && version !== undefined) await redis.publishVersion(version).catch(() => {});
      }),
    );
    if (redis) this.stops.push(redis.onVersion((version) => this.clock.observe(version)));
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /**
   * The answer for `key`: a cached one, or the one a concurrent miss is computing (single flight);
   * else `settle`: this request computes it and must call `settle` with its answer (undefined when
   * it is not cacheable). Neither when the store is off or down (bypass).
   */
  async lookup(
    key: string,
    storeChecked = false,
  ): Promise<{ answer?: CachedAnswer; settle?: (answer: CachedAnswer | undefined) => void }> {
    if (!this.store || (this.redis && !this.redis.up)) return this.store ? this.down() : {};
    let stored: CachedAnswer | undefined;
    try {
      stored = storeChecked ? undefined : await this.store.get(key);
      this.warned = false;
    } catch (error) {
      return this.down(error);
    }
    if (stored) return { answer: stored };
    const flight = this.flights.get(key);
    if (flight) {
      const answer = await Promise.race([flight, delay(FOLLOW_MS)]);
      // The leader's answer was not cacheable (errors) or took too long: compute it here, uncached.
      return answer ? { answer } : {};
    }
    return { settle: this.lead(key) };
  }

  /** The stored answer for `key` (no single flight): the fast path, before parsing. null: the store failed. */
  async stored(key: string): Promise<CachedAnswer | undefined | null> {
    if (!this.store || (this.redis && !this.redis.up)) return null;
    return this.store.get(key).catch(() => null);
  }

  /** Runs synchronously after the flight check, so two concurrent misses never both lead. */
  private lead(key: string): (answer: CachedAnswer | undefined) => void {
    let settle: (answer: CachedAnswer | undefined) => void = () => {};
    const flight = new Promise<CachedAnswer | undefined>((resolve) => {
      settle = resolve;
    });
    this.flights.set(key, flight);
    return (answer) => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      settle(answer);
      if (answer && this.store) this.store.set(key, answer, this.config.ttlMs).catch((error) => this.down(error));
    };
  }

  /** The early lookup (src/http/early-hit.ts) threw: the request goes through yoga; say so, it is a bug. */
  earlyLookupFailed(error: unknown): void {
    this.logger.error({ err: error }, 'response cache: the lookup before parsing failed; answered through yoga');
  }

  private down(error?: unknown): Record<string, never> {
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(
        { redis: 'down', err: error instanceof Error ? error.message : undefined },
        'response cache unavailable (Redis down): bypassed, answering from Neo4j',
      );
    }
    return {};
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    await this.redis?.close();
  }
}
