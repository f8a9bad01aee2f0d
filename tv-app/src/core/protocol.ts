// The StreamSync TV wire protocol: MQTT topic names (prefix `ss/v1/`), payload types and their
// validators. The one place both the server and the TV app take them from. Pure TypeScript: no Node,
// no DOM, no runtime dependencies (the browser bundle imports it; the wire shapes come in as types).
//
// Every payload is a small JSON object with a version field `v`. Parsers never throw: they return
// `{ ok: true, value }` or `{ ok: false, error: { code, message } }`.
import type { ChannelNow } from './wire.js';
import { isRating } from './rating.js';

export const PROTOCOL_VERSION = 1;
export const TOPIC_PREFIX = 'ss/v1/';

/** Size limits, in bytes or characters as named. */
export const LIMITS = {
  /** Largest payload a viewer may publish, bytes (the server may configure less). */
  maxViewerPayloadBytes: 4096, // bytes
  /** Longest channel id in a topic, characters. */
  maxChannelIdLength: 64, // characters
  /** Longest MQTT client id accepted, characters. */
  maxClientIdLength: 128, // characters
  /** Longest reaction id, characters. */
  maxReactionIdLength: 16, // characters
  /** Longest chat text accepted before sanitizing, characters (the server may configure less). */
  maxChatTextLength: 1000, // characters
} as const;

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const CLIENT_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;

export function isValidChannelId(id: string): boolean {
  return ID_RE.test(id);
}

/** Client ids usable in topics: no MQTT wildcards or level separators. */
export function isValidClientId(id: string): boolean {
  return CLIENT_ID_RE.test(id);
}

// ---------------------------------------------------------------------------------------- topics

export const Topics = {
  /** Beacon, every `time.beaconIntervalMs` (15 s), server -> all: a check on the clock, not the clock. */
  time: `${TOPIC_PREFIX}time`,
  timeRequest: (clientId: string) => `${TOPIC_PREFIX}time/req/${clientId}`,
  timeResponse: (clientId: string) => `${TOPIC_PREFIX}time/res/${clientId}`,
  /** Retained lineup version. */
  lineup: `${TOPIC_PREFIX}lineup`,
  /** Retained current + next program of a channel. */
  channelNow: (channelId: string) => `${TOPIC_PREFIX}channels/${channelId}/now`,
  /** A viewer's chat post; with its client id (what a standard broker's ACL can hold it to: `%c`) or without (this server's broker knows the sender). */
  chatPost: (channelId: string, clientId?: string) => `${TOPIC_PREFIX}channels/${channelId}/chat/post${clientId === undefined ? '' : `/${clientId}`}`,
  chat: (channelId: string) => `${TOPIC_PREFIX}channels/${channelId}/chat`,
  /** A viewer's reaction; with or without its client id, as chatPost. */
  react: (channelId: string, clientId?: string) => `${TOPIC_PREFIX}channels/${channelId}/react${clientId === undefined ? '' : `/${clientId}`}`,
  reactions: (channelId: string) => `${TOPIC_PREFIX}channels/${channelId}/reactions`,
  /** Retained viewer count of a channel. */
  viewers: (channelId: string) => `${TOPIC_PREFIX}channels/${channelId}/viewers`,
  controlSync: `${TOPIC_PREFIX}control/sync`,
  /** Retained viewer counts of one broker node of a cluster (server -> server; one service sums them into `viewers`). */
  nodeViewers: (nodeId: string) => `${TOPIC_PREFIX}nodes/${nodeId}/viewers`,
  /**
   * Retained, viewer -> server, on a standard broker only: the channel this viewer watches (the service
   * counts viewers from it, as the built-in broker counts subscriptions). An empty payload (the
   * viewer's will, or its goodbye) says it is gone.
   */
  presence: (clientId: string) => `${TOPIC_PREFIX}presence/${clientId}`,
} as const;

/** Every kind of topic the protocol knows. */
export type TopicKind =
  | 'time'
  | 'timeRequest'
  | 'timeResponse'
  | 'lineup'
  | 'channelNow'
  | 'chatPost'
  | 'chat'
  | 'react'
  | 'reactions'
  | 'viewers'
  | 'controlSync'
  | 'nodeViewers'
  | 'presence';

export interface ParsedTopic {
  kind: TopicKind;
  /** Channel id for channel topics. */
  channelId?: string;
  /** Client id for time/req, time/res and presence, and for chat posts and reactions that name their sender. */
  clientId?: string;
  /** Broker node id for nodes/{id}/viewers. */
  nodeId?: string;
}

const CHANNEL_LEAVES: Record<string, TopicKind> = {
  now: 'channelNow',
  chat: 'chat',
  react: 'react',
  reactions: 'reactions',
  viewers: 'viewers',
};

/** Classifies a concrete topic (no wildcards). Returns null for anything outside the protocol. */
export function parseTopic(topic: string): ParsedTopic | null {
  if (!topic.startsWith(TOPIC_PREFIX)) return null;
  const parts = topic.slice(TOPIC_PREFIX.length).split('/');
  const [a, b, c, d, e] = parts;
  if (parts.length === 1) {
    if (a === 'time') return { kind: 'time' };
    if (a === 'lineup') return { kind: 'lineup' };
    return null;
  }
  if (a === 'time' && parts.length === 3 && c !== undefined && isValidClientId(c)) {
    if (b === 'req') return { kind: 'timeRequest', clientId: c };
    if (b === 'res') return { kind: 'timeResponse', clientId: c };
    return null;
  }
  if (a === 'control' && b === 'sync' && parts.length === 2) return { kind: 'controlSync' };
  if (a === 'presence' && parts.length === 2 && b !== undefined && isValidClientId(b)) return { kind: 'presence', clientId: b };
  if (a === 'nodes' && parts.length === 3 && c === 'viewers' && b !== undefined && isValidClientId(b)) return { kind: 'nodeViewers', nodeId: b };
  if (a === 'channels' && b !== undefined && isValidChannelId(b)) {
    if (parts.length === 3 && c !== undefined) {
      const kind = CHANNEL_LEAVES[c];
      return kind ? { kind, channelId: b } : null;
    }
    if (parts.length === 4 && c === 'chat' && d === 'post') return { kind: 'chatPost', channelId: b };
    if (parts.length === 5 && c === 'chat' && d === 'post' && e !== undefined && isValidClientId(e)) return { kind: 'chatPost', channelId: b, clientId: e };
    if (parts.length === 4 && c === 'react' && d !== undefined && isValidClientId(d)) return { kind: 'react', channelId: b, clientId: d };
  }
  return null;
}

// -------------------------------------------------------------------------------------- payloads

export interface TimeBeacon {
  v: 1;
  serverTimeMs: number;
  /** Increments by one per beacon; a gap means beacons were missed. */
  seq: number;
  lineupVersion: number;
}

export interface TimeRequest {
  v: 1;
  /** Client clock when the request was sent, ms. */
  t0: number;
}

export interface TimeResponse {
  v: 1;
  t0: number;
  /** Server clock when the request arrived, ms. */
  t1: number;
  /** Server clock when the reply left, ms. */
  t2: number;
}

export interface LineupVersion {
  v: 1;
  version: number;
}

/** The retained `channels/{id}/now` message: the REST reply's shape (#core/wire) with the protocol version. */
export type ChannelNowPayload = ChannelNow & { v: 1 };

export interface ChatPost {
  v: 1;
  text: string;
}

export interface ChatMessagePayload {
  v: 1;
  id: string;
  channelId: string;
  /** The sender's name as chat shows it ("Viewer 3FA2"), derived on the server; never a client id. */
  from: string;
  text: string;
  serverTimeMs: number;
  offsetMs: number | null;
  programId: string | null;
}

export interface ReactPost {
  v: 1;
  /** One of the configured reaction ids. */
  id: string;
}

export interface ReactionsPayload {
  v: 1;
  channelId: string;
  /** Start of the aggregation window, server ms. */
  windowStartMs: number;
  windowMs: number;
  /** Reaction id -> count in the window (ids with zero are left out). */
  counts: Record<string, number>;
}

export interface ViewersPayload {
  v: 1;
  channelId: string;
  count: number;
  serverTimeMs: number;
}

/** What a viewer watches (Topics.presence): a channel, or none (tuned to nothing yet). */
export interface PresencePayload {
  v: 1;
  channelId: string | null;
}

/** One broker node's viewers per channel (channels it has none on are left out). */
export interface NodeViewersPayload {
  v: 1;
  nodeId: string;
  counts: Record<string, number>;
  serverTimeMs: number;
}

export interface ControlSync {
  v: 1;
  serverTimeMs: number;
  /** Only this channel re-aligns; null means every client. */
  channelId: string | null;
}

// ---------------------------------------------------------------------------------------- errors

export type ProtocolErrorCode =
  | 'SS_PROTO_TOO_LARGE'
  | 'SS_PROTO_NOT_UTF8'
  | 'SS_PROTO_INVALID_JSON'
  | 'SS_PROTO_NOT_OBJECT'
  | 'SS_PROTO_BAD_VERSION'
  | 'SS_PROTO_BAD_FIELD';

export interface ProtocolError {
  code: ProtocolErrorCode;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

function fail<T>(code: ProtocolErrorCode, message: string): ParseResult<T> {
  return { ok: false, error: { code, message } };
}

type Obj = Record<string, unknown>;

/** Decodes bytes (or a string) into a JSON object carrying `v: 1`, enforcing a byte limit. */
export function decodeObject(payload: Uint8Array | string, maxBytes: number = LIMITS.maxViewerPayloadBytes): ParseResult<Obj> {
  let text: string;
  if (typeof payload === 'string') {
    if (payload.length > maxBytes) return fail('SS_PROTO_TOO_LARGE', `payload over ${maxBytes} bytes`);
    text = payload;
  } else {
    if (payload.byteLength > maxBytes) return fail('SS_PROTO_TOO_LARGE', `payload over ${maxBytes} bytes`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    } catch {
      return fail('SS_PROTO_NOT_UTF8', 'payload is not valid UTF-8');
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('SS_PROTO_INVALID_JSON', 'payload is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('SS_PROTO_NOT_OBJECT', 'payload must be a JSON object');
  const obj = raw as Obj;
  if (obj.v !== PROTOCOL_VERSION) return fail('SS_PROTO_BAD_VERSION', `expected v=${PROTOCOL_VERSION}`);
  return { ok: true, value: obj };
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isNullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';
const isNullableInt = (x: unknown): x is number | null => x === null || isInt(x);

function badField<T>(name: string, expected: string): ParseResult<T> {
  return fail('SS_PROTO_BAD_FIELD', `field "${name}" must be ${expected}`);
}

/** A field problem: [field name, what was expected], or null when the object is fine. */
type FieldProblem = readonly [string, string] | null;

/** Runs `decodeObject` then a field check, returning the typed value. */
function parseWith<T>(payload: Uint8Array | string, maxBytes: number | undefined, check: (o: Obj) => FieldProblem): ParseResult<T> {
  const decoded = decodeObject(payload, maxBytes);
  if (!decoded.ok) return decoded;
  const problem = check(decoded.value);
  if (problem !== null) return badField(problem[0], problem[1]);
  return { ok: true, value: decoded.value as unknown as T };
}

export function parseTimeRequest(payload: Uint8Array | string, maxBytes?: number): ParseResult<TimeRequest> {
  return parseWith(payload, maxBytes, (o) => (isFiniteNumber(o.t0) ? null : (['t0', 'a finite number'] as const)));
}

export function parseTimeResponse(payload: Uint8Array | string, maxBytes?: number): ParseResult<TimeResponse> {
  return parseWith(payload, maxBytes, (o) => {
    for (const k of ['t0', 't1', 't2']) if (!isFiniteNumber(o[k])) return [k, 'a finite number'] as const;
    return null;
  });
}

export function parseTimeBeacon(payload: Uint8Array | string, maxBytes?: number): ParseResult<TimeBeacon> {
  return parseWith(payload, maxBytes, (o) => {
    if (!isFiniteNumber(o.serverTimeMs)) return ['serverTimeMs', 'a finite number'] as const;
    if (!isInt(o.seq) || o.seq < 0) return ['seq', 'a non-negative integer'] as const;
    if (!isInt(o.lineupVersion)) return ['lineupVersion', 'an integer'] as const;
    return null;
  });
}

export function parseLineupVersion(payload: Uint8Array | string, maxBytes?: number): ParseResult<LineupVersion> {
  return parseWith(payload, maxBytes, (o) => (isInt(o.version) ? null : ['version', 'an integer'] as const));
}

const AIRING_KINDS: readonly string[] = ['program', 'filler', 'break', 'slate'];

function checkProgram(p: unknown, name: string): FieldProblem {
  if (p === null) return null;
  if (typeof p !== 'object' || Array.isArray(p)) return [name, 'an object or null'] as const;
  const o = p as Obj;
  for (const k of ['id', 'channelId', 'assetId', 'title', 'dashUrl', 'hlsUrl', 'start', 'end']) {
    if (typeof o[k] !== 'string') return [`${name}.${k}`, 'a string'] as const;
  }
  for (const k of ['startMs', 'endMs', 'inMs', 'outMs', 'part', 'parts']) if (!isInt(o[k])) return [`${name}.${k}`, 'an integer'] as const;
  if (!AIRING_KINDS.includes(o.kind as string)) return [`${name}.kind`, AIRING_KINDS.join(', ')] as const;
  if (!isNullableInt(o.resumesAtMs)) return [`${name}.resumesAtMs`, 'an integer or null'] as const;
  if (!isNullableString(o.posterUrl)) return [`${name}.posterUrl`, 'a string or null'];
  if (o.rating !== undefined && !isRating(o.rating)) return [`${name}.rating`, 'a rating {scheme, value} of its scheme'] as const;
  return null;
}

export function parseChannelNow(payload: Uint8Array | string, maxBytes = 65_536): ParseResult<ChannelNowPayload> {
  return parseWith(payload, maxBytes, (o) => {
    if (!isInt(o.serverTimeMs)) return ['serverTimeMs', 'an integer'] as const;
    const ch = o.channel;
    if (typeof ch !== 'object' || ch === null) return ['channel', 'an object'] as const;
    const c = ch as Obj;
    if (typeof c.id !== 'string' || !isInt(c.number) || typeof c.name !== 'string' || typeof c.group !== 'string' || !isNullableString(c.logoUrl)) {
      return ['channel', '{id, number, name, logoUrl, group}'] as const;
    }
    if (c.startOver !== undefined && typeof c.startOver !== 'boolean') return ['channel.startOver', 'a boolean'] as const;
    return checkProgram(o.current, 'current') ?? checkProgram(o.next, 'next') ?? checkProgram(o.program, 'program') ?? (isNullableInt(o.offsetMs) ? null : ['offsetMs', 'an integer or null'] as const);
  });
}

export function parseChatPost(payload: Uint8Array | string, maxBytes?: number): ParseResult<ChatPost> {
  return parseWith(payload, maxBytes, (o) => {
    if (typeof o.text !== 'string' || o.text.length === 0) return ['text', 'a non-empty string'] as const;
    if (o.text.length > LIMITS.maxChatTextLength) return ['text', `at most ${LIMITS.maxChatTextLength} characters`] as const;
    return null;
  });
}

export function parseChatMessage(payload: Uint8Array | string, maxBytes = 16_384): ParseResult<ChatMessagePayload> {
  return parseWith(payload, maxBytes, (o) => {
    for (const k of ['id', 'channelId', 'from', 'text']) if (typeof o[k] !== 'string') return [k, 'a string'] as const;
    if (!isInt(o.serverTimeMs)) return ['serverTimeMs', 'an integer'] as const;
    if (!isNullableInt(o.offsetMs)) return ['offsetMs', 'an integer or null'] as const;
    if (!isNullableString(o.programId)) return ['programId', 'a string or null'] as const;
    return null;
  });
}

export function parseReactPost(payload: Uint8Array | string, maxBytes?: number): ParseResult<ReactPost> {
  return parseWith(payload, maxBytes, (o) =>
    typeof o.id === 'string' && o.id.length > 0 && o.id.length <= LIMITS.maxReactionIdLength ? null : ['id', 'a reaction id'] as const,
  );
}

export function parseReactions(payload: Uint8Array | string, maxBytes = 16_384): ParseResult<ReactionsPayload> {
  return parseWith(payload, maxBytes, (o) => {
    if (typeof o.channelId !== 'string') return ['channelId', 'a string'] as const;
    if (!isInt(o.windowStartMs) || !isInt(o.windowMs)) return ['windowStartMs', 'an integer'] as const;
    const counts = o.counts;
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) return ['counts', 'an object'] as const;
    for (const n of Object.values(counts)) if (!isInt(n) || n < 0) return ['counts', 'non-negative integers'] as const;
    return null;
  });
}

export function parseViewers(payload: Uint8Array | string, maxBytes?: number): ParseResult<ViewersPayload> {
  return parseWith(payload, maxBytes, (o) => {
    if (typeof o.channelId !== 'string') return ['channelId', 'a string'] as const;
    if (!isInt(o.count) || o.count < 0) return ['count', 'a non-negative integer'] as const;
    return isInt(o.serverTimeMs) ? null : ['serverTimeMs', 'an integer'] as const;
  });
}

/** The will that clears a viewer's presence when its connection drops (an empty retained message). */
export function presenceWill(clientId: string): { topic: string; payload: string; qos: 0; retain: true } {
  return { topic: Topics.presence(clientId), payload: '', qos: 0, retain: true };
}

export function parsePresence(payload: Uint8Array | string, maxBytes?: number): ParseResult<PresencePayload> {
  return parseWith(payload, maxBytes, (o) => (o.channelId === null || (typeof o.channelId === 'string' && isValidChannelId(o.channelId)) ? null : ['channelId', 'a channel id or null'] as const));
}

export function parseNodeViewers(payload: Uint8Array | string, maxBytes?: number): ParseResult<NodeViewersPayload> {
  return parseWith(payload, maxBytes, (o) => {
    if (typeof o.nodeId !== 'string' || !isValidClientId(o.nodeId)) return ['nodeId', 'a node id'] as const;
    const counts = o.counts;
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) return ['counts', 'an object of channel id -> count'] as const;
    for (const [id, n] of Object.entries(counts as Obj)) if (!isValidChannelId(id) || !isInt(n) || n < 0) return ['counts', 'channel ids with non-negative integer counts'] as const;
    return isInt(o.serverTimeMs) ? null : ['serverTimeMs', 'an integer'] as const;
  });
}

export function parseControlSync(payload: Uint8Array | string, maxBytes?: number): ParseResult<ControlSync> {
  return parseWith(payload, maxBytes, (o) => {
    if (!isInt(o.serverTimeMs)) return ['serverTimeMs', 'an integer'] as const;
    return isNullableString(o.channelId) ? null : ['channelId', 'a string or null'] as const;
  });
}

/** Serializes a payload (the counterpart of the parsers). */
export function encode<T extends { v: 1 }>(payload: T): string {
  return JSON.stringify(payload);
}
