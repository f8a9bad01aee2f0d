// The Node viewer: the shared sync core's ClockEstimator driven over mqtt.js (TCP with Nagle off,
// or WebSocket). Connects, runs the clock burst, follows control/sync, subscribes to the beacon,
// lineup and its channels' now/chat/reactions/viewers, reconnects with backoff and resubscribes.
// Used by the integration tests and the benches.
import { EventEmitter } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import {
  Topics,
  encode,
  parseChannelNow,
  parseChatMessage,
  parseControlSync,
  parseLineupVersion,
  parseReactions,
  parseTimeBeacon,
  parseTimeResponse,
  parseViewers,
  presenceWill,
  type ChannelNowPayload,
  type ChatMessagePayload,
  type ControlSync,
  type PresencePayload,
  type ReactionsPayload,
  type TimeBeacon,
  type ViewersPayload,
} from '#core/protocol.js';
import { ClockEstimator, type ClockEstimate, type ClockEstimatorOptions } from '#core/sync/clock-estimator.js';
import { systemTimers, type Timers } from '../broker/timers.js';

export const VIEWER_DEFAULTS = {
  reconnectInitialMs: 100, // first reconnect delay (ms), doubled per failure
  reconnectMaxMs: 5_000, // reconnect delay cap (ms)
  connectTimeoutMs: 5_000, // one connection attempt (ms)
  keepaliveSeconds: 30, // MQTT keepalive (s)
} as const;

export interface ViewerOptions {
  /** mqtt://host:port or ws://host:port/ws */
  url: string;
  clientId: string;
  /** Channels whose now/chat/reactions/viewers to follow. */
  channels?: string[];
  /** MQTT password: the viewer token where the broker requires one, or a device's token (POST /v1/devices). */
  token?: string;
  /** MQTT username with the token: a device's id (default 'viewer', for the viewer token). */
  username?: string;
  /** Follow chat/reactions/viewers (default true); now-playing is always followed. */
  interactions?: boolean;
  clock?: Partial<ClockEstimatorOptions>;
  /** Local monotonic clock, ms. */
  localNow?: () => number;
  /** Timers of the clock pump, reconnect backoff and waitSynced (default: the system's). */
  timers?: Timers;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /**
   * Keep a retained presence naming the first of `channels` (a standard broker, where the server
   * counts viewers from it), cleared by the connection's will or on close (default false).
   */
  presence?: boolean;
}

export interface ViewerEvents {
  connect: [];
  close: [];
  beacon: [TimeBeacon, number];
  lineup: [number];
  now: [ChannelNowPayload];
  chat: [ChatMessagePayload];
  reactions: [ReactionsPayload];
  viewers: [ViewersPayload];
  sync: [ControlSync];
  synced: [ClockEstimate];
}

export class ViewerClient extends EventEmitter<ViewerEvents> {
  readonly clock: ClockEstimator;
  readonly nowByChannel = new Map<string, ChannelNowPayload>();
  lineupVersion: number | null = null;
  connects = 0;
  private client: MqttClient | null = null;
  private pumpTimer: unknown = null;
  private reconnectTimer: unknown = null;
  private backoffMs: number;
  private closed = false;
  private wasBursting = false;
  private readonly localNow: () => number;
  private readonly timers: Timers;
  private readonly channels: string[];

  constructor(private readonly options: ViewerOptions) {
    super();
    this.clock = new ClockEstimator(options.clock ?? {});
    this.localNow = options.localNow ?? (() => performance.timeOrigin + performance.now());
    this.timers = options.timers ?? systemTimers({ keepAlive: true });
    this.channels = options.channels ?? [];
    this.backoffMs = options.reconnectInitialMs ?? VIEWER_DEFAULTS.reconnectInitialMs;
  }

  /** Connects; resolves on the first CONNACK. If that first attempt fails it rejects and stops;
   *  after one success, lost connections are retried with backoff until close(). */
  start(): Promise<void> {
    const client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0, // reconnects are ours, with backoff
      connectTimeout: VIEWER_DEFAULTS.connectTimeoutMs,
      keepalive: VIEWER_DEFAULTS.keepaliveSeconds,
      resubscribe: false,
      ...(this.options.token ? { username: this.options.username ?? 'viewer', password: this.options.token } : {}),
      // The broker clears the presence when the connection drops (close() drops it too).
      ...(this.options.presence ? { will: presenceWill(this.options.clientId) } : {}),
    });
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('close', () => this.onClose());
    client.on('error', () => {}); // 'close' follows; reconnection handles it
    return new Promise((resolve, reject) => {
      const ok = () => {
        client.off('close', fail);
        resolve();
      };
      const fail = () => {
        if (this.connects === 0) {
          client.off('connect', ok);
          // A first attempt that fails gives up (the caller decides whether to try again).
          void this.close().finally(() => reject(new Error(`viewer ${this.options.clientId} could not connect to ${this.options.url}`)));
        }
      };
      client.once('connect', ok);
      client.once('close', fail);
    });
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Server time now, from the clock estimate. */
  serverNow(): number {
    return this.clock.serverNow(this.localNow());
  }

  estimate(): ClockEstimate {
    return this.clock.estimate(this.localNow());
  }

  /** Resolves once the clock has an estimate (state synced and no burst under way). */
  waitSynced(timeoutMs = 10_000): Promise<ClockEstimate> {
    const est = this.estimate();
    if (est.state === 'synced' && !est.bursting) return Promise.resolve(est);
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.off('synced', done);
        reject(new Error(`viewer ${this.options.clientId}: clock not synced in ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (e: ClockEstimate) => {
        this.timers.clearTimeout(timer);
        this.off('synced', done);
        resolve(e);
      };
      this.on('synced', done);
    });
  }

  postChat(channelId: string, text: string): void {
    this.client?.publish(Topics.chatPost(channelId, this.options.clientId), encode({ v: 1, text }), { qos: 0 });
  }

  react(channelId: string, id: string): void {
    this.client?.publish(Topics.react(channelId, this.options.clientId), encode({ v: 1, id }), { qos: 0 });
  }

  /** Raw publish (tests of the policy). */
  publishRaw(topic: string, payload: string | Buffer, options: { retain?: boolean } = {}): void {
    this.client?.publish(topic, payload, { qos: 0, retain: options.retain ?? false });
  }

  /** Raw subscribe; resolves with the granted QoS per filter (128 = refused). */
  subscribeRaw(filter: string): Promise<number[]> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('not started'));
    return new Promise((resolve, reject) => {
      client.subscribe(filter, { qos: 0 }, (err, granted) => {
        // A refused filter arrives as an error carrying the SUBACK.
        const suback = (err as { packet?: { granted?: number[] } } | null)?.packet;
        if (suback?.granted) return resolve(suback.granted);
        if (err) return reject(err);
        resolve((granted ?? []).map((g) => g.qos));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pumpTimer !== null) this.timers.clearTimeout(this.pumpTimer);
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.pumpTimer = null;
    this.reconnectTimer = null;
    const client = this.client;
    if (client) await new Promise<void>((resolve) => client.end(true, () => resolve()));
  }

  private onConnect(): void {
    this.connects++;
    this.backoffMs = this.options.reconnectInitialMs ?? VIEWER_DEFAULTS.reconnectInitialMs;
    const stream = this.client?.stream as { setNoDelay?: (on: boolean) => void } | undefined;
    stream?.setNoDelay?.(true);
    const filters = [Topics.time, Topics.lineup, Topics.controlSync, Topics.timeResponse(this.options.clientId)];
    for (const ch of this.channels) {
      filters.push(Topics.channelNow(ch));
      if (this.options.interactions !== false) filters.push(Topics.chat(ch), Topics.reactions(ch), Topics.viewers(ch));
    }
    if (this.options.presence) {
      const presence: PresencePayload = { v: 1, channelId: this.channels[0] ?? null };
      this.client?.publish(Topics.presence(this.options.clientId), encode(presence), { qos: 0, retain: true });
    }
    this.client?.subscribe(filters, { qos: 0 }, () => {
      // Subscribed (again): start (or re-run) the clock burst.
      this.clock.requestResync(this.localNow());
      this.pump();
      this.emit('connect');
    });
  }

  private onClose(): void {
    if (this.pumpTimer !== null) this.timers.clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    this.emit('close');
    if (this.closed || this.reconnectTimer !== null) return;
    const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.reconnectMaxMs ?? VIEWER_DEFAULTS.reconnectMaxMs);
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.client?.reconnect();
    }, delay);
  }

  private pump(): void {
    const client = this.client;
    if (this.closed || !client?.connected) return;
    const now = this.localNow();
    if (this.clock.nextRequestDueAt(now) <= now) {
      const t0 = this.localNow();
      this.clock.onRequestSent(t0);
      client.publish(Topics.timeRequest(this.options.clientId), encode({ v: 1, t0 }), { qos: 0 });
    }
    this.checkSynced();
    if (this.pumpTimer !== null) this.timers.clearTimeout(this.pumpTimer);
    const wait = Math.max(0, this.clock.nextRequestDueAt(this.localNow()) - this.localNow());
    this.pumpTimer = this.timers.setTimeout(() => this.pump(), Math.min(wait, 2_147_000_000));
  }

  /** Emits 'synced' when a burst has just finished with an estimate. */
  private checkSynced(): void {
    const est = this.clock.estimate(this.localNow());
    if (this.wasBursting && !est.bursting && est.state === 'synced') this.emit('synced', est);
    this.wasBursting = est.bursting;
  }

  private onMessage(topic: string, payload: Buffer): void {
    const receivedAt = this.localNow();
    if (topic === Topics.timeResponse(this.options.clientId)) {
      const res = parseTimeResponse(payload);
      if (!res.ok) return;
      this.clock.onResponse(res.value, receivedAt);
      this.pump();
      return;
    }
    if (topic === Topics.time) {
      const b = parseTimeBeacon(payload);
      if (!b.ok) return;
      if (this.clock.observeBeacon(b.value.serverTimeMs, receivedAt)) this.pump();
      this.emit('beacon', b.value, receivedAt);
      return;
    }
    if (topic === Topics.controlSync) {
      const s = parseControlSync(payload);
      if (!s.ok) return;
      if (s.value.channelId === null || this.channels.includes(s.value.channelId)) {
        this.clock.requestResync(this.localNow());
        this.pump();
      }
      this.emit('sync', s.value);
      return;
    }
    if (topic === Topics.lineup) {
      const l = parseLineupVersion(payload);
      if (l.ok) {
        this.lineupVersion = l.value.version;
        this.emit('lineup', l.value.version);
      }
      return;
    }
    this.onChannelMessage(topic, payload);
  }

  private onChannelMessage(topic: string, payload: Buffer): void {
    for (const ch of this.channels) {
      if (topic === Topics.channelNow(ch)) {
        const n = parseChannelNow(payload);
        if (n.ok) {
          this.nowByChannel.set(ch, n.value);
          this.emit('now', n.value);
        }
      } else if (topic === Topics.chat(ch)) {
        const c = parseChatMessage(payload);
        if (c.ok) this.emit('chat', c.value);
      } else if (topic === Topics.reactions(ch)) {
        const r = parseReactions(payload);
        if (r.ok) this.emit('reactions', r.value);
      } else if (topic === Topics.viewers(ch)) {
        const v = parseViewers(payload);
        if (v.ok) this.emit('viewers', v.value);
      }
    }
  }
}
