// The storage port. Two adapters implement it: the embedded store on disk (default) and MongoDB.
// Both pass the same contract suite (control-api/test/store/contract.ts).
//
// Rules every adapter keeps:
// - Values in and out are plain documents of the schema types; nothing from a caller is ever
//   interpreted as a query operator (ids are matched by equality only).
// - Channel numbers are unique: createChannel/updateChannel reject a clash with StoreConflictError.
// - Channels read back whole: a field added since a document was stored has its default (withChannelDefaults).
// - A value of the wrong kind (an object where an id is expected) is rejected with StoreInputError.
// - Any call after close() fails: StoreClosedError from the embedded store, the driver's error from MongoDB.
// - replacePrograms is atomic: readers and a restart see the window either as before or as after.
// - Every mutation of channels, programs or programming bumps the lineup version.
import type { Asset, Channel, FilledChannel, Program } from './lineup.js';
import type { Job } from './jobs.js';
import type { ChatMessage } from './chat.js';
import type { Collection, Override, ProgrammingVersion } from './programming.js';

/** A unique field (a channel's number, an id) is already taken; `field` names it. */
export class StoreConflictError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

/** A caller passed a value of the wrong kind (e.g. an object where an id was expected). */
export class StoreInputError extends Error {
  readonly code = 'SS_STORE_BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}

/** The store was closed; no further operation is accepted. */
export class StoreClosedError extends Error {
  readonly code = 'SS_STORE_CLOSED';
  constructor() {
    super('The store is closed');
    this.name = 'StoreClosedError';
  }
}

/** Lifecycle of a store adapter. */
export interface StoreLifecycle {
  /** Which adapter this is, for /health and logs. */
  readonly kind: 'embedded' | 'mongodb';

  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The lineup aggregate: channels and their explicit schedules, under one version counter. */
export interface ChannelStore {
  /** Monotonic counter bumped by every channel or program mutation. */
  lineupVersion(): Promise<number>;

  // Channels
  listChannels(): Promise<FilledChannel[]>; // sorted by number
  getChannel(id: string): Promise<FilledChannel | null>;
  createChannel(channel: Channel): Promise<void>;
  /** Replaces the whole document (the caller merges). Returns false when the id is unknown. */
  updateChannel(channel: Channel): Promise<boolean>;
  /** Deletes the channel and all its programs. Returns false when the id is unknown. */
  deleteChannel(id: string): Promise<boolean>;

  // Programs (explicit schedules)
  /** Programs with endMs > fromMs and startMs < toMs, sorted by startMs. */
  listPrograms(channelId: string, fromMs: number, toMs: number): Promise<Program[]>;
  /** The last program of the channel (greatest startMs), or null. */
  lastProgram(channelId: string): Promise<Program | null>;
  /** All programs of a channel, sorted by startMs (used to build in-memory indexes). */
  allPrograms(channelId: string): Promise<Program[]>;
  /**
   * Atomically removes every program of the channel that overlaps [fromMs, toMs) and inserts
   * `programs` (already validated by the caller to lie in the window and not overlap anything).
   */
  replacePrograms(channelId: string, fromMs: number, toMs: number, programs: Program[]): Promise<void>;
  insertProgram(program: Program): Promise<void>;
  deleteProgram(channelId: string, programId: string): Promise<boolean>;
}

/** Packaged assets. */
export interface AssetStore {
  listAssets(): Promise<Asset[]>; // sorted by createdAt
  getAsset(id: string): Promise<Asset | null>;
  putAsset(asset: Asset): Promise<void>; // insert or replace by id
}

/** The pipeline's jobs. */
export interface JobStore {
  listJobs(): Promise<Job[]>; // newest first
  getJob(id: string): Promise<Job | null>;
  findJobBySource(source: string, sourceBytes: number): Promise<Job | null>;
  insertJob(job: Job): Promise<void>;
  /** Replaces the job document; returns false when the id is unknown. */
  updateJob(job: Job): Promise<boolean>;
  /**
   * Leases one runnable job: status queued, or running with leaseUntil < nowMs (a dead worker).
   * Sets status running, leaseOwner, leaseUntil = nowMs + leaseMs, attempts + 1, atomically,
   * so two workers never lease the same job. Returns the leased job or null.
   */
  leaseJob(owner: string, nowMs: number, leaseMs: number): Promise<Job | null>;
}

/** Chat history for late joiners (messages without `from`, kept before chat showed names, are not listed). */
export interface ChatStore {
  /** Appends and keeps only the newest `keep` messages of that channel. */
  appendChat(message: ChatMessage, keep: number): Promise<void>;
  /** Messages with serverTimeMs > sinceMs, oldest first, at most `limit`. */
  listChat(channelId: string, sinceMs: number, limit: number): Promise<ChatMessage[]>;
}

/**
 * Programming: collections, each channel's programming versions (append-only: a new version takes
 * over at its effective time, the earlier ones keep the past true) and its overrides. Every write
 * bumps the lineup version, since it changes what is on air.
 */
export interface ProgrammingStore {
  listCollections(): Promise<Collection[]>; // sorted by id
  getCollection(id: string): Promise<Collection | null>;
  /** Inserts or replaces by id. */
  putCollection(collection: Collection): Promise<void>;
  deleteCollection(id: string): Promise<boolean>;

  /** Versions of every channel's programming, sorted by channel id then version. */
  allProgrammingVersions(): Promise<ProgrammingVersion[]>;
  /** Versions of one channel, sorted by version. */
  programmingVersions(channelId: string): Promise<ProgrammingVersion[]>;
  /** Appends a version; StoreConflictError when that channel already has this version number. */
  appendProgrammingVersion(version: ProgrammingVersion): Promise<void>;

  /** Overrides of every channel, sorted by startMs. */
  allOverrides(): Promise<Override[]>;
  /** Inserts; StoreConflictError when the id is in use. */
  insertOverride(override: Override): Promise<void>;
  deleteOverride(channelId: string, overrideId: string): Promise<boolean>;
}

/** One adapter holds every aggregate; each component takes the ports it uses. */
export interface LineupStore extends StoreLifecycle, ChannelStore, AssetStore, JobStore, ChatStore, ProgrammingStore {}
