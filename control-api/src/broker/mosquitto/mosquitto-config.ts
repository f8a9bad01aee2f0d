// The protocol's access policy as a Mosquitto 2.0 configuration: listeners for MQTT over TCP and over
// WebSockets, a deny-by-default ACL built from the one protocol module's topics, and a password file
// holding the service's credential. Pure: the caller passes the salt and writes the files.
//
// What Mosquitto enforces from our policy: viewers (anonymous) read only the public topics and their
// own time responses (`%c`), and write only time requests, chat posts and reactions under their own
// client id (so the service knows who posted); only the service's user writes server topics, so a forged now-playing, beacon, lineup
// or chat line never reaches a viewer; persistent sessions expire; payloads are size-bounded.
// What it cannot (no plugin): device tokens (a device connects anonymously), the per-client flood
// guard and subscription cap, connect pacing, refusing a viewer's retained publish, and the check
// that a channel exists. MOSQUITTO_LIMITS says which settings stand in for some of them.
import { pbkdf2Sync } from 'node:crypto';
import { TOPIC_PREFIX, Topics } from '#core/protocol.js';

export interface MosquittoConfigInput {
  /** Address the listeners bind (e.g. 0.0.0.0). */
  host: string;
  /** MQTT over TCP, for the service and IPTV apps. */
  tcpPort: number;
  /** MQTT over WebSockets, for the TV app. */
  wsPort: number;
  serviceUsername: string;
  servicePassword: string;
  /** The largest payload a viewer may send (bytes): the packet limit adds the header room. */
  maxPayloadBytes: number;
  /** Folder the files will be written to (absolute): the configuration names the others by it. */
  dir: string;
  /** MOSQUITTO_LIMITS.saltBytes random bytes for the password hash. */
  salt: Buffer;
  /** The user Mosquitto runs as once started by root (its default: `mosquitto`); it must read the files. */
  runAsUser?: string;
}

export interface MosquittoFiles {
  'mosquitto.conf': string;
  'streamsync.acl': string;
  passwords: string;
}

/** What the configuration sets in place of the policy's own guards. */
export const MOSQUITTO_LIMITS = {
  /** Room for the topic and MQTT 5 properties above the payload (bytes). */
  packetHeaderRoomBytes: 1024,
  /** A persistent session a client asked for is dropped after this long. */
  persistentClientExpiration: '1h',
  /** Messages queued for one slow client before more are dropped. */
  maxQueuedMessages: 100,
  /** PBKDF2-SHA512 rounds of the password hash (Mosquitto's `$7$` format). */
  passwordIterations: 101,
  /** Salt length Mosquitto 2.0 reads in a `$7$` line (bytes). */
  saltBytes: 12,
} as const;

/** One line of Mosquitto's password file: `user:$7$iterations$salt$hash`, base64 (PBKDF2-SHA512). */
export function mosquittoPasswordLine(username: string, password: string, salt: Buffer, iterations: number = MOSQUITTO_LIMITS.passwordIterations): string {
  if (username.includes(':') || /\s/.test(username)) throw new Error(`a Mosquitto user name may not hold ':' or spaces: "${username}"`);
  if (salt.length !== MOSQUITTO_LIMITS.saltBytes) throw new Error(`a Mosquitto password salt is ${MOSQUITTO_LIMITS.saltBytes} bytes, not ${salt.length}`);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `${username}:$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The ACL: viewers by `pattern` (every client, `%c` its client id), the service by its user. */
export function mosquittoAcl(serviceUsername: string): string {
  const anyChannel = '+';
  const viewerReads = [Topics.time, Topics.lineup, Topics.controlSync, Topics.channelNow(anyChannel), Topics.chat(anyChannel), Topics.reactions(anyChannel), Topics.viewers(anyChannel), Topics.timeResponse('%c')];
  const viewerWrites = [Topics.timeRequest('%c'), Topics.chatPost(anyChannel, '%c'), Topics.react(anyChannel, '%c'), Topics.presence('%c')];
  return [
    '# StreamSync TV: deny by default. Written by `npm run broker:config -- --mosquitto`; edit the source, not this file.',
    '# Every client (viewers connect anonymously): the public topics; its own time exchange, chat posts, reactions and presence (%c: its client id).',
    ...viewerReads.map((t) => `pattern read ${t}`),
    ...viewerWrites.map((t) => `pattern write ${t}`),
    '',
    '# The service: everything under the protocol prefix (time responses, now-playing, beacons, chat, reactions, counts).',
    `user ${serviceUsername}`,
    `topic readwrite ${TOPIC_PREFIX}#`,
    '',
  ].join('\n');
}

export function buildMosquittoConfig(input: MosquittoConfigInput): MosquittoFiles {
  const file = (name: keyof MosquittoFiles) => `${input.dir.replace(/\/+$/, '')}/${name}`;
  const conf = [
    '# StreamSync TV on Mosquitto 2.0. Written by `npm run broker:config -- --mosquitto`.',
    'per_listener_settings false',
    ...(input.runAsUser ? [`user ${input.runAsUser}`] : []),
    'allow_anonymous true',
    `password_file ${file('passwords')}`,
    `acl_file ${file('streamsync.acl')}`,
    'persistence false',
    `persistent_client_expiration ${MOSQUITTO_LIMITS.persistentClientExpiration}`,
    `max_packet_size ${input.maxPayloadBytes + MOSQUITTO_LIMITS.packetHeaderRoomBytes}`,
    `max_queued_messages ${MOSQUITTO_LIMITS.maxQueuedMessages}`,
    '',
    '# MQTT over TCP: the service, IPTV apps.',
    `listener ${input.tcpPort} ${input.host}`,
    'protocol mqtt',
    '',
    '# MQTT over WebSockets: TV apps (brokerUrl ws://host:port).',
    `listener ${input.wsPort} ${input.host}`,
    'protocol websockets',
    '',
  ].join('\n');
  return {
    'mosquitto.conf': conf,
    'streamsync.acl': mosquittoAcl(input.serviceUsername),
    passwords: `${mosquittoPasswordLine(input.serviceUsername, input.servicePassword, input.salt)}\n`,
  };
}
