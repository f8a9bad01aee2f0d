// The access policy, injected into Aedes as hooks. Deny by default:
// - a client id shaped like a device id ("d" + 24 hex, alone or with "-" and a hex tab suffix) is that
//   device's: admitted only with username = the device id and password = its token (POST /v1/devices),
//   so nobody takes over a TV's connection by reusing its client id (MQTT would disconnect the first);
//   a refused device connect gets CONNACK 4 and one info line SS_MQTT_DEVICE_REFUSED;
// - other viewers connect anonymously with their own clientId (or with the viewer token where configured),
//   with a clean session only: nothing a viewer needs outlives its connection (it subscribes again on
//   every connect), so a persistent session (clean=false) is refused at CONNECT (return code 2) rather
//   than kept without expiry and half-served (the beacon's fast path learns subscriptions from SUBSCRIBE);
// - viewer CONNECTs are admitted at a paced rate (connect-pacer.ts): a storm waits its turn;
// - server publishers authenticate with serverUsername/serverPassword and may publish anything
//   under the protocol prefix;
// - viewers publish only what the dispatcher accepts, within the payload limit and the flood
//   guard, never retained; breaking a rule disconnects that client alone;
// - viewers subscribe only to public topics and their own time/res, of channels that exist (a `+`
//   level covers them all), at most `maxSubscriptions` filters at a time; a refused filter gets a
//   SUBACK failure and costs the broker nothing (no retained scan), and only the first refusal of a
//   client is logged at info (the rest at debug: a client asking for 20,000 made-up channels is one line).
import { timingSafeEqual } from 'node:crypto';
import type { AedesOptions, AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import { TOPIC_PREFIX, Topics, isValidClientId, parseTopic } from '#core/protocol.js';
import type { BrokerContext } from './context.js';
import { dispatchViewerPublish } from './dispatcher.js';
import type { ConnectPacer } from './connect-pacer.js';
import { TokenBucket } from './rate-limit.js';
import { deviceClaim, type DeviceIdentity } from '../services/devices/device-identity.js';

export interface PolicyOptions {
  serverUsername: string;
  serverPassword: string;
  viewerToken: string | null;
  /** Checks the tokens of device client ids. */
  devices: DeviceIdentity;
  floodRatePerSecond: number;
  floodBurst: number;
  /** Filters one viewer may hold at a time. */
  maxSubscriptions: number;
  /** Paces viewer CONNECTs (server publishers are not paced); none: every CONNECT goes on at once. */
  pacer?: ConnectPacer;
}

export class PolicyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

function authError(message: string, returnCode: AuthenticateError['returnCode']): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

function sameSecret(a: Buffer, b: string): boolean {
  const bb = Buffer.from(b, 'utf8');
  return a.length === bb.length && timingSafeEqual(a, bb);
}

const VIEWER_CHANNEL_LEAVES = new Set(['now', 'chat', 'reactions', 'viewers']);

/** Whether a viewer may subscribe to this filter (wildcards only in the channel id level). */
export function viewerMaySubscribe(clientId: string, filter: string): boolean {
  if (filter === Topics.time || filter === Topics.lineup || filter === Topics.controlSync) return true;
  if (filter === Topics.timeResponse(clientId)) return true;
  if (!filter.startsWith(`${TOPIC_PREFIX}channels/`)) return false;
  const parts = filter.slice(TOPIC_PREFIX.length).split('/');
  if (parts.length !== 3) return false;
  const [, id, leaf] = parts;
  if (leaf === undefined || !VIEWER_CHANNEL_LEAVES.has(leaf) || id === undefined) return false;
  return id === '+' || parseTopic(filter)?.channelId === id;
}

export interface Policy {
  hooks: Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;
  isServer(client: Client): boolean;
  /** A client dropped a filter (the broker's `unsubscribe` event): it no longer counts. */
  unsubscribed(client: Client, filter: string): void;
}

/** The channel id a viewer filter names (`+` for every channel), or null for a topic of no channel. */
function filterChannel(filter: string): string | null {
  if (!filter.startsWith(`${TOPIC_PREFIX}channels/`)) return null;
  return filter.slice(TOPIC_PREFIX.length).split('/')[1] ?? null;
}

export function createPolicy(ctx: BrokerContext, options: PolicyOptions): Policy {
  const servers = new WeakSet<Client>();
  const buckets = new WeakMap<Client, TokenBucket>();
  const granted = new WeakMap<Client, Set<string>>();
  const refusedOnce = new WeakSet<Client>();

  const preConnect: NonNullable<AedesOptions['preConnect']> = (client, packet, done) => {
    const pacer = options.pacer;
    if (!pacer || packet.username === options.serverUsername) return done(null, true);
    pacer.admit((admitted) => {
      if (admitted && !client.closed) return done(null, true);
      if (!admitted) ctx.logger.debug({ clientId: packet.clientId, code: 'SS_MQTT_CONNECT_REFUSED' }, 'connection refused: too many waiting to connect');
      done(new PolicyError('SS_MQTT_CONNECT_REFUSED', 'too many connections waiting'), false);
    });
  };

  const authenticate: NonNullable<AedesOptions['authenticate']> = (client, username, password, done) => {
    if (!isValidClientId(client.id)) {
      return done(authError('client id not acceptable', 2), false);
    }
    if (username === options.serverUsername) {
      if (password && sameSecret(password, options.serverPassword)) {
        servers.add(client);
        return done(null, true);
      }
      return done(authError('bad server credentials', 4), false);
    }
    const claim = deviceClaim(client.id);
    if (claim.kind !== 'none') {
      const deviceId = claim.kind === 'device' ? claim.deviceId : null;
      if (deviceId === null || username !== deviceId || !password || !options.devices.verify(deviceId, password)) {
        const reason = deviceId === null ? 'malformed device client id' : username !== deviceId ? 'username is not the device id' : 'bad device token';
        ctx.logger.info({ clientId: client.id.slice(0, 128), code: 'SS_MQTT_DEVICE_REFUSED', reason }, 'device connection refused');
        return done(authError('bad device credentials', 4), false);
      }
    }
    if (client.clean === false) {
      ctx.logger.info({ clientId: client.id, code: 'SS_MQTT_SESSION_REFUSED' }, 'persistent session refused: viewers connect with clean=true');
      return done(authError('viewers connect with a clean session', 2), false);
    }
    // A device proved itself with its token; an anonymous viewer brings the viewer token where one is set.
    if (claim.kind === 'none' && options.viewerToken !== null && !(password && sameSecret(password, options.viewerToken))) {
      return done(authError('a viewer token is required', 4), false);
    }
    ctx.senders.admit(client, claim.kind === 'device' ? claim.deviceId : null);
    buckets.set(client, new TokenBucket(options.floodRatePerSecond, options.floodBurst, ctx.clock()));
    return done(null, true);
  };

  const authorizePublish: NonNullable<AedesOptions['authorizePublish']> = (client: Client | null, packet: PublishPacket, done) => {
    const t1 = ctx.clock(); // as early as the broker lets us see the packet
    if (client === null) return done(null); // the broker's own services
    if (servers.has(client)) {
      return done(packet.topic.startsWith(TOPIC_PREFIX) ? null : new PolicyError('SS_MQTT_TOPIC_FORBIDDEN', 'outside the protocol prefix'));
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const reject = (code: string, message: string) => {
      ctx.logger.warn({ clientId: client.id, code, topic: packet.topic.slice(0, 200) }, 'viewer disconnected');
      done(new PolicyError(code, message));
    };
    if (payload.length > ctx.maxPayloadBytes) return reject('SS_MQTT_PAYLOAD_TOO_LARGE', 'payload too large');
    if (packet.retain) return reject('SS_MQTT_RETAIN_FORBIDDEN', 'viewers may not retain');
    if (!buckets.get(client)?.take(t1)) return reject('SS_MQTT_FLOOD', 'too many messages');
    const verdict = dispatchViewerPublish(ctx, client, packet.topic, payload, t1);
    if (verdict.kind === 'refuse') return reject(verdict.code, 'publish refused');
    return done(null);
  };

  const authorizeSubscribe: NonNullable<AedesOptions['authorizeSubscribe']> = (client, sub: Subscription, done) => {
    if (servers.has(client)) return done(null, sub);
    const mine = granted.get(client) ?? new Set<string>();
    const channel = filterChannel(sub.topic);
    const code = !viewerMaySubscribe(client.id, sub.topic)
      ? 'SS_MQTT_SUBSCRIBE_REFUSED'
      : channel !== null && channel !== '+' && !ctx.channelExists(channel)
        ? 'SS_MQTT_UNKNOWN_CHANNEL'
        : mine.size >= options.maxSubscriptions && !mine.has(sub.topic)
          ? 'SS_MQTT_TOO_MANY_SUBSCRIPTIONS'
          : null;
    if (code === null) {
      mine.add(sub.topic);
      granted.set(client, mine);
      return done(null, { ...sub, qos: 0 });
    }
    const fields = { clientId: client.id, code, topic: sub.topic.slice(0, 200) };
    if (refusedOnce.has(client)) ctx.logger.debug(fields, 'subscription refused');
    else ctx.logger.info(fields, 'subscription refused (further refusals of this client at debug)');
    refusedOnce.add(client);
    return done(null, null); // SUBACK failure (0x80) for this filter; the client stays connected
  };

  return {
    hooks: { preConnect, authenticate, authorizePublish, authorizeSubscribe },
    isServer: (c) => servers.has(c),
    unsubscribed: (c, filter) => void granted.get(c)?.delete(filter),
  };
}
