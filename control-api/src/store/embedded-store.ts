// The embedded LineupStore (the default): NeDB datafiles in the data directory, one per collection.
//
// Crash safety: every change that must be atomic is ONE document, hence one appended line. A channel's
// whole schedule is one document ({_id: channelId, programs}), so replacePrograms rewrites it in a
// single append and a restart sees the window entirely as before or entirely as after (a torn last
// line is dropped on open, see embedded-files.ts). Deleting a channel removes the channel document
// first; a schedule left without its channel by a crash is swept on open. The lineup version is bumped
// once more on every open, so a change whose version bump was lost in a crash is still announced.
//
// All mutations run one at a time through a mutex (read-modify-write of schedules, job leases).
// Schedules are also kept in memory, sorted, for binary-search window lookups. One process at a time
// owns a data directory (store-lock.ts); to share a store between processes, use MongoDB.
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type Datastore from '@seald-io/nedb';
import { withChannelDefaults, type Asset, type Channel, type FilledChannel, type Program } from '../contracts/lineup.js';
import type { Job } from '../contracts/jobs.js';
import type { ChatMessage } from '../contracts/chat.js';
import type { Collection, Override, ProgrammingVersion } from '../contracts/programming.js';
import { StoreClosedError, StoreConflictError, StoreInputError, type LineupStore } from '../contracts/lineup-store.js';
import type { Logger } from '../contracts/logger.js';
import { DATA_MODES, ensurePrivateDir, openDatafile } from './embedded-files.js';
import { acquireStoreLock } from './store-lock.js';
import { stored, strip, type Compactable, type Stored, type WriteContext } from './embedded-docs.js';
import { EmbeddedChat, EmbeddedJobs } from './embedded-jobs.js';
import { EmbeddedProgramming } from './embedded-programming.js';
import { byStart, firstStartingAtOrAfter, programsInWindow, replaceWindow } from './schedule-index.js';
import { Mutex, assertDocument, assertId, assertNumber, checkedProgram } from './store-guards.js';

export const EMBEDDED_STORE_DEFAULTS = {
  compactionIntervalMs: 10 * 60_000, // milliseconds between compactions of the datafiles written since
};

export interface EmbeddedStoreOptions {
  /** Folder of the datafiles (created when missing). */
  dataDir: string;
  compactionIntervalMs?: number;
  /** Non-fatal events, as warnings with a code: SS_STORE_TORN_LINE, SS_STORE_COMPACTION_FAILED. */
  logger: Logger;
}

interface ScheduleDoc extends Record<string, unknown> {
  _id: string;
  programs: Program[];
}
interface MetaDoc extends Record<string, unknown> {
  _id: string;
  version: number;
}
type Db<T> = Datastore<Stored<T> & Record<string, unknown>>;

interface Datafiles {
  /** Channels as written: older ones lack fields added since, so reads fill them in (withChannelDefaults). */
  channels: Db<Channel>;
  schedules: Datastore<ScheduleDoc>;
  assets: Db<Asset>;
  jobs: Db<Job>;
  chat: Db<ChatMessage>;
  collections: Db<Collection>;
  programming: Db<ProgrammingVersion>;
  overrides: Db<Override>;
  meta: Datastore<MetaDoc>;
}

const VERSION_ID = 'lineup';

export class EmbeddedStore implements LineupStore {
  readonly kind = 'embedded' as const;
  private readonly mutex = new Mutex();
  private readonly dirty = new Set<Compactable>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private readonly jobs: EmbeddedJobs;
  private readonly chat: EmbeddedChat;
  private readonly programming: EmbeddedProgramming;

  private constructor(
    private readonly db: Datafiles,
    /** channelId -> programs sorted by startMs (mirror of the schedule documents). */
    private readonly schedules: Map<string, Program[]>,
    /** programId -> channelId, for globally unique program ids. */
    private readonly programOwner: Map<string, string>,
    private version: number,
    private readonly lifecycle: { logger: Logger; compactionIntervalMs: number; release: () => Promise<void> },
  ) {
    this.timer = setInterval(() => void this.compactDirty(), lifecycle.compactionIntervalMs);
    this.timer.unref();
    const ctx: WriteContext = {
      serial: (task) => this.mutex.run(task),
      write: (file, op) => this.write(file, op),
    };
    this.jobs = new EmbeddedJobs(db.jobs, ctx);
    this.chat = new EmbeddedChat(db.chat, ctx);
    this.programming = new EmbeddedProgramming(db, ctx, () => this.bumpVersion());
  }

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    await ensurePrivateDir(options.dataDir);
    const release = await acquireStoreLock(options.dataDir);
    try {
      return await EmbeddedStore.load(options, release);
    } catch (err) {
      await release();
      throw err;
    }
  }

  private static async load(options: EmbeddedStoreOptions, release: () => Promise<void>): Promise<EmbeddedStore> {
    const { logger } = options;
    const compactionIntervalMs = options.compactionIntervalMs ?? EMBEDDED_STORE_DEFAULTS.compactionIntervalMs;
    const file = (name: string) => join(options.dataDir, `${name}.db`);
    const opts = { logger };
    const db: Datafiles = {
      channels: await openDatafile(file('channels'), opts),
      schedules: await openDatafile<ScheduleDoc>(file('schedules'), opts),
      assets: await openDatafile(file('assets'), opts),
      jobs: await openDatafile(file('jobs'), opts),
      chat: await openDatafile(file('chat'), opts),
      collections: await openDatafile(file('collections'), opts),
      programming: await openDatafile(file('programming'), opts),
      overrides: await openDatafile(file('overrides'), opts),
      meta: await openDatafile<MetaDoc>(file('meta'), opts),
    };
    await db.channels.ensureIndexAsync({ fieldName: 'number', unique: true });
    await db.jobs.ensureIndexAsync({ fieldName: 'status' });
    await db.jobs.ensureIndexAsync({ fieldName: 'source' });
    await db.chat.ensureIndexAsync({ fieldName: 'channelId' });
    await EmbeddedProgramming.indexes(db);

    const schedules = new Map<string, Program[]>();
    const programOwner = new Map<string, string>();
    const channelIds = new Set((await db.channels.findAsync({})).map((c) => c._id));
    for (const doc of await db.schedules.findAsync({})) {
      if (!channelIds.has(doc._id)) {
        await db.schedules.removeAsync({ _id: doc._id }, {}); // left behind by a crash inside deleteChannel
        continue;
      }
      const programs = Array.isArray(doc.programs) ? [...doc.programs].sort(byStart) : [];
      schedules.set(doc._id, programs);
      for (const p of programs) programOwner.set(p.id, doc._id);
    }
    const meta = await db.meta.findOneAsync({ _id: VERSION_ID });
    const version = (typeof meta?.version === 'number' ? meta.version : 0) + 1;
    await db.meta.updateAsync({ _id: VERSION_ID }, { _id: VERSION_ID, version }, { upsert: true });
    return new EmbeddedStore(db, schedules, programOwner, version, { logger, compactionIntervalMs, release });
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.mutex.drain();
    await this.compactDirty();
    await this.lifecycle.release();
  }

  /** Rewrites every datafile written since the last compaction (crash-safe: temp file + rename). */
  async compactDirty(): Promise<void> {
    const files = [...this.dirty];
    this.dirty.clear();
    for (const file of files) {
      try {
        await file.compactDatafileAsync();
        if (file.filename) await chmod(file.filename, DATA_MODES.file); // the rewrite is a new file
      } catch (err) {
        this.dirty.add(file);
        this.lifecycle.logger.warn({ code: 'SS_STORE_COMPACTION_FAILED', err }, `compaction failed: ${(err as Error).message}`);
      }
    }
  }

  async lineupVersion(): Promise<number> {
    this.ensureOpen();
    return this.version;
  }

  // -- Channels --

  async listChannels(): Promise<FilledChannel[]> {
    this.ensureOpen();
    const docs = await this.db.channels.findAsync({}).sort({ number: 1 });
    return docs.map((d) => withChannelDefaults(strip<Channel>(d)));
  }

  async getChannel(id: string): Promise<FilledChannel | null> {
    this.ensureOpen();
    assertId(id, 'channel id');
    const doc = await this.db.channels.findOneAsync({ _id: id });
    return doc ? withChannelDefaults(strip<Channel>(doc)) : null;
  }

  async createChannel(channel: Channel): Promise<void> {
    this.ensureOpen();
    assertDocument(channel, 'channel');
    assertId(channel.id, 'channel.id');
    assertNumber(channel.number, 'channel.number');
    await this.mutex.run(async () => {
      if (await this.db.channels.findOneAsync({ _id: channel.id })) {
        throw new StoreConflictError(`Channel id ${channel.id} is already in use`, 'id');
      }
      await this.checkNumberFree(channel.number, channel.id);
      await this.write(this.db.channels, this.db.channels.insertAsync(stored(channel)));
      if (this.schedules.has(channel.id)) await this.dropSchedule(channel.id);
      await this.bumpVersion();
    });
  }

  async updateChannel(channel: Channel): Promise<boolean> {
    this.ensureOpen();
    assertDocument(channel, 'channel');
    assertId(channel.id, 'channel.id');
    assertNumber(channel.number, 'channel.number');
    return this.mutex.run(async () => {
      if (!(await this.db.channels.findOneAsync({ _id: channel.id }))) return false;
      await this.checkNumberFree(channel.number, channel.id);
      await this.write(this.db.channels, this.db.channels.updateAsync({ _id: channel.id }, stored(channel), {}));
      await this.bumpVersion();
      return true;
    });
  }

  async deleteChannel(id: string): Promise<boolean> {
    this.ensureOpen();
    assertId(id, 'channel id');
    return this.mutex.run(async () => {
      if (!(await this.db.channels.findOneAsync({ _id: id }))) return false;
      // Programming first: a crash after it leaves a channel without programming, never programming
      // that a new channel of the same id would inherit.
      await this.programming.dropChannel(id);
      const removed = await this.write(this.db.channels, this.db.channels.removeAsync({ _id: id }, {}));
      if (removed === 0) return false;
      await this.dropSchedule(id);
      await this.bumpVersion();
      return true;
    });
  }

  // -- Programs --

  async listPrograms(channelId: string, fromMs: number, toMs: number): Promise<Program[]> {
    this.ensureOpen();
    assertId(channelId, 'channel id');
    assertNumber(fromMs, 'fromMs');
    assertNumber(toMs, 'toMs');
    return programsInWindow(this.schedules.get(channelId) ?? [], fromMs, toMs).map((p) => ({ ...p }));
  }

  async lastProgram(channelId: string): Promise<Program | null> {
    this.ensureOpen();
    assertId(channelId, 'channel id');
    const programs = this.schedules.get(channelId) ?? [];
    const last = programs[programs.length - 1];
    return last ? { ...last } : null;
  }

  async allPrograms(channelId: string): Promise<Program[]> {
    this.ensureOpen();
    assertId(channelId, 'channel id');
    return (this.schedules.get(channelId) ?? []).map((p) => ({ ...p }));
  }

  async replacePrograms(channelId: string, fromMs: number, toMs: number, programs: Program[]): Promise<void> {
    this.ensureOpen();
    assertId(channelId, 'channel id');
    assertNumber(fromMs, 'fromMs');
    assertNumber(toMs, 'toMs');
    if (!Array.isArray(programs)) throw new StoreInputError('programs: expected an array');
    const incoming = programs.map((p) => checkedProgram(p, channelId));
    await this.mutex.run(async () => {
      const { next, removed } = replaceWindow(this.schedules.get(channelId) ?? [], fromMs, toMs, incoming);
      const freed = new Set(removed.map((p) => p.id));
      const seen = new Set<string>();
      for (const p of incoming) {
        const owner = this.programOwner.get(p.id);
        if (seen.has(p.id) || (owner !== undefined && !(owner === channelId && freed.has(p.id)))) {
          throw new StoreConflictError(`Program id ${p.id} is already in use`, 'id');
        }
        seen.add(p.id);
      }
      await this.writeSchedule(channelId, next);
      for (const p of removed) this.programOwner.delete(p.id);
      for (const p of incoming) this.programOwner.set(p.id, channelId);
      await this.bumpVersion();
    });
  }

  async insertProgram(program: Program): Promise<void> {
    this.ensureOpen();
    const p = checkedProgram(program, null);
    await this.mutex.run(async () => {
      if (this.programOwner.has(p.id)) throw new StoreConflictError(`Program id ${p.id} is already in use`, 'id');
      const current = this.schedules.get(p.channelId) ?? [];
      const at = firstStartingAtOrAfter(current, p.startMs + 1);
      await this.writeSchedule(p.channelId, [...current.slice(0, at), p, ...current.slice(at)]);
      this.programOwner.set(p.id, p.channelId);
      await this.bumpVersion();
    });
  }

  async deleteProgram(channelId: string, programId: string): Promise<boolean> {
    this.ensureOpen();
    assertId(channelId, 'channel id');
    assertId(programId, 'program id');
    return this.mutex.run(async () => {
      const current = this.schedules.get(channelId) ?? [];
      const next = current.filter((p) => p.id !== programId);
      if (next.length === current.length) return false;
      await this.writeSchedule(channelId, next);
      this.programOwner.delete(programId);
      await this.bumpVersion();
      return true;
    });
  }

  // -- Assets --

  async listAssets(): Promise<Asset[]> {
    this.ensureOpen();
    const docs = await this.db.assets.findAsync({}).sort({ createdAt: 1, _id: 1 });
    return docs.map((d) => strip<Asset>(d));
  }

  async getAsset(id: string): Promise<Asset | null> {
    this.ensureOpen();
    assertId(id, 'asset id');
    const doc = await this.db.assets.findOneAsync({ _id: id });
    return doc ? strip<Asset>(doc) : null;
  }

  async putAsset(asset: Asset): Promise<void> {
    this.ensureOpen();
    assertDocument(asset, 'asset');
    assertId(asset.id, 'asset.id');
    await this.mutex.run(() =>
      this.write(this.db.assets, this.db.assets.updateAsync({ _id: asset.id }, stored(asset), { upsert: true })),
    );
  }

  // -- Jobs and chat (see embedded-jobs.ts) --

  listJobs(): Promise<Job[]> {
    this.ensureOpen();
    return this.jobs.list();
  }

  getJob(id: string): Promise<Job | null> {
    this.ensureOpen();
    return this.jobs.get(id);
  }

  findJobBySource(source: string, sourceBytes: number): Promise<Job | null> {
    this.ensureOpen();
    return this.jobs.findBySource(source, sourceBytes);
  }

  insertJob(job: Job): Promise<void> {
    this.ensureOpen();
    return this.jobs.insert(job);
  }

  updateJob(job: Job): Promise<boolean> {
    this.ensureOpen();
    return this.jobs.update(job);
  }

  leaseJob(owner: string, nowMs: number, leaseMs: number): Promise<Job | null> {
    this.ensureOpen();
    return this.jobs.lease(owner, nowMs, leaseMs);
  }

  appendChat(message: ChatMessage, keep: number): Promise<void> {
    this.ensureOpen();
    return this.chat.append(message, keep);
  }

  listChat(channelId: string, sinceMs: number, limit: number): Promise<ChatMessage[]> {
    this.ensureOpen();
    return this.chat.list(channelId, sinceMs, limit);
  }

  // -- Programming (see embedded-programming.ts) --

  listCollections(): Promise<Collection[]> {
    this.ensureOpen();
    return this.programming.listCollections();
  }

  getCollection(id: string): Promise<Collection | null> {
    this.ensureOpen();
    return this.programming.getCollection(id);
  }

  putCollection(collection: Collection): Promise<void> {
    this.ensureOpen();
    return this.programming.putCollection(collection);
  }

  deleteCollection(id: string): Promise<boolean> {
    this.ensureOpen();
    return this.programming.deleteCollection(id);
  }

  allProgrammingVersions(): Promise<ProgrammingVersion[]> {
    this.ensureOpen();
    return this.programming.allProgrammingVersions();
  }

  programmingVersions(channelId: string): Promise<ProgrammingVersion[]> {
    this.ensureOpen();
    return this.programming.programmingVersions(channelId);
  }

  appendProgrammingVersion(version: ProgrammingVersion): Promise<void> {
    this.ensureOpen();
    return this.programming.appendProgrammingVersion(version);
  }

  allOverrides(): Promise<Override[]> {
    this.ensureOpen();
    return this.programming.allOverrides();
  }

  insertOverride(override: Override): Promise<void> {
    this.ensureOpen();
    return this.programming.insertOverride(override);
  }

  deleteOverride(channelId: string, overrideId: string): Promise<boolean> {
    this.ensureOpen();
    return this.programming.deleteOverride(channelId, overrideId);
  }

  // -- internals --

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** Awaits a write and marks its datafile for the next compaction. */
  private async write<T>(file: Compactable, op: Promise<T>): Promise<T> {
    this.dirty.add(file);
    return op;
  }

  private async checkNumberFree(number: number, ownId: string): Promise<void> {
    const holder = await this.db.channels.findOneAsync({ number });
    if (holder && holder._id !== ownId) {
      throw new StoreConflictError(`Channel number ${number} is already in use`, 'number');
    }
  }

  /** One append: the channel's whole schedule document. */
  private async writeSchedule(channelId: string, programs: Program[]): Promise<void> {
    const doc: ScheduleDoc = { _id: channelId, programs };
    await this.write(this.db.schedules, this.db.schedules.updateAsync({ _id: channelId }, doc, { upsert: true }));
    this.schedules.set(channelId, programs);
  }

  private async dropSchedule(channelId: string): Promise<void> {
    await this.write(this.db.schedules, this.db.schedules.removeAsync({ _id: channelId }, {}));
    for (const p of this.schedules.get(channelId) ?? []) this.programOwner.delete(p.id);
    this.schedules.delete(channelId);
  }

  private async bumpVersion(): Promise<void> {
    const version = this.version + 1;
    await this.write(this.db.meta, this.db.meta.updateAsync({ _id: VERSION_ID }, { _id: VERSION_ID, version }, { upsert: true }));
    this.version = version;
  }
}
