// The broker side: MQTT over WebSocket (`/ws`), reconnecting with exponential backoff. It carries the
// clock exchange (time/req -> time/res), the beacon, the retained lineup version, the retained
// `channels/{id}/now` of the watched channel, and control/sync. Payloads are parsed with the shared
// protocol module; anything malformed is dropped.
import {
  Topics,
  encode,
  parseChannelNow,
  parseControlSync,
  parseLineupVersion,
  parseTimeBeacon,
  parseTimeResponse,
  type ChannelNowPayload,
  type ControlSync,
  type TimeBeacon,
  type TimeResponse,
} from '../core/protocol.js';

/** The part of an mqtt.js client used here (the real one in the app, a fake in tests). */
export interface MqttClientLike {
  options: { reconnectPeriod?: number };
  connected: boolean;
  on(event: 'connect' | 'close' | 'offline', handler: () => void): unknown;
  on(event: 'message', handler: (topic: string, payload: Uint8Array) => void): unknown;
  on(event: 'error', handler: (err: Error) => void): unknown;
  subscribe(topic: string | string[], opts: { qos: 0 | 1 }): unknown;
  unsubscribe(topic: string | string[]): unknown;
  publish(topic: string, message: string, opts: { qos: 0 | 1; retain: boolean }): unknown;
  end(force?: boolean): unknown;
}

export type MqttConnect = (url: string, options: Record<string, unknown>) => MqttClientLike;

export interface BrokerEvents {
  connection(connected: boolean): void;
  timeResponse(res: TimeResponse): void;
  beacon(beacon: TimeBeacon): void;
  lineupVersion(version: number): void;
  channelNow(now: ChannelNowPayload): void;
  controlSync(sync: ControlSync): void;
}

export const BROKER_DEFAULTS = {
  minReconnectMs: 500, // milliseconds: first reconnect delay
  maxReconnectMs: 15_000, // milliseconds: backoff ceiling
  connectTimeoutMs: 5_000, // milliseconds
  keepaliveSeconds: 20, // seconds
};

/** The mqtt.js options of a viewer's session: MQTT 3.1.1, clean, the viewer token where configured. */
export function viewerConnectOptions(o: {
  clientId: string;
  password?: string | null | undefined;
  keepaliveSeconds: number; // seconds
  connectTimeoutMs: number; // milliseconds
  reconnectMs: number; // milliseconds
}): Record<string, unknown> {
  return {
    clientId: o.clientId,
    protocolVersion: 4,
    clean: true,
    keepalive: o.keepaliveSeconds,
    connectTimeout: o.connectTimeoutMs,
    reconnectPeriod: o.reconnectMs,
    ...(o.password ? { username: 'viewer', password: o.password } : {}),
  };
}

/** Moves a live session from one channel's topics to another's (nothing to do while offline: 'connect' subscribes). */
export function switchTopics(client: MqttClientLike | null, from: string[], to: string[]): void {
  if (!client?.connected) return;
  if (from.length > 0) client.unsubscribe(from);
  if (to.length > 0) client.subscribe(to, { qos: 0 });
}

export interface BrokerLinkOptions {
  url: string;
  clientId: string;
  connect: MqttConnect;
  events: BrokerEvents;
  /** Viewer token, when the broker wants one. */
  password?: string | null;
}

export class BrokerLink {
  private client: MqttClientLike | null = null;
  private watched: string | null = null;
  private reconnectMs = BROKER_DEFAULTS.minReconnectMs;

  constructor(private readonly opt: BrokerLinkOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  start(): void {
    if (this.client) return;
    const client = this.opt.connect(this.opt.url, viewerConnectOptions({ ...BROKER_DEFAULTS, clientId: this.opt.clientId, password: this.opt.password, reconnectMs: this.reconnectMs }));
    this.client = client;
    client.on('connect', () => {
      this.reconnectMs = BROKER_DEFAULTS.minReconnectMs;
      client.options.reconnectPeriod = this.reconnectMs;
      const topics = [Topics.timeResponse(this.opt.clientId), Topics.time, Topics.lineup, Topics.controlSync];
      if (this.watched) topics.push(Topics.channelNow(this.watched));
      client.subscribe(topics, { qos: 0 });
      this.opt.events.connection(true);
    });
    const lost = () => {
      this.reconnectMs = Math.min(BROKER_DEFAULTS.maxReconnectMs, this.reconnectMs * 2);
      client.options.reconnectPeriod = this.reconnectMs;
      this.opt.events.connection(false);
    };
    client.on('offline', lost);
    client.on('error', () => {
      // Reported through 'close'/'offline'; the client keeps reconnecting.
    });
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  stop(): void {
    this.client?.end(true);
    this.client = null;
  }

  /** Follows `channels/{id}/now` of the watched channel only. */
  watchChannel(channelId: string | null): void {
    if (channelId === this.watched) return;
    const topics = (id: string | null) => (id ? [Topics.channelNow(id)] : []);
    switchTopics(this.client, topics(this.watched), topics(channelId));
    this.watched = channelId;
  }

  /** Publishes a time request stamped t0; false when not connected. */
  sendTimeRequest(t0: number): boolean {
    const client = this.client;
    if (!client?.connected) return false;
    client.publish(Topics.timeRequest(this.opt.clientId), encode({ v: 1, t0 } as { v: 1; t0: number }), { qos: 0, retain: false });
    return true;
  }

  private dispatch(topic: string, payload: Uint8Array): void {
    const ev = this.opt.events;
    if (topic === Topics.timeResponse(this.opt.clientId)) {
      const r = parseTimeResponse(payload);
      if (r.ok) ev.timeResponse(r.value);
    } else if (topic === Topics.time) {
      const r = parseTimeBeacon(payload);
      if (r.ok) ev.beacon(r.value);
    } else if (topic === Topics.lineup) {
      const r = parseLineupVersion(payload);
      if (r.ok) ev.lineupVersion(r.value.version);
    } else if (topic === Topics.controlSync) {
      const r = parseControlSync(payload);
      if (r.ok) ev.controlSync(r.value);
    } else if (this.watched && topic === Topics.channelNow(this.watched)) {
      const r = parseChannelNow(payload);
      if (r.ok) ev.channelNow(r.value);
    }
  }
}
