// Programming in MongoDB: collections, programming versions (`_id` `{channelId}:{version}`, so a
// version number is taken once) and overrides. Every write bumps the lineup version through `touch`.
import type { Collection as MongoCollection, Db } from 'mongodb';
import type { Collection, Override, ProgrammingVersion } from '../contracts/programming.js';
import { StoreConflictError, type ProgrammingStore } from '../contracts/lineup-store.js';
import { WITHOUT_ID, conflict, isDuplicate, stored, type Stored } from './mongo-docs.js';
import { assertDocument, assertId, assertNumber } from './store-guards.js';

export class MongoProgramming implements ProgrammingStore {
  constructor(
    private readonly db: Db,
    private readonly touch: () => Promise<void>,
  ) {}

  private get collections(): MongoCollection<Stored<Collection>> {
    return this.db.collection('collections');
  }
  private get versions(): MongoCollection<Stored<ProgrammingVersion>> {
    return this.db.collection('programming');
  }
  private get overrides(): MongoCollection<Stored<Override>> {
    return this.db.collection('overrides');
  }

  async createIndexes(): Promise<void> {
    await this.versions.createIndex({ channelId: 1, version: 1 });
    await this.overrides.createIndex({ channelId: 1, startMs: 1 });
  }

  async listCollections(): Promise<Collection[]> {
    return this.collections.find<Collection>({}, WITHOUT_ID).sort({ _id: 1 }).toArray();
  }

  async getCollection(id: string): Promise<Collection | null> {
    assertId(id, 'collection id');
    return this.collections.findOne<Collection>({ _id: { $eq: id } }, WITHOUT_ID);
  }

  async putCollection(collection: Collection): Promise<void> {
    assertDocument(collection, 'collection');
    assertId(collection.id, 'collection.id');
    await this.collections.replaceOne({ _id: { $eq: collection.id } }, stored(collection), { upsert: true });
    await this.touch();
  }

  async deleteCollection(id: string): Promise<boolean> {
    assertId(id, 'collection id');
    const result = await this.collections.deleteOne({ _id: { $eq: id } });
    if (result.deletedCount > 0) await this.touch();
    return result.deletedCount > 0;
  }

  async allProgrammingVersions(): Promise<ProgrammingVersion[]> {
    return this.versions.find<ProgrammingVersion>({}, WITHOUT_ID).sort({ channelId: 1, version: 1 }).toArray();
  }

  async programmingVersions(channelId: string): Promise<ProgrammingVersion[]> {
    assertId(channelId, 'channel id');
    return this.versions.find<ProgrammingVersion>({ channelId: { $eq: channelId } }, WITHOUT_ID).sort({ version: 1 }).toArray();
  }

  async appendProgrammingVersion(version: ProgrammingVersion): Promise<void> {
    assertDocument(version, 'programming version');
    assertId(version.channelId, 'version.channelId');
    assertNumber(version.version, 'version.version');
    await this.versions.insertOne({ ...version, _id: `${version.channelId}:${version.version}` }).catch((err: unknown) => {
      if (isDuplicate(err)) {
        throw new StoreConflictError(`Channel ${version.channelId} already has programming version ${version.version}`, 'version');
      }
      throw err;
    });
    await this.touch();
  }

  /** Removes a channel's versions and overrides (deleting a channel, or a new channel reusing the id). */
  async dropChannel(channelId: string): Promise<void> {
    await this.versions.deleteMany({ channelId: { $eq: channelId } });
    await this.overrides.deleteMany({ channelId: { $eq: channelId } });
  }

  async allOverrides(): Promise<Override[]> {
    return this.overrides.find<Override>({}, WITHOUT_ID).sort({ startMs: 1, _id: 1 }).toArray();
  }

  async insertOverride(override: Override): Promise<void> {
    assertDocument(override, 'override');
    assertId(override.id, 'override.id');
    assertId(override.channelId, 'override.channelId');
    await this.overrides.insertOne(stored(override)).catch((err: unknown) => conflict(err, 'Override'));
    await this.touch();
  }

  async deleteOverride(channelId: string, overrideId: string): Promise<boolean> {
    assertId(channelId, 'channel id');
    assertId(overrideId, 'override id');
    const result = await this.overrides.deleteOne({ _id: { $eq: overrideId }, channelId: { $eq: channelId } });
    if (result.deletedCount > 0) await this.touch();
    return result.deletedCount > 0;
  }
}
