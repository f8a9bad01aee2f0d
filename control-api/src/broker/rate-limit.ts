// Small per-client limiters: a token bucket (floods) and a minimum interval (chat).

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Allows one event per key every `minIntervalMs`. A key is remembered for that long whatever its
 * client does (a reconnect resets nothing); keys past it are pruned once more than `pruneAbove` are kept.
 */
export class MinInterval {
  private readonly lastByKey = new Map<string, number>();
  constructor(
    private readonly minIntervalMs: number,
    private readonly pruneAbove = 10_000,
  ) {}

  allow(key: string, now: number): boolean {
    const last = this.lastByKey.get(key);
    if (last !== undefined && now - last < this.minIntervalMs) return false;
    this.lastByKey.delete(key); // re-inserted last: the map stays in order of last use
    this.lastByKey.set(key, now);
    if (this.lastByKey.size > this.pruneAbove) this.prune(now);
    return true;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.lastByKey.size;
  }

  private prune(now: number): void {
    for (const [key, last] of this.lastByKey) {
      if (now - last < this.minIntervalMs) break; // the rest were used later
      this.lastByKey.delete(key);
    }
  }
}
