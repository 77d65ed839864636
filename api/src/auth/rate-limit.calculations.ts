/**
 * A fixed-window counter per key (account, IP): at most `limit` failures per `windowMs`. Pure
 * apart from the map it keeps; `now` is passed in so tests control time.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) return 0;
    return w.count >= this.limit ? Math.ceil((w.start + this.windowMs - now) / 1000) : 0;
  }

  fail(key: string, now: number): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) this.windows.set(key, { start: now, count: 1 });
    else w.count++;
    // Keep the map bounded: forget windows that ended.
    if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (now - v.start >= this.windowMs) this.windows.delete(k);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}
