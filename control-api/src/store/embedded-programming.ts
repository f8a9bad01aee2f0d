// Programming in the embedded store: collections, programming versions (one document per channel
// and version, `_id` `{channelId}:{version}`) and overrides. Writes run in the store's mutex and bump
// the lineup version through `touch`.
import type Datastore from '@seald-io/nedb';
import type { Collection, Override, ProgrammingVersion } from '../contracts/programming.js';
import { StoreConflictError, type ProgrammingStore } from '../contracts/lineup-store.js';
import { compareIds, stored, strip, type Stored, type WriteContext } from './embedded-docs.js';
import { assertDocument, assertId, assertNumber } from './store-guards.js';

type Doc<T> = Stored<T> & Record<string, unknown>;

export interface ProgrammingDatafiles {
  collections: Datastore<Doc<Collection>>;
  programming: Datastore<Doc<ProgrammingVersion>>;
  overrides: Datastore<Doc<Override>>;
}

const versionId = (channelId: string, version: number) => `${channelId}:${version}`;

export class EmbeddedProgramming implements ProgrammingStore {
  constructor(
    private readonly db: ProgrammingDatafiles,
    private readonly ctx: WriteContext,
    /** Bumps the lineup version (called inside the write section). */
    private readonly touch: () => Promise<void>,
  ) {}

  static async indexes(db: ProgrammingDatafiles): Promise<void> {
    await db.programming.ensureIndexAsync({ fieldName: 'channelId' });
    await db.overrides.ensureIndexAsync({ fieldName: 'channelId' });
  }

  async listCollections(): Promise<Collection[]> {
    const docs = await this.db.collections.findAsync({});
    return docs.map((d) => strip<Collection>(d)).sort((a, b) => compareIds(a.id, b.id));
  }

  async getCollection(id: string): Promise<Collection | null> {
    assertId(id, 'collection id');
    const doc = await this.db.collections.findOneAsync({ _id: id });
    return doc ? strip<Collection>(doc) : null;
  }

  async putCollection(collection: Collection): Promise<void> {
    assertDocument(collection, 'collection');
    assertId(collection.id, 'collection.id');
    await this.ctx.serial(async () => {
      await this.ctx.write(this.db.collections, this.db.collections.updateAsync({ _id: collection.id }, stored(collection), { upsert: true }));
      await this.touch();
    });
  }

  async deleteCollection(id: string): Promise<boolean> {
    assertId(id, 'collection id');
    return this.ctx.serial(async () => {
      const removed = await this.ctx.write(this.db.collections, this.db.collections.removeAsync({ _id: id }, {}));
      if (removed > 0) await this.touch();
      return removed > 0;
    });
  }

  async allProgrammingVersions(): Promise<ProgrammingVersion[]> {
    const docs = await this.db.programming.findAsync({});
    return docs.map((d) => strip<ProgrammingVersion>(d)).sort((a, b) => compareIds(a.channelId, b.channelId) || a.version - b.version);
  }

  async programmingVersions(channelId: string): Promise<ProgrammingVersion[]> {
    assertId(channelId, 'channel id');
    const docs = await this.db.programming.findAsync({ channelId });
    return docs.map((d) => strip<ProgrammingVersion>(d)).sort((a, b) => a.version - b.version);
  }

  async appendProgrammingVersion(version: ProgrammingVersion): Promise<void> {
    assertDocument(version, 'programming version');
    assertId(version.channelId, 'version.channelId');
    assertNumber(version.version, 'version.version');
    const _id = versionId(version.channelId, version.version);
    await this.ctx.serial(async () => {
      if (await this.db.programming.findOneAsync({ _id })) {
        throw new StoreConflictError(`Channel ${version.channelId} already has programming version ${version.version}`, 'version');
      }
      await this.ctx.write(this.db.programming, this.db.programming.insertAsync({ ...version, _id }));
      await this.touch();
    });
  }

  /** Removes a channel's versions and overrides; the caller holds the write section. */
  async dropChannel(channelId: string): Promise<void> {
    await this.ctx.write(this.db.programming, this.db.programming.removeAsync({ channelId }, { multi: true }));
    await this.ctx.write(this.db.overrides, this.db.overrides.removeAsync({ channelId }, { multi: true }));
  }

  async allOverrides(): Promise<Override[]> {
    const docs = await this.db.overrides.findAsync({});
    return docs.map((d) => strip<Override>(d)).sort((a, b) => a.startMs - b.startMs || compareIds(a.id, b.id));
  }

  async insertOverride(override: Override): Promise<void> {
    assertDocument(override, 'override');
    assertId(override.id, 'override.id');
    assertId(override.channelId, 'override.channelId');
    await this.ctx.serial(async () => {
      if (await this.db.overrides.findOneAsync({ _id: override.id })) throw new StoreConflictError(`Override id ${override.id} is already in use`, 'id');
      await this.ctx.write(this.db.overrides, this.db.overrides.insertAsync(stored(override)));
      await this.touch();
    });
  }

  async deleteOverride(channelId: string, overrideId: string): Promise<boolean> {
    assertId(channelId, 'channel id');
    assertId(overrideId, 'override id');
    return this.ctx.serial(async () => {
      const removed = await this.ctx.write(this.db.overrides, this.db.overrides.removeAsync({ _id: overrideId, channelId }, {}));
      if (removed > 0) await this.touch();
      return removed > 0;
    });
  }
}
