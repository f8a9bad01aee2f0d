// One broker node: Aedes with the policy hooks, the time service, retained now/lineup, chat,
// reactions and viewer counts. Listeners (TCP, WebSocket) attach to `handle`; buildApp embeds it
// and broker/standalone.ts runs it alone.
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Aedes, type Client } from 'aedes';
import { TOPIC_PREFIX, Topics, parseChatMessage, parseNodeViewers, type ControlSync } from '#core/protocol.js';
import type { LineupStore } from '../contracts/lineup-store.js';
import { silentLogger, type Logger } from '../contracts/logger.js';
import { checkAedesVersions, guardPacketSize, writeFrameDirect } from './aedes-internals.js';
import { ConnectPacer } from './connect-pacer.js';
import { CountSummer } from './count-summer.js';
import { logClientError } from './client-errors.js';
import type { BrokerContext } from './context.js';
import { BROKER_DEFAULTS, type BrokerTuning } from './defaults.js';
import { encodePublishFrame } from './mqtt-wire.js';
import { LocalFanout } from './local-fanout.js';
import type { NowSource } from './now-source.js';
import { createPolicy } from './policy.js';
import { createProtocolServices } from './protocol-services.js';
import { Senders } from './senders.js';
import { createDeviceIdentity, type DeviceIdentity } from '../services/devices/device-identity.js';
import type { Publisher } from './publisher.js';
import { createRedisBacking, type RedisBacking } from './redis-backing.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';
import { ViewerCounts } from './viewer-counts.js';

export interface BrokerNodeSettings {
  mqtt: { maxPayloadBytes: number; serverUsername: string; serverPassword: string | null; viewerToken: string | null; redisUrl: string | null };
  time: { beaconIntervalMs: number };
  chat: { maxLength: number; historySize: number; minIntervalMs: number };
  reactions: { ids: string[]; windowMs: number };
}

export interface BrokerNodeOptions {
  settings: BrokerNodeSettings;
  /** Lineup port; null on a relay-only node (no beacon, no now/lineup publishing). */
  now: NowSource | null;
  /** Chat history; null on a node without a store. */
  store: Pick<LineupStore, 'appendChat'> | null;
  /**
   * Device tokens to check (device client ids) and the names chat shows; the API's (POST /v1/devices)
   * in npm start. None: a secret of this node's own (only anonymous viewers get in: benches, tests).
   */
  devices?: DeviceIdentity;
  /** Server clock, epoch ms (fractions welcome). */
  clock: () => number;
  /** Timers of the beacon, boundaries, reaction windows and viewer counts (default: the system's, unref'd). */
  timers?: Timers;
  /** Publish the beacon from this node (default: when `now` is given). */
  beacon?: boolean;
  tuning?: Partial<BrokerTuning>;
  /** Warnings (publish, now publishing, chat history) and client events; default: nowhere. */
  logger?: Logger;
  /** Aedes broker id (stable ids help in a Redis cluster). */
  id?: string;
}

export interface BrokerNode {
  readonly aedes: Aedes;
  /** The server publisher password in force (generated at start when settings have none). */
  readonly serverPassword: string;
  handle(stream: Duplex, request?: IncomingMessage): void;
  /** Opens MQTT over TCP (Nagle off). Resolves with the bound port. */
  listenTcp(options: { host: string; port: number }): Promise<number>;
  publishSync(channelId?: string): void;
  publish: Publisher['publish'];
  /** Viewers of a channel: the cluster's total on the node that sums them (the one with the lineup), else this node's own. */
  viewerCount(channelId: string): number;
  /** Republishes retained lineup/now (also done on every lineup change). */
  refreshNow(): Promise<void>;
  close(): Promise<void>;
}

export async function createBrokerNode(options: BrokerNodeOptions): Promise<BrokerNode> {
  checkAedesVersions(); // the internals this node uses were tested with these versions only
  const { settings, clock } = options;
  const timers = options.timers ?? BACKGROUND_TIMERS;
  const tuning: BrokerTuning = { ...BROKER_DEFAULTS, ...options.tuning };
  const logger = options.logger ?? silentLogger();
  const devices = options.devices ?? createDeviceIdentity((await import('node:crypto')).randomBytes(32));
  const serverPassword = settings.mqtt.serverPassword ?? (await import('node:crypto')).randomBytes(24).toString('base64url');
  const backing: RedisBacking | null = settings.mqtt.redisUrl ? createRedisBacking(settings.mqtt.redisUrl) : null;

  let aedesRef: Aedes | null = null;
  // Single node: QoS 0 live messages go out through the local fast path (see local-fanout.ts).
  const fanout = backing ? null : new LocalFanout({ maxBufferedBytes: tuning.fanoutMaxBufferedBytes });
  const publisher: Publisher = {
    publish(topic, payload, opts = {}) {
      if (!aedesRef || aedesRef.closed) return;
      if (fanout && !opts.retain && payload !== null) {
        fanout.deliver(topic, JSON.stringify(payload));
        return;
      }
      aedesRef.publish(
        { cmd: 'publish', topic, payload: payload === null ? Buffer.alloc(0) : Buffer.from(JSON.stringify(payload)), qos: 0, retain: opts.retain ?? false, dup: false },
        (err) => {
          if (err) logger.warn({ code: 'SS_BROKER_PUBLISH_FAILED', topic, err }, 'publish failed');
        },
      );
    },
  };

  // A cluster (Redis): each node publishes its own counts, and the node with the lineup sums them.
  const nodeId = options.id ?? `node-${(await import('node:crypto')).randomBytes(6).toString('hex')}`;
  const viewers = new ViewerCounts({ publisher, clock, timers, intervalMs: tuning.viewerCountIntervalMs, ...(backing ? { node: { id: nodeId, refreshMs: tuning.nodeCountsRefreshMs } } : {}) });
  const summer = backing && options.now ? new CountSummer({ publisher, clock, timers, intervalMs: tuning.viewerCountIntervalMs, staleMs: tuning.nodeCountsStaleMs }) : null;
  const services = createProtocolServices({
    settings,
    publisher,
    now: options.now,
    store: options.store,
    clock,
    timers,
    tuning,
    logger,
    ...(options.beacon !== undefined ? { beacon: options.beacon } : {}),
    onChannelGone: (id) => {
      viewers.forget(id);
      summer?.forget(id);
    },
  });
  const { chat, reactions } = services;

  const ctx: BrokerContext = {
    clock,
    maxPayloadBytes: settings.mqtt.maxPayloadBytes,
    chat,
    reactions,
    // A relay-only node trusts any well-formed channel id (the lineup lives elsewhere).
    channelExists: services.channelExists,
    senders: new Senders(devices),
    // The frame is made (and t2 stamped) only once the socket is known writable, right before the write.
    replyDirect: (client: Client, topic: string, payload: () => string) => writeFrameDirect(client, () => encodePublishFrame(topic, payload())),
    logger,
  };
  const pacer = new ConnectPacer({ ratePerSecond: tuning.connectRatePerSecond, burst: tuning.connectBurst, maxWaiting: tuning.connectMaxWaiting, clock, timers });
  const policy = createPolicy(ctx, {
    serverUsername: settings.mqtt.serverUsername,
    serverPassword,
    viewerToken: settings.mqtt.viewerToken,
    devices,
    floodRatePerSecond: tuning.floodRatePerSecond,
    floodBurst: tuning.floodBurst,
    maxSubscriptions: tuning.maxSubscriptionsPerClient,
    pacer,
  });

  const aedes = await Aedes.createBroker({
    id: nodeId,
    ...(backing ? { mq: backing.mq, persistence: backing.persistence } : {}),
    ...policy.hooks,
  });
  aedesRef = aedes;
  aedes.on('subscribe', (subs, client) => {
    if (!client) return;
    for (const s of subs) {
      if ((s.qos as number) === 128) continue; // refused
      fanout?.subscribed(client, s.topic);
      if (!policy.isServer(client)) viewers.subscribed(client.id, s.topic);
    }
  });
  aedes.on('unsubscribe', (topics, client) => {
    if (!client) return;
    for (const t of topics) {
      policy.unsubscribed(client, t);
      fanout?.unsubscribed(client, t);
      viewers.unsubscribed(client.id, t);
    }
  });
  aedes.on('clientDisconnect', (client) => {
    fanout?.disconnected(client);
    viewers.disconnected(client.id);
  });
  aedes.on('clientError', (client, err) => logClientError(logger, err, { clientId: client.id, transport: 'mqtt' }));

  if (backing && options.store && settings.chat.historySize > 0) {
    // Several nodes: this node also keeps the chat that viewers posted through the other nodes.
    const store = options.store;
    const keep = settings.chat.historySize;
    await new Promise<void>((resolve) =>
      aedes.subscribe(
        `${TOPIC_PREFIX}channels/+/chat`,
        (packet, done) => {
          const message = packet.brokerId !== aedes.id ? parseChatMessage(packet.payload) : null;
          if (message?.ok) {
            const { v: _v, ...stored } = message.value;
            store.appendChat(stored, keep).catch((err: unknown) => logger.warn({ code: 'SS_BROKER_CHAT_WRITE_FAILED', err }, 'chat history write failed'));
          }
          done();
        },
        resolve,
      ),
    );
  }
  if (summer) {
    await new Promise<void>((resolve) =>
      aedes.subscribe(
        Topics.nodeViewers('+'),
        (packet, done) => {
          const counts = parseNodeViewers(packet.payload);
          if (counts.ok) summer.accept(counts.value);
          done();
        },
        resolve,
      ),
    );
    summer.start();
  }
  viewers.start();
  await services.start();

  const tcpServers: Server[] = [];
  const sockets = new Set<Socket>();

  return {
    aedes,
    serverPassword,
    handle: (stream, request) => {
      guardPacketSize(aedes.handle(stream, request), tuning.maxPacketBytes);
    },
    listenTcp: ({ host, port }) =>
      new Promise<number>((resolve, reject) => {
        const server = createServer({ noDelay: true }, (socket) => {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          guardPacketSize(aedes.handle(socket), tuning.maxPacketBytes);
        });
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          tcpServers.push(server);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    publishSync: (channelId) => {
      const payload: ControlSync = { v: 1, serverTimeMs: Math.round(clock()), channelId: channelId ?? null };
      publisher.publish(Topics.controlSync, payload);
    },
    publish: publisher.publish,
    viewerCount: (channelId) => (summer ? summer.total(channelId) : viewers.count(channelId)),
    refreshNow: () => services.now?.refreshAll() ?? Promise.resolve(),
    close: async () => {
      services.stop();
      viewers.stop();
      summer?.stop();
      pacer.stop();
      const serversClosed = Promise.all(tcpServers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await serversClosed;
      // Promise form: the callback form waits for a 'ready' event Aedes 1.x never triggers.
      if (backing) await Promise.resolve(backing.persistence.destroy()).catch(() => {});
    },
  };
}
