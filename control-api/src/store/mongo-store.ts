// The MongoDB LineupStore (used when MONGODB_URL is set). One collection per kind; every document's
// _id is its domain id. Filters use `$eq` on values checked to be strings/numbers, so nothing from a
// caller is ever read as an operator.
//
// replacePrograms runs in a transaction when the deployment supports one (replica set or sharded
// cluster). Fallback on a standalone server: delete the window, then insert the new programs. Readers
// may then briefly see the window empty (never an overlap), and a crash between the two steps leaves
// the window empty until the broadcaster replaces it again. Run a replica set in production (a
// single-node replica set is enough) to get the atomic behaviour.
import { MongoClient, type Collection, type Db } from 'mongodb';
import { withChannelDefaults, type Asset, type Channel, type FilledChannel, type Program } from '../contracts/lineup.js';
import type { Job } from '../contracts/jobs.js';
import type { ChatMessage } from '../contracts/chat.js';
import type { Collection as ProgrammingCollection, Override, ProgrammingVersion } from '../contracts/programming.js';
import { StoreConflictError, StoreInputError, type LineupStore } from '../contracts/lineup-store.js';
import { WITHOUT_ID, conflict, stored, type Stored } from './mongo-docs.js';
import { MongoProgramming } from './mongo-programming.js';
import { assertDocument, assertId, assertNumber, assertString, checkedProgram } from './store-guards.js';

export const MONGO_STORE_DEFAULTS = {
  dbName: 'streamsync', // used when the URL names no database
  serverSelectionTimeoutMs: 5000, // milliseconds to find a server before an operation fails
};

export interface MongoStoreOptions {
  url: string;
  /** Database name; default: the one in the URL, else MONGO_STORE_DEFAULTS.dbName. */
  dbName?: string;
  serverSelectionTimeoutMs?: number;
}

interface MetaDoc {
  _id: string;
  version: number;
}

const VERSION_ID = 'lineup';

/** The database named in a MongoDB connection string, if any. */
export function databaseFromUrl(url: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export class MongoStore implements LineupStore {
  readonly kind = 'mongodb' as const;

  private readonly programming: MongoProgramming;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly transactions: boolean,
  ) {
    this.programming = new MongoProgramming(db, () => this.bumpVersion());
  }

  /** Channels as written: older ones lack fields added since, so reads fill them in (withChannelDefaults). */
  private get channels(): Collection<Stored<Channel>> {
    return this.db.collection('channels');
  }
  private get programs(): Collection<Stored<Program>> {
    return this.db.collection('programs');
  }
  private get assets(): Collection<Stored<Asset>> {
    return this.db.collection('assets');
  }
  private get jobs(): Collection<Stored<Job>> {
    return this.db.collection('jobs');
  }
  private get chat(): Collection<Stored<ChatMessage>> {
    return this.db.collection('chat');
  }
  private get meta(): Collection<MetaDoc> {
    return this.db.collection('meta');
  }

  static async open(options: MongoStoreOptions): Promise<MongoStore> {
    // An explicit option beats the URL; the default only applies when the URL sets none.
    const urlSetsTimeout = /[?&]serverSelectionTimeoutMS=/i.test(options.url);
    const timeout = options.serverSelectionTimeoutMs ?? (urlSetsTimeout ? undefined : MONGO_STORE_DEFAULTS.serverSelectionTimeoutMs);
    const client = new MongoClient(options.url, timeout === undefined ? {} : { serverSelectionTimeoutMS: timeout });
    await client.connect();
    try {
      const db = client.db(options.dbName ?? databaseFromUrl(options.url) ?? MONGO_STORE_DEFAULTS.dbName);
      const hello = await db.admin().command({ hello: 1 });
      const transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      const store = new MongoStore(client, db, transactions);
      await store.channels.createIndex({ number: 1 }, { unique: true });
      await store.programs.createIndex({ channelId: 1, startMs: 1 });
      await store.assets.createIndex({ createdAt: 1 });
      await store.jobs.createIndex({ status: 1, leaseUntil: 1 });
      await store.jobs.createIndex({ source: 1, sourceBytes: 1 });
      await store.jobs.createIndex({ createdAt: -1 });
      await store.chat.createIndex({ channelId: 1, serverTimeMs: 1 });
      await store.programming.createIndexes();
      return store;
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  /** True when replacePrograms runs in a transaction (replica set or sharded cluster). */
  get atomicScheduleReplace(): boolean {
    return this.transactions;
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async lineupVersion(): Promise<number> {
    const doc = await this.meta.findOne({ _id: { $eq: VERSION_ID } });
    return doc?.version ?? 0;
  }

  private async bumpVersion(): Promise<void> {
    await this.meta.updateOne({ _id: { $eq: VERSION_ID } }, { $inc: { version: 1 } }, { upsert: true });
  }

  // -- Channels --

  async listChannels(): Promise<FilledChannel[]> {
    const docs = await this.channels.find<Channel>({}, WITHOUT_ID).sort({ number: 1 }).toArray();
    return docs.map(withChannelDefaults);
  }

  async getChannel(id: string): Promise<FilledChannel | null> {
    assertId(id, 'channel id');
    const doc = await this.channels.findOne<Channel>({ _id: { $eq: id } }, WITHOUT_ID);
    return doc ? withChannelDefaults(doc) : null;
  }

  async createChannel(channel: Channel): Promise<void> {
    assertDocument(channel, 'channel');
    assertId(channel.id, 'channel.id');
    await this.channels.insertOne(stored(channel)).catch((err: unknown) => conflict(err, 'Channel', () => this.clashOf(channel, true)));
    // A new channel starts empty, even if a crash inside deleteChannel left programs or programming under this id.
    await this.programs.deleteMany({ channelId: { $eq: channel.id } });
    await this.programming.dropChannel(channel.id);
    await this.bumpVersion();
  }

  async updateChannel(channel: Channel): Promise<boolean> {
    assertDocument(channel, 'channel');
    assertId(channel.id, 'channel.id');
    const result = await this.channels
      .replaceOne({ _id: { $eq: channel.id } }, stored(channel))
      .catch((err: unknown) => conflict(err, 'Channel', () => this.clashOf(channel, false)));
    if (result.matchedCount === 0) return false;
    await this.bumpVersion();
    return true;
  }

  /** Which unique field of `channel` another channel holds (a new channel: its id first). */
  private async clashOf(channel: Channel, isNew: boolean): Promise<'id' | 'number'> {
    if (isNew && (await this.channels.countDocuments({ _id: { $eq: channel.id } }, { limit: 1 })) > 0) return 'id';
    const other = await this.channels.countDocuments({ number: { $eq: channel.number }, _id: { $ne: channel.id } }, { limit: 1 });
    return other > 0 ? 'number' : 'id';
  }

  async deleteChannel(id: string): Promise<boolean> {
    assertId(id, 'channel id');
    const result = await this.channels.deleteOne({ _id: { $eq: id } });
    if (result.deletedCount === 0) return false;
    await this.programs.deleteMany({ channelId: { $eq: id } });
    await this.programming.dropChannel(id);
    await this.bumpVersion();
    return true;
  }

  // -- Programs --

  async listPrograms(channelId: string, fromMs: number, toMs: number): Promise<Program[]> {
    assertId(channelId, 'channel id');
    assertNumber(fromMs, 'fromMs');
    assertNumber(toMs, 'toMs');
    if (!(toMs > fromMs)) return [];
    // Two index range reads, no scan: programs do not overlap, so of those starting before fromMs
    // only the last one can still be running at fromMs.
    const channel = { channelId: { $eq: channelId } };
    const [before, inside] = await Promise.all([
      this.programs.findOne<Program>({ ...channel, startMs: { $lt: fromMs } }, { ...WITHOUT_ID, sort: { startMs: -1 } }),
      this.programs
        .find<Program>({ ...channel, startMs: { $gte: fromMs, $lt: toMs } }, WITHOUT_ID)
        .sort({ startMs: 1 })
        .toArray(),
    ]);
    return before && before.endMs > fromMs ? [before, ...inside] : inside;
  }

  async lastProgram(channelId: string): Promise<Program | null> {
    assertId(channelId, 'channel id');
    return this.programs.findOne<Program>({ channelId: { $eq: channelId } }, { ...WITHOUT_ID, sort: { startMs: -1 } });
  }

  async allPrograms(channelId: string): Promise<Program[]> {
    assertId(channelId, 'channel id');
    return this.programs.find<Program>({ channelId: { $eq: channelId } }, WITHOUT_ID).sort({ startMs: 1 }).toArray();
  }

  async replacePrograms(channelId: string, fromMs: number, toMs: number, programs: Program[]): Promise<void> {
    assertId(channelId, 'channel id');
    assertNumber(fromMs, 'fromMs');
    assertNumber(toMs, 'toMs');
    if (!Array.isArray(programs)) throw new StoreInputError('programs: expected an array');
    const docs = programs.map((p) => stored(checkedProgram(p, channelId)));
    const ids = docs.map((d) => d._id);
    if (new Set(ids).size !== ids.length) throw new StoreConflictError('Program ids repeat within the replacement', 'id');
    const window = { channelId: { $eq: channelId }, startMs: { $lt: toMs }, endMs: { $gt: fromMs } };
    if (this.transactions) {
      const session = this.client.startSession();
      try {
        await session.withTransaction(async () => {
          await this.programs.deleteMany(window, { session });
          if (docs.length > 0) await this.programs.insertMany(docs, { session });
          await this.meta.updateOne({ _id: { $eq: VERSION_ID } }, { $inc: { version: 1 } }, { session, upsert: true });
        });
      } catch (err) {
        await conflict(err, 'Program');
      } finally {
        await session.endSession();
      }
      return;
    }
    // Standalone server (no transactions): refuse id clashes up front, then delete before inserting
    // so no overlap is ever visible.
    const clash = await this.programs.findOne({ _id: { $in: ids }, $nor: [window] }, { projection: { _id: 1 } });
    if (clash) throw new StoreConflictError(`Program ${clash._id} id is already in use`, 'id');
    await this.programs.deleteMany(window);
    if (docs.length > 0) await this.programs.insertMany(docs).catch((err: unknown) => conflict(err, 'Program'));
    await this.bumpVersion();
  }

  async insertProgram(program: Program): Promise<void> {
    await this.programs.insertOne(stored(checkedProgram(program, null))).catch((err: unknown) => conflict(err, 'Program'));
    await this.bumpVersion();
  }

  async deleteProgram(channelId: string, programId: string): Promise<boolean> {
    assertId(channelId, 'channel id');
    assertId(programId, 'program id');
    const result = await this.programs.deleteOne({ _id: { $eq: programId }, channelId: { $eq: channelId } });
    if (result.deletedCount === 0) return false;
    await this.bumpVersion();
    return true;
  }

  // -- Assets --

  async listAssets(): Promise<Asset[]> {
    return this.assets.find<Asset>({}, WITHOUT_ID).sort({ createdAt: 1, _id: 1 }).toArray();
  }

  async getAsset(id: string): Promise<Asset | null> {
    assertId(id, 'asset id');
    return this.assets.findOne<Asset>({ _id: { $eq: id } }, WITHOUT_ID);
  }

  async putAsset(asset: Asset): Promise<void> {
    assertDocument(asset, 'asset');
    assertId(asset.id, 'asset.id');
    await this.assets.replaceOne({ _id: { $eq: asset.id } }, stored(asset), { upsert: true });
  }

  // -- Jobs --

  async listJobs(): Promise<Job[]> {
    return this.jobs.find<Job>({}, WITHOUT_ID).sort({ createdAt: -1, _id: -1 }).toArray();
  }

  async getJob(id: string): Promise<Job | null> {
    assertId(id, 'job id');
    return this.jobs.findOne<Job>({ _id: { $eq: id } }, WITHOUT_ID);
  }

  async findJobBySource(source: string, sourceBytes: number): Promise<Job | null> {
    assertString(source, 'source');
    assertNumber(sourceBytes, 'sourceBytes');
    return this.jobs.findOne<Job>(
      { source: { $eq: source }, sourceBytes: { $eq: sourceBytes } },
      { ...WITHOUT_ID, sort: { createdAt: -1, _id: -1 } },
    );
  }

  async insertJob(job: Job): Promise<void> {
    assertDocument(job, 'job');
    assertId(job.id, 'job.id');
    await this.jobs.insertOne(stored(job)).catch((err: unknown) => conflict(err, 'Job'));
  }

  async updateJob(job: Job): Promise<boolean> {
    assertDocument(job, 'job');
    assertId(job.id, 'job.id');
    const result = await this.jobs.replaceOne({ _id: { $eq: job.id } }, stored(job));
    return result.matchedCount > 0;
  }

  async leaseJob(owner: string, nowMs: number, leaseMs: number): Promise<Job | null> {
    assertString(owner, 'lease owner');
    assertNumber(nowMs, 'nowMs');
    assertNumber(leaseMs, 'leaseMs');
    // One server-side atomic read-modify-write: two workers never get the same job.
    // No projection: FerretDB's findAndModify refuses one ("fields"), so _id is dropped here.
    const leased = await this.jobs.findOneAndUpdate(
      { $or: [{ status: { $eq: 'queued' } }, { status: { $eq: 'running' }, leaseUntil: { $lt: nowMs } }] },
      {
        $set: { status: 'running', leaseOwner: owner, leaseUntil: nowMs + leaseMs, updatedAt: nowMs },
        $inc: { attempts: 1 },
      },
      { sort: { createdAt: 1, _id: 1 }, returnDocument: 'after' },
    );
    if (!leased) return null;
    const { _id, ...job } = leased;
    void _id;
    return job;
  }

  // -- Chat --

  async appendChat(message: ChatMessage, keep: number): Promise<void> {
    assertDocument(message, 'chat message');
    assertId(message.id, 'message.id');
    assertId(message.channelId, 'message.channelId');
    assertNumber(keep, 'keep');
    await this.chat.insertOne(stored(message)).catch((err: unknown) => conflict(err, 'Chat message'));
    const surplus = await this.chat
      .find({ channelId: { $eq: message.channelId } }, { projection: { _id: 1 } })
      .sort({ serverTimeMs: -1, _id: -1 })
      .skip(Math.max(0, Math.floor(keep)))
      .toArray();
    if (surplus.length > 0) await this.chat.deleteMany({ _id: { $in: surplus.map((d) => d._id) } });
  }

  async listChat(channelId: string, sinceMs: number, limit: number): Promise<ChatMessage[]> {
    assertId(channelId, 'channel id');
    assertNumber(sinceMs, 'sinceMs');
    assertNumber(limit, 'limit');
    if (limit < 1) return [];
    return this.chat
      // Messages kept before chat showed names (they carry a client id instead) are never served.
      .find<ChatMessage>({ channelId: { $eq: channelId }, serverTimeMs: { $gt: sinceMs }, from: { $type: 'string' } }, WITHOUT_ID)
      .sort({ serverTimeMs: 1, _id: 1 })
      .limit(Math.floor(limit))
      .toArray();
  }

  // -- Programming (see mongo-programming.ts) --

  listCollections(): Promise<ProgrammingCollection[]> {
    return this.programming.listCollections();
  }

  getCollection(id: string): Promise<ProgrammingCollection | null> {
    return this.programming.getCollection(id);
  }

  putCollection(collection: ProgrammingCollection): Promise<void> {
    return this.programming.putCollection(collection);
  }

  deleteCollection(id: string): Promise<boolean> {
    return this.programming.deleteCollection(id);
  }

  allProgrammingVersions(): Promise<ProgrammingVersion[]> {
    return this.programming.allProgrammingVersions();
  }

  programmingVersions(channelId: string): Promise<ProgrammingVersion[]> {
    return this.programming.programmingVersions(channelId);
  }

  appendProgrammingVersion(version: ProgrammingVersion): Promise<void> {
    return this.programming.appendProgrammingVersion(version);
  }

  allOverrides(): Promise<Override[]> {
    return this.programming.allOverrides();
  }

  insertOverride(override: Override): Promise<void> {
    return this.programming.insertOverride(override);
  }

  deleteOverride(channelId: string, overrideId: string): Promise<boolean> {
    return this.programming.deleteOverride(channelId, overrideId);
  }
}
