// A token bucket per source address (POST /v1/devices): a burst, then a steady refill. Addresses
// whose bucket is full again are forgotten once more than `pruneAbove` are remembered.

export interface AddressBucketsOptions {
  burst: number; // requests at once
  refillPerMinute: number; // requests per minute after the burst
  pruneAbove: number; // addresses remembered before full buckets are dropped
}

export class AddressBuckets {
  private readonly byKey = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: AddressBucketsOptions) {}

  /** Takes one token of `key` at `now` (ms); when empty, how long until one is there (ms). */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const b = this.refilled(key, now);
    this.byKey.delete(key); // re-inserted last: the map stays in order of last use
    if (b.tokens < 1) {
      this.byKey.set(key, b);
      return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) * 60_000) / this.options.refillPerMinute) };
    }
    this.byKey.set(key, { tokens: b.tokens - 1, at: now });
    if (this.byKey.size > this.options.pruneAbove) this.prune(now);
    return { ok: true };
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.byKey.size;
  }

  private refilled(key: string, now: number): { tokens: number; at: number } {
    const b = this.byKey.get(key);
    if (!b) return { tokens: this.options.burst, at: now };
    const gained = (Math.max(0, now - b.at) / 60_000) * this.options.refillPerMinute;
    return { tokens: Math.min(this.options.burst, b.tokens + gained), at: now };
  }

  private prune(now: number): void {
    for (const key of [...this.byKey.keys()]) {
      if (this.byKey.size <= this.options.pruneAbove) break;
      if (this.refilled(key, now).tokens >= this.options.burst) this.byKey.delete(key);
      else break; // the rest were used later
    }
  }
}
