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

/** Allows one event per key every `minIntervalMs`. Keys are forgotten with `forget`. */
export class MinInterval {
  private readonly lastByKey = new Map<string, number>();
  constructor(private readonly minIntervalMs: number) {}

  allow(key: string, now: number): boolean {
    const last = this.lastByKey.get(key);
    if (last !== undefined && now - last < this.minIntervalMs) return false;
    this.lastByKey.set(key, now);
    return true;
  }

  forget(key: string): void {
    this.lastByKey.delete(key);
  }
}
