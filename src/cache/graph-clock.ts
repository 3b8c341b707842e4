import { setTimeout as sleep } from 'node:timers/promises';

/** Longest a request waits for a version read before it bypasses the cache. */
const WAIT_MS = 500;

/**
 * The graph version this process keys answers by. Local writes set it before
 * their writer returns (the write funnel awaits `observe`), a Redis message sets
 * it when another process publishes a bump, and otherwise it is re-read from
 * Neo4j when the last read started more than `maxStalenessMs` ago (at most that
 * often, and only when asked: an idle server reads nothing).
 */
export class GraphClock {
  private known = -1;
  private readStartedAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<number> | undefined;
  private failedAt = Number.NEGATIVE_INFINITY;
  /** Set when a write's bump failed: no version names the graph until a newer one is read. */
  private unknownAbove: number | undefined;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly maxStalenessMs: number,
  ) {}

  /**
   * The version to key an answer by, or undefined when it is not known (serve from Neo4j, cache
   * nothing). Never waits long: a read that takes over WAIT_MS, or failed within the last
   * `maxStalenessMs` (Neo4j down), means undefined at once — the request bypasses the cache.
   */
  async current(): Promise<number | undefined> {
    const now = Date.now();
    if (this.unknownAbove === undefined && now - this.readStartedAt < this.maxStalenessMs) return this.known;
    if (now - this.failedAt < this.maxStalenessMs) return undefined;
    const version = await Promise.race([
      this.refresh().catch(() => undefined),
      sleep(WAIT_MS, undefined, { ref: false }),
    ]);
    return this.unknownAbove === undefined ? version : undefined;
  }

  /** A version seen committed (a local write, a published bump); undefined = "changed, version unknown". */
  observe(version: number | undefined): void {
    if (version === undefined) {
      this.unknownAbove = this.known;
      return;
    }
    if (version > this.known) this.known = version;
    if (this.unknownAbove !== undefined && version > this.unknownAbove) this.unknownAbove = undefined;
  }

  private refresh(): Promise<number> {
    if (!this.reading) {
      const startedAt = Date.now();
      this.reading = this.read()
        .then((version) => {
          this.observe(version);
          this.readStartedAt = startedAt;
          return this.known;
        })
        .catch((error: unknown) => {
          this.failedAt = Date.now();
          throw error;
        })
        .finally(() => {
          this.reading = undefined;
        });
    }
    return this.reading;
  }
}
