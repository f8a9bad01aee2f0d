// Keeps the retained `lineup` and `channels/{id}/now` topics true: publishes them at start, at the
// exact program boundary of each channel (one timer per channel aimed at nextBoundaryAfter, not a
// polling loop) and whenever the lineup changes. Also answers "does this channel exist" and "what
// is on it now" for the policy and the chat stamp, from what it last published.
import { Topics, type ChannelNowPayload } from '#core/protocol.js';
import { offsetMs, programAt } from '#core/on-air.js';
import type { ChannelNow } from '../contracts/now.js';
import { BROKER_DEFAULTS } from './defaults.js';
import type { NowSource } from './now-source.js';
import type { Publisher } from './publisher.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';

export interface NowPublisherOptions {
  source: NowSource;
  publisher: Publisher;
  clock: () => number;
  /** Boundary timers (default: the system's, unref'd). */
  timers?: Timers;
  onError?: (err: unknown) => void;
  maxTimerMs?: number;
  /** A channel left the lineup (deleted or disabled): what else is kept per channel goes too. */
  onChannelGone?: (channelId: string) => void;
}

// The server's ChannelNow must stay assignable to the wire payload (checked at compile time).
const toPayload = (now: ChannelNow): ChannelNowPayload => ({ v: 1, ...now });

export class NowPublisher {
  private readonly channels = new Map<string, ChannelNow>();
  private readonly timers = new Map<string, unknown>();
  private readonly timerPort: Timers;
  private lineupVersion = 0;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly options: NowPublisherOptions) {
    this.timerPort = options.timers ?? BACKGROUND_TIMERS;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.options.source.onChange(() => {
      void this.refreshAll();
    });
    await this.refreshAll();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers.values()) this.timerPort.clearTimeout(timer);
    this.timers.clear();
  }

  version(): number {
    return this.lineupVersion;
  }

  hasChannel(channelId: string): boolean {
    return this.channels.has(channelId);
  }

  /** The program on the channel at t and the offset into its asset, from the last published state. */
  programAt(channelId: string, t: number): { programId: string | null; offsetMs: number | null } {
    const now = this.channels.get(channelId);
    const on = programAt(now?.current, now?.next, t);
    return on ? { programId: on.id, offsetMs: Math.round(offsetMs(on, t)) } : { programId: null, offsetMs: null };
  }

  /** Republishes everything (serialised: a change during a refresh queues one more refresh). */
  refreshAll(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.doRefreshAll()).catch((err) => this.options.onError?.(err));
    return this.refreshing;
  }

  private async doRefreshAll(): Promise<void> {
    if (this.stopped) return;
    const t = Math.round(this.options.clock());
    const [version, all] = await Promise.all([this.options.source.version(), this.options.source.nowAll(t)]);
    if (this.stopped) return;
    this.lineupVersion = version;
    // Every channel of this lineup is known before its version goes out: a viewer that reacts to the
    // version at once may subscribe to a new channel's topics (the policy admits only known channels).
    for (const now of all) this.channels.set(now.channel.id, now);
    this.options.publisher.publish(Topics.lineup, { v: 1, version }, { retain: true });
    const seen = new Set<string>();
    for (const now of all) {
      seen.add(now.channel.id);
      this.publishChannel(now);
      await this.schedule(now.channel.id, t);
    }
    for (const id of [...this.channels.keys()]) {
      if (seen.has(id)) continue;
      // Gone from the lineup: clear its retained state (an empty retained payload deletes it).
      this.channels.delete(id);
      if (this.timers.has(id)) this.timerPort.clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      this.options.publisher.publish(Topics.channelNow(id), null, { retain: true });
      this.options.onChannelGone?.(id);
    }
  }

  private publishChannel(now: ChannelNow): void {
    this.channels.set(now.channel.id, now);
    this.options.publisher.publish(Topics.channelNow(now.channel.id), toPayload(now), { retain: true });
  }

  private async schedule(channelId: string, t: number): Promise<void> {
    if (this.timers.has(channelId)) this.timerPort.clearTimeout(this.timers.get(channelId));
    this.timers.delete(channelId);
    const boundary = await this.options.source.nextBoundaryAfter(channelId, t);
    if (this.stopped || boundary === null) return;
    const maxTimerMs = this.options.maxTimerMs ?? BROKER_DEFAULTS.maxTimerMs;
    const wait = Math.min(maxTimerMs, Math.max(0, boundary - this.options.clock()));
    const timer = this.timerPort.setTimeout(() => {
      this.timers.delete(channelId);
      void this.atBoundary(channelId, boundary).catch((err) => this.options.onError?.(err));
    }, wait);
    this.timers.set(channelId, timer);
  }

  private async atBoundary(channelId: string, boundary: number): Promise<void> {
    if (this.stopped) return;
    const now = this.options.clock();
    if (now < boundary) {
      // Woken early (timer clamp or coarse timers): aim again.
      await this.schedule(channelId, now - 1);
      return;
    }
    // Evaluate at the boundary itself so the new program is the current one.
    const t = Math.ceil(Math.max(now, boundary));
    // One channel's answer, not the whole lineup's: each channel has its own boundary timer. A channel
    // no longer published (disabled or deleted: refreshAll dropped it) is left alone.
    const mine = await this.options.source.now(channelId, t);
    if (this.stopped || !mine || !this.channels.has(channelId)) return;
    this.publishChannel({ ...mine, serverTimeMs: t });
    await this.schedule(channelId, t);
  }
}
