// Viewer counts per channel: the clients subscribed to `channels/{id}/now`, published retained on
// `channels/{id}/viewers` at most once per interval per channel.
import { Topics, parseTopic, type ViewersPayload } from '#core/protocol.js';
import type { Publisher } from './publisher.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';

export interface ViewerCountsOptions {
  publisher: Publisher;
  clock: () => number;
  /** Flush timer (default: the system's, unref'd). */
  timers?: Timers;
  intervalMs: number;
}

export class ViewerCounts {
  private readonly byChannel = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private timer: unknown = null;
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

  /** The channel is gone: its count is dropped and its retained viewers message deleted. */
  forget(channelId: string): void {
    this.byChannel.delete(channelId);
    this.dirty.delete(channelId);
    this.options.publisher.publish(Topics.viewers(channelId), null, { retain: true });
  }

  count(channelId: string): number {
    return this.byChannel.get(channelId)?.size ?? 0;
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private markDirty(channelId: string): void {
    this.dirty.add(channelId);
    if (this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => this.flush(), this.options.intervalMs);
  }

  private flush(): void {
    this.timer = null;
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
