// Fixture builders for lineup documents. Every call returns a fresh, valid document (unique ids and
// channel numbers); pass overrides for what a test cares about.
import type { Asset, Channel, Program } from '../../src/contracts/lineup.js';
import type { Job } from '../../src/contracts/jobs.js';
import type { ChatMessage } from '../../src/contracts/chat.js';
import type { Collection, Override, ProgrammingVersion } from '../../src/contracts/programming.js';

/** A fixed instant tests build times from: 2026-01-01T00:00:00Z, epoch ms. */
export const T0 = Date.UTC(2026, 0, 1);
export const MINUTE = 60_000; // milliseconds
export const HOUR = 60 * MINUTE; // milliseconds

let counter = 0;
function next(): number {
  counter += 1;
  return counter;
}

export function makeChannel(overrides: Partial<Channel> = {}): Channel {
  const n = next();
  return {
    id: `ch-${n}`,
    number: ((n - 1) % 9999) + 1,
    name: `Channel ${n}`,
    logoUrl: null,
    group: 'General',
    enabled: true,
    startOver: true,
    loop: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A program of 30 minutes from T0 unless overridden; endMs follows startMs unless given. */
export function makeProgram(overrides: Partial<Program> & { durationMs?: number } = {}): Program {
  const n = next();
  const { durationMs = 30 * MINUTE, ...rest } = overrides;
  const startMs = rest.startMs ?? T0;
  return {
    id: `prog-${n}`,
    channelId: 'ch-default',
    assetId: `asset-${n}`,
    title: `Program ${n}`,
    startMs,
    endMs: startMs + durationMs,
    inMs: 0,
    ...rest,
  };
}

/** `count` back-to-back programs of `durationMs` on `channelId`, the first starting at `startMs`. */
export function makeSchedule(
  channelId: string,
  { startMs = T0, count = 3, durationMs = 30 * MINUTE }: { startMs?: number; count?: number; durationMs?: number } = {},
): Program[] {
  return Array.from({ length: count }, (_, i) =>
    makeProgram({ channelId, startMs: startMs + i * durationMs, durationMs }),
  );
}

export function makeAsset(overrides: Partial<Asset> = {}): Asset {
  const n = next();
  const id = overrides.id ?? `asset-${n}`;
  return {
    id,
    title: `Asset ${n}`,
    description: '',
    durationMs: 30 * MINUTE,
    renditions: [{ name: '360p', width: 640, height: 360, bandwidth: 800_000, codecs: 'avc1.4d401e', frameRate: 30 }],
    dashUrl: `/media/${id}/manifest.mpd`,
    hlsUrl: `/media/${id}/master.m3u8`,
    posterUrl: null,
    segmentSeconds: 2,
    status: 'ready',
    createdAt: T0 + n,
    updatedAt: T0 + n,
    ...overrides,
  };
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  const n = next();
  return {
    id: `job-${n}`,
    source: `source-${n}.mp4`,
    sourceBytes: 1000 + n,
    assetId: null,
    status: 'queued',
    attempts: 0,
    progress: 0,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: T0 + n,
    updatedAt: T0 + n,
    startedAt: null,
    finishedAt: null,
    command: null,
    error: null,
    stderrTail: null,
    ...overrides,
  };
}

export function makeChatMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  const n = next();
  return {
    id: `msg-${n}`,
    channelId: 'ch-default',
    from: `Viewer ${(n % 0x10000).toString(16).toUpperCase().padStart(4, '0')}`,
    text: `hello ${n}`,
    serverTimeMs: T0 + n,
    offsetMs: null,
    programId: null,
    ...overrides,
  };
}

export function makeCollection(overrides: Partial<Collection> = {}): Collection {
  const n = next();
  return { id: `col-${n}`, name: `Collection ${n}`, items: [`asset-${n}a`, `asset-${n}b`], createdAt: T0, updatedAt: T0, ...overrides };
}

/** Version 1 of a channel's programming, effective at T0 unless overridden. */
export function makeProgrammingVersion(overrides: Partial<ProgrammingVersion> & { channelId: string }): ProgrammingVersion {
  return {
    version: 1,
    effectiveFromMs: T0,
    rules: { timeZone: 'Europe/Berlin', slots: [{ days: ['mon', 'sat'], start: '06:00', collection: 'shows', order: 'random', weights: { a1: 3 } }], padTo: { minutes: 30, filler: 'promos' } },
    collections: { shows: ['a1', 'a2'], promos: ['p1'] },
    createdAt: T0,
    ...overrides,
  };
}

export function makeOverride(overrides: Partial<Override> & { channelId: string }): Override {
  const n = next();
  return { id: `ov-${n}`, startMs: T0 + n * HOUR, endMs: T0 + (n + 1) * HOUR, collection: null, items: ['a1'], order: 'sequential', createdAt: T0, ...overrides };
}
