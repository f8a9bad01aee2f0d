// Viewer counts per channel: the clients subscribed to `channels/{id}/now`, published retained on
// `channels/{id}/viewers` at most once per interval per channel. A node of a cluster (`nodeId`) counts
// only its own viewers: it publishes them all on `nodes/{nodeId}/viewers` instead, again every
// refreshMs so the summing service (count-summer.ts) can tell a node that stopped.
import { Topics, parseTopic, type NodeViewersPayload, type ViewersPayload } from '#core/protocol.js';
import type { Publisher } from './publisher.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';

export interface ViewerCountsOptions {
  publisher: Publisher;
  clock: () => number;
  /** Flush timer (default: the system's, unref'd). */
  timers?: Timers;
  intervalMs: number;
  /** In a cluster: this node's id, and how often its counts are published even unchanged (ms). */
  node?: { id: string; refreshMs: number };
}

export class ViewerCounts {
  private readonly byChannel = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private timer: unknown = null;
  private refreshTimer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: ViewerCountsOptions) {
    this.timers = options.timers ?? BACKGROUND_TIMERS;
  }

  subscribed(clientId: string, topic: string): void {
    const channelId = nowChannel(topic);
    if (channelId === null) return;
    let set = this.byChannel.get(channelId);
    if (!set) this.byChannel.set(channelId, (set = new Set()));
    if (!set.has(clientId)) {
      set.add(clientId);
      this.markDirty(channelId);
    }
  }

  unsubscribed(clientId: string, topic: string): void {
    const channelId = nowChannel(topic);
    if (channelId !== null && this.byChannel.get(channelId)?.delete(clientId)) this.markDirty(channelId);
  }

  disconnected(clientId: string): void {
    for (const [channelId, set] of this.byChannel) if (set.delete(clientId)) this.markDirty(channelId);
  }

  /** Forgets every viewer (their counts go to 0 unless they are seen again before the next flush). */
  clear(): void {
    for (const [channelId, set] of this.byChannel) {
      if (set.size === 0) continue;
      set.clear();
      this.markDirty(channelId);
    }
  }

  /** The channel is gone: its count is dropped and its retained viewers message deleted. */
  forget(channelId: string): void {
    this.byChannel.delete(channelId);
    this.dirty.delete(channelId);
    this.options.publisher.publish(Topics.viewers(channelId), null, { retain: true });
  }

  count(channelId: string): number {
    return this.byChannel.get(channelId)?.size ?? 0;
  }

  /** Starts a cluster node's periodic republishing (nothing to do on a single node). */
  start(): void {
    const node = this.options.node;
    if (!node || this.refreshTimer !== null) return;
    const tick = () => {
      this.publishNode(node.id);
      this.refreshTimer = this.timers.setTimeout(tick, node.refreshMs);
    };
    tick();
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.refreshTimer !== null) this.timers.clearTimeout(this.refreshTimer);
    this.timer = null;
    this.refreshTimer = null;
  }

  private markDirty(channelId: string): void {
    this.dirty.add(channelId);
    if (this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => this.flush(), this.options.intervalMs);
  }

  private publishNode(nodeId: string): void {
    const counts: Record<string, number> = {};
    for (const [channelId, set] of this.byChannel) if (set.size > 0) counts[channelId] = set.size;
    const payload: NodeViewersPayload = { v: 1, nodeId, counts, serverTimeMs: Math.round(this.options.clock()) };
    this.options.publisher.publish(Topics.nodeViewers(nodeId), payload, { retain: true });
  }

  private flush(): void {
    this.timer = null;
    if (this.options.node) {
      this.dirty.clear();
      this.publishNode(this.options.node.id);
      return;
    }
    const serverTimeMs = Math.round(this.options.clock());
    for (const channelId of this.dirty) {
      const payload: ViewersPayload = { v: 1, channelId, count: this.count(channelId), serverTimeMs };
      this.options.publisher.publish(Topics.viewers(channelId), payload, { retain: true });
    }
    this.dirty.clear();
  }
}

function nowChannel(topic: string): string | null {
  const parsed = parseTopic(topic);
  return parsed?.kind === 'channelNow' && parsed.channelId !== undefined ? parsed.channelId : null;
}
