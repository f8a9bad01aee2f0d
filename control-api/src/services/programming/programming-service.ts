// Collections, channel programming and overrides: checks each write, keeps the past true and never
// cuts what is on air, and writes through the lineup service's mutation section so every reader
// (now, EPG, XMLTV, the broker) sees the change at once.
import type { AssetStore, ChannelStore, ProgrammingStore } from '../../contracts/lineup-store.js';
import type { Collection, CollectionInput, Override, OverrideInput, ProgrammingInput, ProgrammingVersion } from '../../contracts/programming.js';
import { Errors } from '../../errors.js';
import type { LineupService } from '../lineup/index.js';
import { newId } from '../lineup/index.js';
import { isoTime, parseTimeInput } from '../lineup/time-math.js';
import { ProgrammingInputError, checkOverride, checkProgramming, type ProgrammingLookups } from './programming-checks.js';

export class ProgrammingConflictError extends Error {
  readonly statusCode = 409;
  constructor(
    readonly code: 'SS_COLLECTION_IN_USE' | 'SS_COLLECTION_ID_TAKEN' | 'SS_PROGRAMMING_IN_PAST' | 'SS_OVERRIDE_CUTS_AIR' | 'SS_OVERRIDE_OVERLAP' | 'SS_OVERRIDE_STARTED',
    message: string,
  ) {
    super(message);
    this.name = 'ProgrammingConflictError';
  }
}

export class ProgrammingNotFoundError extends Error {
  readonly statusCode = 404;
  constructor(
    readonly code: 'SS_COLLECTION_NOT_FOUND' | 'SS_OVERRIDE_NOT_FOUND' | 'SS_PROGRAMMING_NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'ProgrammingNotFoundError';
  }
}

export interface ProgrammingServiceOptions {
  lineup: LineupService;
  store: ProgrammingStore & Pick<AssetStore, 'getAsset'> & Pick<ChannelStore, 'getChannel'>;
  clock: () => number;
}

/** What GET /v1/channels/:id/programming answers: the version in force or next, and every version. */
export interface ProgrammingView {
  current: ProgrammingVersion;
  versions: Array<{ version: number; effectiveFromMs: number; effectiveFrom: string }>;
}

function timeOf(raw: string | number, field: string): number {
  const ms = parseTimeInput(raw);
  if (!Number.isFinite(ms)) throw new ProgrammingInputError('SS_OVERRIDE_RANGE', 400, field, `"${String(raw)}" is not a time (epoch ms or ISO 8601)`);
  return ms;
}

export class ProgrammingService {
  private readonly lookups: ProgrammingLookups;

  constructor(private readonly o: ProgrammingServiceOptions) {
    this.lookups = { collection: (id) => o.store.getCollection(id), asset: (id) => o.store.getAsset(id) };
  }

  // ---- collections --------------------------------------------------------------------------

  collections(): Promise<Collection[]> {
    return this.o.store.listCollections();
  }

  async collection(id: string): Promise<Collection> {
    const found = await this.o.store.getCollection(id);
    if (!found) throw new ProgrammingNotFoundError('SS_COLLECTION_NOT_FOUND', `Collection ${id} not found`);
    return found;
  }

  private async checkItems(items: readonly string[]): Promise<void> {
    for (const [i, id] of items.entries()) {
      if (!(await this.o.store.getAsset(id))) throw new ProgrammingInputError('SS_ASSET_UNKNOWN', 422, `items[${i}]`, `asset ${id} does not exist`);
    }
  }

  async createCollection(input: CollectionInput): Promise<Collection> {
    await this.checkItems(input.items);
    return this.o.lineup.mutate('programming', null, async () => {
      const id = input.id ?? newId('col');
      if (await this.o.store.getCollection(id)) throw new ProgrammingConflictError('SS_COLLECTION_ID_TAKEN', `Collection id ${id} is already in use`);
      const now = this.o.clock();
      const collection: Collection = { id, name: input.name, items: input.items, createdAt: now, updatedAt: now };
      await this.o.store.putCollection(collection);
      return collection;
    });
  }

  /**
   * Replaces a collection's name and items. Programming versions keep the items they were written
   * with; the new items reach a channel with its next programming version.
   */
  async replaceCollection(id: string, input: CollectionInput): Promise<Collection> {
    await this.checkItems(input.items);
    return this.o.lineup.mutate('programming', [], async () => {
      const existing = await this.collection(id);
      const collection: Collection = { ...existing, name: input.name, items: input.items, updatedAt: this.o.clock() };
      await this.o.store.putCollection(collection);
      return collection;
    });
  }

  async deleteCollection(id: string): Promise<void> {
    await this.o.lineup.mutate('programming', [], async () => {
      await this.collection(id);
      const users = await this.channelsUsing(id);
      if (users.length > 0) throw new ProgrammingConflictError('SS_COLLECTION_IN_USE', `Collection ${id} is used by the programming of channel ${users.join(', ')}`);
      await this.o.store.deleteCollection(id);
    });
  }

  /** Channels whose latest programming uses the collection. */
  private async channelsUsing(collectionId: string): Promise<string[]> {
    const latest = new Map<string, ProgrammingVersion>();
    for (const v of await this.o.store.allProgrammingVersions()) latest.set(v.channelId, v);
    return [...latest.values()].filter((v) => collectionId in v.collections).map((v) => v.channelId);
  }

  // ---- programming --------------------------------------------------------------------------

  async programming(channelId: string): Promise<ProgrammingView> {
    await this.requireChannel(channelId);
    const { versions } = await this.o.lineup.programmingOf(channelId);
    const current = versions[versions.length - 1];
    if (!current) throw new ProgrammingNotFoundError('SS_PROGRAMMING_NOT_FOUND', `Channel ${channelId} has no programming`);
    return { current, versions: versions.map((v) => ({ version: v.version, effectiveFromMs: v.effectiveFromMs, effectiveFrom: isoTime(v.effectiveFromMs) })) };
  }

  /**
   * Writes a new version. It takes effect at `effectiveFrom` when given (never in the past), else at
   * the first airing boundary after now, so what is on air is never cut.
   */
  async putProgramming(channelId: string, input: ProgrammingInput): Promise<ProgrammingVersion> {
    await this.requireChannel(channelId);
    const { effectiveFrom, ...rules } = input;
    const collections = await checkProgramming(rules, this.lookups);
    const now = this.o.clock();
    const asked = effectiveFrom === undefined ? null : timeOf(effectiveFrom, 'effectiveFrom');
    if (asked !== null && asked < now) throw new ProgrammingConflictError('SS_PROGRAMMING_IN_PAST', `effectiveFrom ${isoTime(asked)} is in the past; the guide for the past stays as it aired`);
    const onAir = (await this.o.lineup.now(channelId, now))?.current ?? null;
    const effectiveFromMs = asked ?? (onAir ? onAir.endMs : now);
    return this.o.lineup.mutate('programming', [channelId], async () => {
      const existing = await this.o.store.programmingVersions(channelId);
      const version: ProgrammingVersion = {
        channelId,
        version: (existing[existing.length - 1]?.version ?? 0) + 1,
        effectiveFromMs,
        rules,
        collections,
        createdAt: now,
      };
      await this.o.store.appendProgrammingVersion(version);
      return version;
    });
  }

  // ---- overrides ----------------------------------------------------------------------------

  async overrides(channelId: string): Promise<Override[]> {
    await this.requireChannel(channelId);
    return (await this.o.lineup.programmingOf(channelId)).overrides;
  }

  async createOverride(channelId: string, input: OverrideInput): Promise<Override> {
    await this.requireChannel(channelId);
    const startMs = timeOf(input.start, 'start');
    const endMs = timeOf(input.end, 'end');
    const items = await checkOverride({ startMs, endMs, collection: input.collection, items: input.items }, this.lookups);
    const now = this.o.clock();
    const onAir = (await this.o.lineup.now(channelId, now))?.current ?? null;
    const earliest = onAir ? onAir.endMs : now;
    if (startMs < earliest) {
      throw new ProgrammingConflictError('SS_OVERRIDE_CUTS_AIR', `the override starts before ${isoTime(earliest)}, when what is on air ends; start it then or later`);
    }
    return this.o.lineup.mutate('programming', [channelId], async () => {
      const { overrides } = await this.o.lineup.programmingOf(channelId);
      const clash = overrides.find((o) => o.startMs < endMs && startMs < o.endMs);
      if (clash) throw new ProgrammingConflictError('SS_OVERRIDE_OVERLAP', `the override overlaps override ${clash.id} (${isoTime(clash.startMs)} - ${isoTime(clash.endMs)})`);
      const override: Override = { id: newId('ov'), channelId, startMs, endMs, collection: input.collection ?? null, items, order: input.order ?? 'sequential', createdAt: now };
      await this.o.store.insertOverride(override);
      return override;
    });
  }

  /** Deletes an override that has not started (one that has is part of what aired). */
  async deleteOverride(channelId: string, overrideId: string): Promise<void> {
    await this.requireChannel(channelId);
    await this.o.lineup.mutate('programming', [channelId], async () => {
      const { overrides } = await this.o.lineup.programmingOf(channelId);
      const found = overrides.find((o) => o.id === overrideId);
      if (!found) throw new ProgrammingNotFoundError('SS_OVERRIDE_NOT_FOUND', `Override ${overrideId} not found on channel ${channelId}`);
      if (found.startMs <= this.o.clock()) throw new ProgrammingConflictError('SS_OVERRIDE_STARTED', `override ${overrideId} has started; what aired stays in the guide`);
      await this.o.store.deleteOverride(channelId, overrideId);
    });
  }

  private async requireChannel(channelId: string): Promise<void> {
    if (!(await this.o.lineup.channel(channelId))) throw new Errors.ChannelNotFound(channelId);
  }
}
