// Reactions: a fixed set of ids, aggregated per channel per window into ONE message with counts,
// so fan-out grows with channels, not with reactions.
import { Topics, type ReactionsPayload } from '#core/protocol.js';
import type { Publisher } from './publisher.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';

export interface ReactionsOptions {
  publisher: Publisher;
  clock: () => number;
  /** Window timers (default: the system's, unref'd). */
  timers?: Timers;
  ids: readonly string[];
  windowMs: number;
  perClientPerWindow: number;
}

interface Window {
  startMs: number;
  counts: Map<string, number>;
  perClient: Map<string, number>;
  timer: unknown;
}

export class ReactionAggregator {
  private readonly windows = new Map<string, Window>();
  private readonly ids: Set<string>;
  private readonly timers: Timers;

  constructor(private readonly options: ReactionsOptions) {
    this.ids = new Set(options.ids);
    this.timers = options.timers ?? BACKGROUND_TIMERS;
  }

  isKnown(id: string): boolean {
    return this.ids.has(id);
  }

  /** Counts one reaction; false when the id is unknown or the sender (its limit key) is over its share. */
  add(channelId: string, limitKey: string, id: string): boolean {
    if (!this.ids.has(id)) return false;
    let w = this.windows.get(channelId);
    if (!w) {
      const timer = this.timers.setTimeout(() => this.flush(channelId), this.options.windowMs);
      w = { startMs: Math.round(this.options.clock()), counts: new Map(), perClient: new Map(), timer };
      this.windows.set(channelId, w);
    }
    const used = w.perClient.get(limitKey) ?? 0;
    if (used >= this.options.perClientPerWindow) return false;
    w.perClient.set(limitKey, used + 1);
    w.counts.set(id, (w.counts.get(id) ?? 0) + 1);
    return true;
  }

  stop(): void {
    for (const w of this.windows.values()) this.timers.clearTimeout(w.timer);
    this.windows.clear();
  }

  private flush(channelId: string): void {
    const w = this.windows.get(channelId);
    if (!w) return;
    this.windows.delete(channelId);
    const payload: ReactionsPayload = {
      v: 1,
      channelId,
      windowStartMs: w.startMs,
      windowMs: this.options.windowMs,
      counts: Object.fromEntries(w.counts),
    };
    this.options.publisher.publish(Topics.reactions(channelId), payload);
  }
}
