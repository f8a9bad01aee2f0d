// The protocol's server side as a client of a standard MQTT broker or cluster (STREAMSYNC_BROKER_URL):
// no Aedes in this process. It answers time requests, takes chat posts and reactions, and publishes
// now-playing, the lineup, the beacon, chat, reaction bursts and control/sync through the broker.
// Several instances share the work through MQTT 5 shared subscriptions ($share/{group}/...): the
// broker hands each request to one of them. On an MQTT 3.1.1 broker (shareGroup null) every instance
// would receive every request and answer it, so run one instance there.
// The broker's ACL (npm run broker:config) holds each viewer to its own client id in the topics it
// writes, which is how this node knows who asked or posted.
// Viewer counts: such a broker does not say who subscribes, so each viewer keeps a retained
// `presence/{clientId}` naming the channel it watches (its will clears it when the connection drops).
// Every instance reads them all (a plain subscription: retained messages reach a new instance) and
// publishes the same counts.
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Topics, encode, parsePresence, parseTimeRequest, parseTopic, type ControlSync } from '#core/protocol.js';
import type { LineupStore } from '../../contracts/lineup-store.js';
import { silentLogger, type Logger } from '../../contracts/logger.js';
import { deviceClaim, type DeviceIdentity } from '../../services/devices/device-identity.js';
import { BROKER_DEFAULTS, type BrokerTuning } from '../defaults.js';
import { handleChatPost } from '../handlers/chat-post.js';
import { handleReact } from '../handlers/react.js';
import type { NowSource } from '../now-source.js';
import { createProtocolServices, type ProtocolServiceSettings } from '../protocol-services.js';
import type { Publisher } from '../publisher.js';
import { describeSender, type Sender } from '../senders.js';
import { BACKGROUND_TIMERS, type Timers } from '../timers.js';
import { ViewerCounts } from '../viewer-counts.js';

export const SERVICE_NODE_DEFAULTS = {
  /** The shared-subscription group every instance joins. */
  shareGroup: 'streamsync',
  /** Wait before reconnecting to the broker (ms). */
  reconnectPeriodMs: 1000,
  /** Give up a connection attempt after (ms). */
  connectTimeoutMs: 10_000,
} as const;

export interface ServiceNodeSettings extends ProtocolServiceSettings {
  mqtt: { maxPayloadBytes: number; serverUsername: string; serverPassword: string | null };
}

export interface ServiceNodeOptions {
  /** The broker, e.g. mqtt://broker:1883. */
  url: string;
  settings: ServiceNodeSettings;
  now: NowSource | null;
  store: Pick<LineupStore, 'appendChat'> | null;
  /** Chat names of device client ids (the broker cannot check device tokens: see the README). */
  devices: DeviceIdentity;
  clock: () => number;
  timers?: Timers;
  tuning?: Partial<BrokerTuning>;
  logger?: Logger;
  /** Publish the beacon from this instance (default: yes; one instance of a deployment is enough). */
  beacon?: boolean;
  /** Shared-subscription group; null: plain subscriptions (an MQTT 3.1.1 broker; one instance only). */
  shareGroup?: string | null;
  /** The MQTT client factory (default: mqtt.js). */
  connect?: (url: string, options: IClientOptions) => MqttClient;
}

export interface ServiceNode {
  publish: Publisher['publish'];
  publishSync(channelId?: string): void;
  refreshNow(): Promise<void>;
  /** Viewers of a channel, from their presence. */
  viewerCount(channelId: string): number;
  close(): Promise<void>;
}

export class ServiceNodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceNodeError';
  }
}

/** Who posted, from the client id the broker's ACL held the topic to (no source address reaches us). */
function senderOf(devices: DeviceIdentity, clientId: string): Sender {
  const claim = deviceClaim(clientId);
  return describeSender(devices, { deviceId: claim.kind === 'device' ? claim.deviceId : null, clientId, address: null });
}

/** Connects to the broker and serves the protocol through it; resolves once subscribed. */
export async function createServiceNode(options: ServiceNodeOptions): Promise<ServiceNode> {
  const { settings, clock } = options;
  const password = settings.mqtt.serverPassword;
  if (password === null) {
    throw new ServiceNodeError('SS_BROKER_PASSWORD_REQUIRED', "a standard broker needs the service's password: set STREAMSYNC_MQTT_PASSWORD (npm run broker:config wrote it)");
  }
  const logger = options.logger ?? silentLogger();
  const timers = options.timers ?? BACKGROUND_TIMERS;
  const tuning: BrokerTuning = { ...BROKER_DEFAULTS, ...options.tuning };
  const group = options.shareGroup === undefined ? SERVICE_NODE_DEFAULTS.shareGroup : options.shareGroup;
  const shared = (filter: string) => (group === null ? filter : `$share/${group}/${filter}`);
  const connect = options.connect ?? mqtt.connect;
  const client = connect(options.url, {
    clientId: `streamsync-service-${randomBytes(6).toString('hex')}`,
    username: settings.mqtt.serverUsername,
    password,
    protocolVersion: group === null ? 4 : 5,
    clean: true,
    reconnectPeriod: SERVICE_NODE_DEFAULTS.reconnectPeriodMs,
    connectTimeout: SERVICE_NODE_DEFAULTS.connectTimeoutMs,
  });

  const publisher: Publisher = {
    publish(topic, payload, opts = {}) {
      client.publish(topic, payload === null ? '' : JSON.stringify(payload), { qos: 0, retain: opts.retain ?? false }, (err) => {
        if (err) logger.warn({ code: 'SS_BROKER_PUBLISH_FAILED', topic, err }, 'publish failed');
      });
    },
  };
  const services = createProtocolServices({ settings, publisher, now: options.now, store: options.store, clock, timers, tuning, logger, ...(options.beacon !== undefined ? { beacon: options.beacon } : {}) });
  const ctx = { maxPayloadBytes: settings.mqtt.maxPayloadBytes, chat: services.chat, reactions: services.reactions };
  const viewers = new ViewerCounts({ publisher, clock, timers, intervalMs: tuning.viewerCountIntervalMs });

  /** A viewer's presence: the channel it watches now (an empty payload, or an unknown channel: none). */
  const presence = (clientId: string, payload: Buffer) => {
    viewers.disconnected(clientId);
    if (payload.length === 0) return;
    const p = parsePresence(payload, settings.mqtt.maxPayloadBytes);
    if (p.ok && p.value.channelId !== null && services.channelExists(p.value.channelId)) viewers.subscribed(clientId, Topics.channelNow(p.value.channelId));
  };

  client.on('message', (topic, payload, packet) => {
    const t1 = clock(); // as the request arrives here
    const parsed = parseTopic(topic);
    const from = parsed?.clientId;
    if (!parsed || from === undefined) return;
    if (parsed.kind === 'presence') return presence(from, payload);
    if (packet.retain) return; // a viewer cannot retain on our broker; on this one, a leftover is no request
    if (parsed.kind === 'timeRequest') {
      const req = parseTimeRequest(payload, settings.mqtt.maxPayloadBytes);
      if (!req.ok) return;
      client.publish(Topics.timeResponse(from), encode({ v: 1, t0: req.value.t0, t1, t2: clock() }), { qos: 0 });
      return;
    }
    if ((parsed.kind === 'chatPost' || parsed.kind === 'react') && parsed.channelId !== undefined && services.channelExists(parsed.channelId)) {
      const verdict = (parsed.kind === 'chatPost' ? handleChatPost : handleReact)(ctx, senderOf(options.devices, from), parsed.channelId, payload);
      if (verdict.kind !== 'accept') logger.debug({ clientId: from, code: verdict.code, topic }, 'viewer message not taken');
    }
  });
  client.on('error', (err) => logger.warn({ code: 'SS_BROKER_CLIENT_ERROR', err }, 'broker connection error'));

  const filters = [...[Topics.timeRequest('+'), Topics.chatPost('+', '+'), Topics.react('+', '+')].map(shared), Topics.presence('+')];
  const subscribe = () =>
    client.subscribeAsync(filters, { qos: 0 }).then((granted) => {
      const refused = granted.filter((g) => g.qos > 2).map((g) => g.topic);
      if (refused.length > 0) throw new ServiceNodeError('SS_BROKER_SUBSCRIBE_REFUSED', `the broker refused the service's subscriptions: ${refused.join(', ')}`);
    });
  // Clean sessions: subscribe on every connect, the first and each reconnect.
  let subscribed: Promise<void> = Promise.resolve();
  client.on('connect', () => {
    viewers.clear(); // presences come again, retained, with the subscription (a will sent meanwhile cleared its own)
    subscribed = subscribe();
    subscribed.catch((err: unknown) => logger.error({ code: 'SS_BROKER_SUBSCRIBE_REFUSED', err }, 'service subscriptions failed'));
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      client.end(true);
      reject(new ServiceNodeError('SS_BROKER_UNREACHABLE', `cannot connect to the broker at ${options.url}: ${err.message}`));
    };
    client.once('error', fail);
    client.once('connect', () => {
      client.off('error', fail);
      resolve();
    });
  });
  await subscribed;
  await services.start();
  logger.info({ url: options.url, shareGroup: group }, `serving the protocol through the broker at ${options.url}`);

  return {
    publish: publisher.publish,
    publishSync: (channelId) => {
      const payload: ControlSync = { v: 1, serverTimeMs: Math.round(clock()), channelId: channelId ?? null };
      publisher.publish(Topics.controlSync, payload);
    },
    refreshNow: () => services.now?.refreshAll() ?? Promise.resolve(),
    viewerCount: (channelId) => viewers.count(channelId),
    close: async () => {
      viewers.stop();
      services.stop();
      await client.endAsync();
    },
  };
}
