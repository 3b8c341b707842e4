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
  /** Set when a write's bump failed: no version names the graph until a newer one is read. */
  private unknownAbove: number | undefined;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly maxStalenessMs: number,
  ) {}

  /** The version to key an answer by, or undefined when it is not known (serve from Neo4j, cache nothing). */
  async current(): Promise<number | undefined> {
    const fresh = Date.now() - this.readStartedAt < this.maxStalenessMs;
    const version = fresh && this.unknownAbove === undefined ? this.known : await this.refresh();
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
        .finally(() => {
          this.reading = undefined;
        });
    }
    return this.reading;
  }
}
