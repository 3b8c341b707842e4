/** Progress lines for a long phase: done fraction, a count with its rate, ETA; at most one per `everyMs`. */
export class Ticker {
  private started = performance.now();
  private last = 0;

  constructor(
    private readonly log: (line: string) => void,
    private phase: string,
    private readonly unit: string,
    private readonly everyMs = 5_000,
  ) {}

  /** Start timing a new phase. */
  restart(phase: string): void {
    this.phase = phase;
    this.started = performance.now();
    this.last = 0;
  }

  tick(fraction: number, count: number, note = ''): void {
    const now = performance.now();
    if (now - this.last < this.everyMs && fraction < 1) return;
    if (fraction >= 1 && this.last < 0) return;
    this.last = fraction >= 1 ? -1 : now;
    const s = Math.max((now - this.started) / 1000, 0.001);
    const f = Math.min(Math.max(fraction, 0), 1);
    const eta = f > 0 ? `${((s * (1 - f)) / f).toFixed(0)} s` : '?';
    const rate = Math.round(count / s).toLocaleString('en-US');
    this.log(
      `[bulk] ${this.phase} ${(100 * f).toFixed(1)}% | ${count.toLocaleString('en-US')} ${this.unit}, ${rate} ${this.unit}/s | ${s.toFixed(0)} s, ETA ${eta}${note ? ` | ${note}` : ''}`,
    );
  }
}
