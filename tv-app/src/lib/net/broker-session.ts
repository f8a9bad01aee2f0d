// The TV's one MQTT session (over WebSocket `/ws`): a viewer is one connection to the broker, whatever
// uses it. The player's broker link (clock exchange, beacon, lineup, now, control/sync) and the
// screens' chat and reactions attach to it as users; each declares the topics it follows and gets
// the messages on them. Reconnects with exponential backoff; on every (re)connect all users' topics
// are subscribed again (clean sessions keep nothing). Who it connects as comes from a SessionIdentity,
// asked before every CONNECT: a fixed client id, or the device's identity (device-identity.ts), whose
// refusal by the broker (CONNACK 4 or 5) is handed back to it before connecting again.

/** The part of an mqtt.js client used here (the real one in the app, a fake in tests). */
export interface MqttClientLike {
  options: { reconnectPeriod?: number; clientId?: string; username?: string | undefined; password?: string | Uint8Array | undefined; will?: object | undefined };
  connected: boolean;
  on(event: 'connect' | 'close' | 'offline' | 'reconnect', handler: () => void): unknown;
  on(event: 'message', handler: (topic: string, payload: Uint8Array) => void): unknown;
  on(event: 'error', handler: (err: Error & { code?: unknown }) => void): unknown;
  subscribe(topic: string | string[], opts: { qos: 0 | 1 }): unknown;
  unsubscribe(topic: string | string[]): unknown;
  publish(topic: string, message: string, opts: { qos: 0 | 1; retain: boolean }): unknown;
  end(force?: boolean): unknown;
}

export type MqttConnect = (url: string, options: Record<string, unknown>) => MqttClientLike;

/** The message the broker publishes for a connection that drops. */
export interface SessionWill {
  topic: string;
  payload: string;
  qos: 0;
  retain: boolean;
}

export const SESSION_DEFAULTS = {
  minReconnectMs: 500, // milliseconds: first reconnect delay
  maxReconnectMs: 15_000, // milliseconds: backoff ceiling
  connectTimeoutMs: 5_000, // milliseconds
  keepaliveSeconds: 20, // seconds
};

/** CONNACK return codes that refuse the credentials (MQTT 3.1.1: bad user name or password, not authorized). */
export const REFUSED_CREDENTIALS = new Set([4, 5]);

/** Who the session connects as. `name`: the TV's name in chat when the server told it, else null. */
export interface SessionCredentials {
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  name: string | null;
}

/** Where the session's credentials come from (a fixed client id, or the device identity). */
export interface SessionIdentity {
  /** The credentials of the next CONNECT (asked before every connect and reconnect). */
  credentials(): SessionCredentials;
  /** Null when the first CONNECT may go now; else settles (never rejects) when it may. */
  ready(): Promise<void> | null;
  /** The connection came up or went down: a chance to fetch what is missing, in the background. */
  refresh(): void;
  /** The broker refused `used`: resolves true when there are other credentials to connect with now. */
  refused(used: SessionCredentials): Promise<boolean>;
}

/** A fixed client id (QA's `?clientId=`, tests), with the viewer token where the broker wants one. */
export function fixedIdentity(clientId: string, password?: string | null): SessionIdentity {
  const credentials: SessionCredentials = { clientId, ...(password ? { username: 'viewer', password } : {}), name: null };
  return { credentials: () => credentials, ready: () => null, refresh: () => {}, refused: async () => false };
}

/** The mqtt.js options of a viewer's session: MQTT 3.1.1, clean, the credentials given (viewer token or device). */
export function viewerConnectOptions(o: {
  clientId: string;
  username?: string | null | undefined;
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
    ...(o.password ? { username: o.username ?? 'viewer', password: o.password } : {}),
  };
}

/** One user of the session: the topics it follows now, and what it does with their messages. */
export interface SessionUser {
  topics(): string[];
  message(topic: string, payload: Uint8Array): void;
  connection?(up: boolean): void;
}

export type BrokerSessionOptions = {
  url: string;
  connect: MqttConnect;
  /** The will of a connection with this client id (none by default). */
  will?: (clientId: string) => SessionWill;
} & (
  | { identity: SessionIdentity }
  | {
      clientId: string;
      /** Viewer token, when the broker wants one. */
      password?: string | null;
    }
);

export class BrokerSession {
  private client: MqttClientLike | null = null;
  private readonly users = new Set<SessionUser>();
  private reconnectMs = SESSION_DEFAULTS.minReconnectMs;
  private readonly identity: SessionIdentity;
  private started = false;
  /** The credentials of the current (or last) CONNECT. */
  private used: SessionCredentials | null = null;

  constructor(private readonly opt: BrokerSessionOptions) {
    this.identity = 'identity' in opt ? opt.identity : fixedIdentity(opt.clientId, opt.password);
  }

  /** The client id connected with (or to connect with next): topics of this TV (time/res) use it. */
  get clientId(): string {
    return (this.used ?? this.identity.credentials()).clientId;
  }

  /** This TV's name in chat, when the server told it; null otherwise. */
  get chatName(): string | null {
    return (this.used ?? this.identity.credentials()).name;
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

  /** Connects (once; later calls do nothing), as soon as the identity is ready (a kept one: now). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const ready = this.identity.ready();
    if (ready === null) this.open();
    else void ready.then(() => this.started && !this.client && this.open());
  }

  private open(): void {
    const creds = this.identity.credentials();
    this.used = creds;
    const will = this.opt.will;
    const client = this.opt.connect(this.opt.url, {
      ...viewerConnectOptions({ ...SESSION_DEFAULTS, ...creds, reconnectMs: this.reconnectMs }),
      ...(will ? { will: will(creds.clientId) } : {}),
    });
    this.client = client;
    client.on('reconnect', () => {
      // mqtt.js sends the CONNECT from its options right after this event: the identity may have changed.
      const next = this.identity.credentials();
      this.used = next;
      client.options.clientId = next.clientId;
      client.options.username = next.password ? (next.username ?? 'viewer') : undefined;
      client.options.password = next.password;
      if (will) client.options.will = will(next.clientId);
    });
    client.on('connect', () => {
      this.identity.refresh();
      this.reconnectMs = SESSION_DEFAULTS.minReconnectMs;
      client.options.reconnectPeriod = this.reconnectMs;
      const topics = [...this.users].flatMap((u) => u.topics());
      if (topics.length > 0) client.subscribe(topics, { qos: 0 });
      for (const u of this.users) u.connection?.(true);
    });
    client.on('offline', () => {
      this.identity.refresh();
      this.reconnectMs = Math.min(SESSION_DEFAULTS.maxReconnectMs, this.reconnectMs * 2);
      client.options.reconnectPeriod = this.reconnectMs;
      for (const u of this.users) u.connection?.(false);
    });
    client.on('error', (err) => {
      // Reported through 'offline'; the client keeps reconnecting, except after a CONNACK refusal
      // (mqtt.js stops there): refused credentials go back to the identity, then a new connection.
      if (typeof err.code !== 'number' || !REFUSED_CREDENTIALS.has(err.code)) return;
      const used = this.used;
      if (!used) return;
      void this.identity.refused(used).then((again) => {
        if (!again || this.client !== client) return;
        client.end(true);
        this.client = null;
        this.open();
      });
    });
    client.on('message', (topic, payload) => {
      for (const u of this.users) u.message(topic, payload);
    });
  }

  stop(): void {
    this.started = false;
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
