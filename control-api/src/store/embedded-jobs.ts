// Pipeline jobs and chat history in the embedded store (one document per job / message).
import type Datastore from '@seald-io/nedb';
import type { Job } from '../contracts/jobs.js';
import type { ChatMessage } from '../contracts/chat.js';
import { StoreConflictError } from '../contracts/lineup-store.js';
import { compareIds, stored, strip, type Stored, type WriteContext } from './embedded-docs.js';
import { assertDocument, assertId, assertNumber, assertString } from './store-guards.js';

export class EmbeddedJobs {
  constructor(
    private readonly db: Datastore<Stored<Job> & Record<string, unknown>>,
    private readonly ctx: WriteContext,
  ) {}

  async list(): Promise<Job[]> {
    const docs = await this.db.findAsync({}).sort({ createdAt: -1, _id: -1 });
    return docs.map((d) => strip<Job>(d));
  }

  async get(id: string): Promise<Job | null> {
    assertId(id, 'job id');
    const doc = await this.db.findOneAsync({ _id: id });
    return doc ? strip<Job>(doc) : null;
  }

  async findBySource(source: string, sourceBytes: number): Promise<Job | null> {
    assertString(source, 'source');
    assertNumber(sourceBytes, 'sourceBytes');
    const docs = await this.db.findAsync({ source, sourceBytes }).sort({ createdAt: -1, _id: -1 }).limit(1);
    const doc = docs[0];
    return doc ? strip<Job>(doc) : null;
  }

  async insert(job: Job): Promise<void> {
    assertDocument(job, 'job');
    assertId(job.id, 'job.id');
    await this.ctx.serial(async () => {
      if (await this.db.findOneAsync({ _id: job.id })) {
        throw new StoreConflictError(`Job id ${job.id} is already in use`, 'id');
      }
      await this.ctx.write(this.db, this.db.insertAsync(stored(job)));
    });
  }

  async update(job: Job): Promise<boolean> {
    assertDocument(job, 'job');
    assertId(job.id, 'job.id');
    return this.ctx.serial(async () => {
      const result = await this.ctx.write(this.db, this.db.updateAsync({ _id: job.id }, stored(job), {}));
      return result.numAffected > 0;
    });
  }

  /** Oldest runnable job first; the mutex makes find + update one atomic step in this process. */
  async lease(owner: string, nowMs: number, leaseMs: number): Promise<Job | null> {
    assertString(owner, 'lease owner');
    assertNumber(nowMs, 'nowMs');
    assertNumber(leaseMs, 'leaseMs');
    return this.ctx.serial(async () => {
      const queued = await this.db.findAsync({ status: 'queued' });
      const expired = await this.db.findAsync({ status: 'running', leaseUntil: { $lt: nowMs } });
      const candidate = [...queued, ...expired].sort((a, b) => a.createdAt - b.createdAt || compareIds(a._id, b._id))[0];
      if (!candidate) return null;
      const leased: Job = {
        ...strip<Job>(candidate),
        status: 'running',
        leaseOwner: owner,
        leaseUntil: nowMs + leaseMs,
        attempts: candidate.attempts + 1,
        updatedAt: nowMs,
      };
      await this.ctx.write(this.db, this.db.updateAsync({ _id: leased.id }, stored(leased), {}));
      return leased;
    });
  }
}

export class EmbeddedChat {
  constructor(
    private readonly db: Datastore<Stored<ChatMessage> & Record<string, unknown>>,
    private readonly ctx: WriteContext,
  ) {}

  async append(message: ChatMessage, keep: number): Promise<void> {
    assertDocument(message, 'chat message');
    assertId(message.id, 'message.id');
    assertId(message.channelId, 'message.channelId');
    assertNumber(keep, 'keep');
    await this.ctx.serial(async () => {
      if (await this.db.findOneAsync({ _id: message.id })) {
        throw new StoreConflictError(`Chat message id ${message.id} is already in use`, 'id');
      }
      await this.ctx.write(this.db, this.db.insertAsync(stored(message)));
      const surplus = await this.db
        .findAsync({ channelId: message.channelId })
        .sort({ serverTimeMs: -1, _id: -1 })
        .skip(Math.max(0, Math.floor(keep)));
      if (surplus.length > 0) {
        const ids = surplus.map((d) => d._id);
        await this.ctx.write(this.db, this.db.removeAsync({ _id: { $in: ids } }, { multi: true }));
      }
    });
  }

  async list(channelId: string, sinceMs: number, limit: number): Promise<ChatMessage[]> {
    assertId(channelId, 'channel id');
    assertNumber(sinceMs, 'sinceMs');
    assertNumber(limit, 'limit');
    if (limit < 1) return [];
    const docs = await this.db
      // Messages kept before chat showed names (they carry a client id instead) are never served.
      .findAsync({ channelId, serverTimeMs: { $gt: sinceMs }, from: { $exists: true } })
      .sort({ serverTimeMs: 1, _id: 1 })
      .limit(Math.floor(limit));
    return docs.map((d) => strip<ChatMessage>(d));
  }
}
