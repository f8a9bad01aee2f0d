// The one service that sums a cluster's viewer counts: every node publishes its own on
// `nodes/{id}/viewers` (viewer-counts.ts); this keeps the latest of each node, drops a node not heard
// from for staleMs (it stopped, or lost its broker), and publishes each channel's total retained on
// `channels/{id}/viewers` at most once per interval. Runs on the node that publishes now-playing.
import { Topics, type NodeViewersPayload, type ViewersPayload } from '#core/protocol.js';
import type { Publisher } from './publisher.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';

export interface CountSummerOptions {
  publisher: Publisher;
  clock: () => number;
  timers?: Timers;
  /** Totals are republished at most this often (ms). */
  intervalMs: number;
  /** A node whose last counts are older than this is dropped (ms). */
  staleMs: number;
}

export class CountSummer {
  private readonly nodes = new Map<string, { counts: Record<string, number>; heardAt: number }>();
  private readonly published = new Map<string, number>();
  private flushTimer: unknown = null;
  private staleTimer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: CountSummerOptions) {
    this.timers = options.timers ?? BACKGROUND_TIMERS;
  }

  start(): void {
    const sweep = () => {
      const now = this.options.clock();
      for (const [id, node] of this.nodes) if (now - node.heardAt > this.options.staleMs) this.nodes.delete(id);
      this.schedule();
      this.staleTimer = this.timers.setTimeout(sweep, this.options.staleMs / 2);
    };
    this.staleTimer = this.timers.setTimeout(sweep, this.options.staleMs / 2);
  }

  stop(): void {
    for (const t of [this.flushTimer, this.staleTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.flushTimer = null;
    this.staleTimer = null;
  }

  /** A node's counts arrived (its whole set: channels missing from it have none there). */
  accept(payload: NodeViewersPayload): void {
    this.nodes.set(payload.nodeId, { counts: payload.counts, heardAt: this.options.clock() });
    this.schedule();
  }

  /** The channel is gone: its total is dropped and its retained message deleted. */
  forget(channelId: string): void {
    for (const node of this.nodes.values()) delete node.counts[channelId];
    this.published.delete(channelId);
    this.options.publisher.publish(Topics.viewers(channelId), null, { retain: true });
  }

  total(channelId: string): number {
    let sum = 0;
    for (const node of this.nodes.values()) sum += node.counts[channelId] ?? 0;
    return sum;
  }

  private schedule(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = this.timers.setTimeout(() => this.flush(), this.options.intervalMs);
  }

  private flush(): void {
    this.flushTimer = null;
    const channels = new Set(this.published.keys());
    for (const node of this.nodes.values()) for (const id of Object.keys(node.counts)) channels.add(id);
    const serverTimeMs = Math.round(this.options.clock());
    for (const channelId of channels) {
      const count = this.total(channelId);
      if (this.published.get(channelId) === count) continue;
      this.published.set(channelId, count);
      const payload: ViewersPayload = { v: 1, channelId, count, serverTimeMs };
      this.options.publisher.publish(Topics.viewers(channelId), payload, { retain: true });
    }
  }
}
