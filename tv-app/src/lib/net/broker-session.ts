// The TV's one MQTT session (over WebSocket `/ws`): a viewer is one connection to the broker, whatever
// uses it. The player's broker link (clock exchange, beacon, lineup, now, control/sync) and the
// screens' chat and reactions attach to it as users; each declares the topics it follows and gets
// the messages on them. Reconnects with exponential backoff; on every (re)connect all users' topics
// are subscribed again (clean sessions keep nothing).

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

export const SESSION_DEFAULTS = {
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

/** One user of the session: the topics it follows now, and what it does with their messages. */
export interface SessionUser {
  topics(): string[];
  message(topic: string, payload: Uint8Array): void;
  connection?(up: boolean): void;
}

export interface BrokerSessionOptions {
  url: string;
  clientId: string;
  connect: MqttConnect;
  /** Viewer token, when the broker wants one. */
  password?: string | null;
}

export class BrokerSession {
  private client: MqttClientLike | null = null;
  private readonly users = new Set<SessionUser>();
  private reconnectMs = SESSION_DEFAULTS.minReconnectMs;

  constructor(private readonly opt: BrokerSessionOptions) {}

  get clientId(): string {
    return this.opt.clientId;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Adds a user (its topics are subscribed now if connected, else on connect); returns its removal. */
  attach(user: SessionUser): () => void {
    this.users.add(user);
    if (this.client?.connected && user.topics().length > 0) this.client.subscribe(user.topics(), { qos: 0 });
    return () => {
      if (!this.users.delete(user)) return;
      if (this.client?.connected && user.topics().length > 0) this.client.unsubscribe(user.topics());
    };
  }

  /** Connects (once; later calls do nothing). */
  start(): void {
    if (this.client) return;
    const client = this.opt.connect(this.opt.url, viewerConnectOptions({ ...SESSION_DEFAULTS, clientId: this.opt.clientId, password: this.opt.password, reconnectMs: this.reconnectMs }));
    this.client = client;
    client.on('connect', () => {
      this.reconnectMs = SESSION_DEFAULTS.minReconnectMs;
      client.options.reconnectPeriod = this.reconnectMs;
      const topics = [...this.users].flatMap((u) => u.topics());
      if (topics.length > 0) client.subscribe(topics, { qos: 0 });
      for (const u of this.users) u.connection?.(true);
    });
    client.on('offline', () => {
      this.reconnectMs = Math.min(SESSION_DEFAULTS.maxReconnectMs, this.reconnectMs * 2);
      client.options.reconnectPeriod = this.reconnectMs;
      for (const u of this.users) u.connection?.(false);
    });
    client.on('error', () => {
      // Reported through 'offline'; the client keeps reconnecting.
    });
    client.on('message', (topic, payload) => {
      for (const u of this.users) u.message(topic, payload);
    });
  }

  stop(): void {
    this.client?.end(true);
    this.client = null;
  }

  /** A user's topics changed from `from` to `to`: moves the live subscriptions (offline: 'connect' subscribes). */
  retopic(from: string[], to: string[]): void {
    const client = this.client;
    if (!client?.connected) return;
    if (from.length > 0) client.unsubscribe(from);
    if (to.length > 0) client.subscribe(to, { qos: 0 });
  }

  /** Publishes now; false when not connected. */
  publish(topic: string, message: string, opts: { qos: 0 | 1; retain: boolean }): boolean {
    const client = this.client;
    if (!client?.connected) return false;
    client.publish(topic, message, opts);
    return true;
  }
}

export interface ChannelFollowerOptions {
  /** Topics followed whatever the channel (none by default). */
  fixedTopics?: () => string[];
  /** The topics of one channel. */
  channelTopics: (channelId: string) => string[];
  message(topic: string, payload: Uint8Array): void;
  connection(up: boolean): void;
}

/** A user of the session that follows the tuned channel: attached on start, detached on stop, its channel topics moved on a tune. */
export class ChannelFollower {
  private channel: string | null = null;
  private detach: (() => void) | null = null;

  constructor(
    private readonly session: BrokerSession,
    private readonly opt: ChannelFollowerOptions,
  ) {}

  /** The channel followed now (null: none). */
  get channelId(): string | null {
    return this.channel;
  }

  /** Attaches to the session and connects it (if not yet). */
  start(): void {
    if (this.detach) return;
    this.detach = this.session.attach({
      topics: () => [...(this.opt.fixedTopics?.() ?? []), ...this.topicsOf(this.channel)],
      message: (topic, payload) => this.opt.message(topic, payload),
      connection: (up) => this.opt.connection(up),
    });
    this.session.start();
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
  }

  /** Follows `channelId`'s topics instead of the previous channel's (null: none). */
  follow(channelId: string | null): void {
    if (channelId === this.channel) return;
    if (this.detach) this.session.retopic(this.topicsOf(this.channel), this.topicsOf(channelId));
    this.channel = channelId;
  }

  private topicsOf(channelId: string | null): string[] {
    return channelId ? this.opt.channelTopics(channelId) : [];
  }
}
