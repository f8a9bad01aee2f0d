// The lineup service: THE single source of "what is on" for the routes, the EPG, /stream and the
// broker. Reads are answered from per-channel in-memory indexes (binary search / loop arithmetic,
// see channel-index.ts), loaded lazily from the store and invalidated by every mutation, which all
// go through this service. Other replicas' writes are noticed by polling the store's lineup version.
import { randomBytes } from 'node:crypto';
import type { Asset, Channel, ChannelInput, ChannelPatch, Program, Rating } from '../../contracts/lineup.js';
import type { Override, ProgrammingVersion } from '../../contracts/programming.js';
import type { AiringProgram, ChannelNow, ChannelSummary } from '../../contracts/now.js';
import { StoreConflictError, type LineupStore } from '../../contracts/lineup-store.js';
import { Errors } from '../../errors.js';
import { silentLogger, type Logger } from '../../contracts/logger.js';
import { buildChannelIndex, WindowTooLargeError, type ChannelIndex } from './channel-index.js';
import { describeProgram } from './airing.js';
import { definedOnly, newId, normalizeChannel, nowOf, toAiringWith } from './lineup-helpers.js';
import { buildProgram, checkWindowPrograms, requireReadyAsset, validateWindow, type ProgramRequest } from './schedule-rules.js';
import { Mutex } from '../../store/store-guards.js';
import { Lazy } from './lazy.js';
import { BACKGROUND_TIMERS, type Timers } from '../../broker/timers.js';
import { ProgrammingEngine } from '../programming/programming-engine.js';
import { programmedIndex, switchedIndex } from '../programming/programmed-index.js';
import type { PlayableAsset } from '../programming/span-fill.js';

export { newId };

export const LINEUP_DEFAULTS = {
  maxWindowMs: 15 * 24 * 3_600_000, // milliseconds: longest window a schedule/EPG read may ask for
  maxProgramsPerWindow: 20_000, // programs per channel in one window
  versionPollMs: 2_000, // milliseconds between checks of the store's lineup version (other replicas)
};
export type LineupConfig = typeof LINEUP_DEFAULTS;

export type LineupChangeReason = 'channels' | 'schedule' | 'programming' | 'assets' | 'external';
export interface LineupChange {
  version: number;
  reason: LineupChangeReason;
  /** Channels whose lineup changed; null = possibly all. */
  channelIds: string[] | null;
}
export type LineupListener = (change: LineupChange) => void;

export interface EpgChannel {
  channel: ChannelSummary;
  programs: AiringProgram[];
}

export interface LineupServiceOptions {
  store: LineupStore;
  clock: () => number;
  /** The version-polling timer (default: the system's, unref'd). */
  timers?: Timers;
  config?: Partial<LineupConfig>;
  /** Where listener failures are reported (main.ts: the `lineup` child; default: nowhere). */
  logger?: Logger;
}

interface ChannelsState {
  list: Channel[]; // sorted by number
  byId: Map<string, Channel>;
}

/** Each programmed channel's versions and overrides. */
type ProgrammingState = Map<string, { versions: ProgrammingVersion[]; overrides: Override[] }>;

/** What a channel's engine depends on: its versions, its overrides and the assets they name, as they are. */
function engineKey(versions: readonly ProgrammingVersion[], overrides: readonly Override[], playable: ReadonlyMap<string, PlayableAsset>): string {
  const named = new Set<string>();
  for (const v of versions) {
    for (const items of Object.values(v.collections)) for (const id of items) named.add(id);
    if (v.rules.fallback) named.add(v.rules.fallback);
  }
  for (const o of overrides) for (const id of o.items) named.add(id);
  const assets = [...named].sort().map((id) => {
    const a = playable.get(id);
    return a ? `${id}:${a.durationMs}:${a.segmentMs}` : `${id}:-`;
  });
  return JSON.stringify([versions.map((v) => [v.version, v.effectiveFromMs, v.createdAt]), overrides.map((o) => [o.id, o.startMs, o.endMs]), assets]);
}

/** The assets a programming engine may schedule: ready, with a duration. */
function playableAssets(assets: ReadonlyMap<string, Asset>): Map<string, PlayableAsset> {
  const out = new Map<string, PlayableAsset>();
  for (const a of assets.values()) if (a.status === 'ready' && a.durationMs > 0) out.set(a.id, { durationMs: a.durationMs, segmentMs: Math.round(a.segmentSeconds * 1000) });
  return out;
}

export class LineupService {
  readonly config: LineupConfig;
  /** Random per process: ETags built on version() never repeat across restarts. */
  readonly bootId = randomBytes(4).toString('hex');
  private readonly store: LineupStore;
  private readonly clock: () => number;
  private readonly timers: Timers;
  private readonly logger: Logger;
  private readonly channelsState = new Lazy<ChannelsState>();
  private readonly assetsState = new Lazy<Map<string, Asset>>();
  private readonly programmingState = new Lazy<ProgrammingState>();
  private playable: { from: Map<string, Asset>; assets: Map<string, PlayableAsset> } | null = null;
  private readonly engines = new Map<string, { key: string; engine: ProgrammingEngine }>();
  private readonly programs = new Map<string, Lazy<Program[]>>();
  private indexes = new Map<string, ChannelIndex>();
  private readonly listeners = new Set<LineupListener>();
  private readonly mutex = new Mutex();
  private localVersion = 0;
  private storeVersion = -1;
  private lastPollMs = Number.NEGATIVE_INFINITY;
  private polling = false;

  constructor(options: LineupServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.timers = options.timers ?? BACKGROUND_TIMERS;
    this.config = { ...LINEUP_DEFAULTS, ...options.config };
    this.logger = options.logger ?? silentLogger();
  }

  /** Loads channels, assets and the store's version (optional: reads load lazily too). */
  async init(): Promise<void> {
    this.storeVersion = await this.store.lineupVersion();
    this.localVersion = Math.max(this.localVersion, this.storeVersion);
    this.lastPollMs = this.clock();
    await Promise.all([this.loadChannels(), this.loadAssets()]);
  }

  /** Changes whenever anything that affects "what is on" or the EPG changes (assets included). */
  version(): number {
    return this.localVersion;
  }

  /**
   * Checks the store's version every `versionPollMs` even when nobody reads, so listeners (the
   * broker) hear of changes other processes made. Returns the function that stops it.
   */
  startVersionPolling(): () => void {
    let timer: unknown = null;
    const tick = () => {
      this.pollVersion();
      timer = this.timers.setTimeout(tick, this.config.versionPollMs);
    };
    timer = this.timers.setTimeout(tick, this.config.versionPollMs);
    return () => this.timers.clearTimeout(timer);
  }

  /** Registers a listener for lineup changes; returns the function that removes it. */
  onChange(listener: LineupListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- reads --------------------------------------------------------------------------------

  async channels(): Promise<Channel[]> {
    return (await this.loadChannels()).list;
  }

  async channel(id: string): Promise<Channel | null> {
    return (await this.loadChannels()).byId.get(id) ?? null;
  }

  async assets(): Promise<Asset[]> {
    return [...(await this.loadAssets()).values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  async asset(id: string): Promise<Asset | null> {
    return (await this.loadAssets()).get(id) ?? null;
  }

  /** Current and next program of a channel at tMs; null when the channel does not exist. */
  async now(channelId: string, tMs: number): Promise<ChannelNow | null> {
    const cached = this.indexes.get(channelId);
    if (cached) {
      this.pollVersion();
      return nowOf(cached, tMs);
    }
    const index = await this.index(channelId);
    return index ? nowOf(index, tMs) : null;
  }

  /** "Now" of every enabled channel, by channel number. */
  async nowAll(tMs: number): Promise<ChannelNow[]> {
    const indexes = await this.enabledIndexes();
    return indexes.map((index) => nowOf(index, tMs));
  }

  /** Programs of a channel overlapping [fromMs, toMs); null when the channel does not exist. */
  async window(channelId: string, fromMs: number, toMs: number): Promise<AiringProgram[] | null> {
    validateWindow(fromMs, toMs, this.config.maxWindowMs);
    const index = await this.index(channelId);
    return index ? this.windowOf(index, fromMs, toMs) : null;
  }

  /** The EPG: every enabled channel with its programs overlapping [fromMs, toMs). */
  async epg(fromMs: number, toMs: number): Promise<EpgChannel[]> {
    validateWindow(fromMs, toMs, this.config.maxWindowMs);
    const indexes = await this.enabledIndexes();
    return indexes.map((index) => ({ channel: index.summary, programs: this.windowOf(index, fromMs, toMs) }));
  }

  /** When the channel's current program next changes after tMs (for boundary timers); null if never. */
  async nextBoundaryAfter(channelId: string, tMs: number): Promise<number | null> {
    const index = await this.index(channelId);
    return index ? index.nextBoundaryAfter(tMs) : null;
  }

  // ---- mutations (serialized; each invalidates exactly what it touched) ---------------------

  async createChannel(input: ChannelInput): Promise<Channel> {
    return this.mutex.run(async () => {
      const now = this.clock();
      const channel = await normalizeChannel((assetId) => this.store.getAsset(assetId), { ...input, id: input.id ?? newId('ch') }, now, now);
      if (await this.store.getChannel(channel.id)) throw new Errors.ChannelIdTaken(channel.id);
      await this.storeWrite(() => this.store.createChannel(channel), channel);
      await this.changed('channels', [channel.id]);
      return channel;
    });
  }

  async updateChannel(id: string, patch: ChannelPatch): Promise<Channel> {
    return this.mutex.run(async () => {
      const existing = await this.store.getChannel(id);
      if (!existing) throw new Errors.ChannelNotFound(id);
      const merged: ChannelInput & { id: string } = { ...existing, ...definedOnly(patch), id };
      const channel = await normalizeChannel((assetId) => this.store.getAsset(assetId), merged, existing.createdAt, this.clock());
      const found = await this.storeWrite(() => this.store.updateChannel(channel), channel);
      if (!found) throw new Errors.ChannelNotFound(id);
      await this.changed('channels', [id]);
      return channel;
    });
  }

  async deleteChannel(id: string): Promise<void> {
    return this.mutex.run(async () => {
      if (!(await this.store.deleteChannel(id))) throw new Errors.ChannelNotFound(id);
      await this.changed('channels', [id]);
    });
  }

  /**
   * Registers or replaces an asset (the pipeline and broadcasters call this). It keeps its createdAt,
   * and its rating unless `asset` says one (null clears it): the pipeline re-registering a file knows
   * nothing of ratings.
   */
  async putAsset(asset: Asset): Promise<Asset> {
    return this.mutex.run(async () => {
      const existing = await this.store.getAsset(asset.id);
      const { rating = existing?.rating, ...rest } = asset;
      const stored: Asset = { ...rest, ...(rating === undefined ? {} : { rating }), createdAt: existing?.createdAt ?? asset.createdAt };
      await this.store.putAsset(stored);
      await this.changed('assets', null);
      return stored;
    });
  }

  /** Sets (or, with null, clears) an asset's rating; every airing of it follows. */
  async setAssetRating(id: string, rating: Rating | null): Promise<Asset> {
    return this.mutex.run(async () => {
      const existing = await this.store.getAsset(id);
      if (!existing) throw new Errors.AssetNotFound(id);
      const stored: Asset = { ...existing, rating, updatedAt: this.clock() };
      await this.store.putAsset(stored);
      await this.changed('assets', null);
      return stored;
    });
  }

  /** Announces that assets changed in the store behind this service's back (e.g. a pipeline worker). */
  async assetsChanged(): Promise<void> {
    await this.mutex.run(() => this.changed('assets', null));
  }

  /** Replaces the programs of [fromMs, toMs) atomically; returns the new programs. */
  async replaceSchedule(channelId: string, fromMs: number, toMs: number, requests: ProgramRequest[]): Promise<AiringProgram[]> {
    validateWindow(fromMs, toMs, this.config.maxWindowMs);
    return this.mutex.run(async () => {
      await this.requireExplicitChannel(channelId);
      const built: Program[] = [];
      for (const request of requests) {
        const asset = requireReadyAsset(request.assetId, await this.store.getAsset(request.assetId));
        built.push(buildProgram(request, asset, { id: newId('p'), channelId }));
      }
      const sorted = checkWindowPrograms(fromMs, toMs, built);
      const existing = await this.store.listPrograms(channelId, fromMs, toMs);
      const cut = existing.find((p) => p.startMs < fromMs || p.endMs > toMs);
      if (cut) throw new Errors.ScheduleOverlap(`${describeProgram(cut)}, which crosses the window's edge; widen the window`);
      await this.store.replacePrograms(channelId, fromMs, toMs, sorted);
      await this.changed('schedule', [channelId]);
      const assets = await this.loadAssets();
      return sorted.map((p) => toAiringWith(p, assets));
    });
  }

  /** Appends one program after the channel's last one (or at `startMs` if given and later). */
  async appendProgram(channelId: string, request: Omit<ProgramRequest, 'startMs'> & { startMs?: number }): Promise<AiringProgram> {
    return this.mutex.run(async () => {
      await this.requireExplicitChannel(channelId);
      const asset = requireReadyAsset(request.assetId, await this.store.getAsset(request.assetId));
      const last = await this.store.lastProgram(channelId);
      const startMs = request.startMs ?? last?.endMs ?? this.clock();
      if (last && startMs < last.endMs) throw new Errors.ScheduleOverlap(describeProgram(last));
      const program = buildProgram({ ...request, startMs }, asset, { id: newId('p'), channelId });
      await this.store.insertProgram(program);
      await this.changed('schedule', [channelId]);
      return toAiringWith(program, await this.loadAssets());
    });
  }

  async deleteProgram(channelId: string, programId: string): Promise<void> {
    return this.mutex.run(async () => {
      await this.requireExplicitChannel(channelId);
      if (!(await this.store.deleteProgram(channelId, programId))) throw new Errors.ProgramNotFound(programId);
      await this.changed('schedule', [channelId]);
    });
  }

  /**
   * Runs a mutation the programming service writes to the store itself, serialized with every other
   * mutation, then invalidates what it touched and tells the listeners.
   */
  async mutate<T>(reason: LineupChangeReason, channelIds: string[] | null, task: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const result = await task();
      await this.changed(reason, channelIds);
      return result;
    });
  }

  /** How the channel's schedule is made. */
  async kindOf(channel: Channel): Promise<'explicit' | 'loop' | 'programmed'> {
    if ((await this.programmingOf(channel.id)).versions.length > 0) return 'programmed';
    return channel.loop ? 'loop' : 'explicit';
  }

  /** A channel's programming versions and overrides (empty when it has none). */
  async programmingOf(channelId: string): Promise<{ versions: ProgrammingVersion[]; overrides: Override[] }> {
    return (await this.loadProgramming()).get(channelId) ?? { versions: [], overrides: [] };
  }

  // ---- internals ----------------------------------------------------------------------------

  private windowOf(index: ChannelIndex, fromMs: number, toMs: number): AiringProgram[] {
    try {
      return index.window(fromMs, toMs, this.config.maxProgramsPerWindow);
    } catch (err) {
      if (err instanceof WindowTooLargeError) throw new Errors.InvalidRange(err.message);
      throw err;
    }
  }

  private async requireExplicitChannel(channelId: string): Promise<Channel> {
    const channel = await this.store.getChannel(channelId);
    if (!channel) throw new Errors.ChannelNotFound(channelId);
    if (channel.loop) throw new Errors.ChannelIsLoop(channelId);
    if ((await this.programmingOf(channelId)).versions.length > 0) throw new Errors.ChannelIsProgrammed(channelId);
    return channel;
  }

  /** Runs a channel write, turning the store's uniqueness conflicts into coded errors. */
  private async storeWrite<T>(write: () => Promise<T>, channel: Channel): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof StoreConflictError) {
        if (err.field === 'id') throw new Errors.ChannelIdTaken(channel.id);
        throw new Errors.ChannelNumberTaken(channel.number);
      }
      throw err;
    }
  }

  /** Invalidates after a mutation, bumps the version and tells the listeners. */
  private async changed(reason: LineupChangeReason, channelIds: string[] | null): Promise<void> {
    if (reason === 'channels' || channelIds === null) this.channelsState.invalidate();
    if (reason === 'assets' || channelIds === null) this.assetsState.invalidate();
    if (reason === 'programming' || reason === 'channels' || channelIds === null) this.programmingState.invalidate();
    if (channelIds === null || reason === 'assets') {
      this.indexes = new Map();
      if (reason !== 'assets') this.programs.clear();
    } else {
      for (const id of channelIds) {
        this.indexes.delete(id);
        if (reason === 'schedule') this.programs.get(id)?.invalidate();
        if (reason === 'channels') {
          this.programs.delete(id);
          this.engines.delete(id); // a deleted channel's engine; a kept one is checked by its key anyway
        }
      }
    }
    const storeVersion = await this.store.lineupVersion().catch(() => this.storeVersion);
    this.storeVersion = Math.max(this.storeVersion, storeVersion);
    this.localVersion = Math.max(this.localVersion + 1, this.storeVersion);
    const change: LineupChange = { version: this.localVersion, reason, channelIds };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.logger.error({ err, code: 'SS_LINEUP_LISTENER_FAILED', version: change.version, reason }, 'lineup listener failed');
      }
    }
  }

  /** Every few seconds, checks whether another process changed the lineup in the store. */
  private pollVersion(): void {
    const now = this.clock();
    if (this.polling || now - this.lastPollMs < this.config.versionPollMs) return;
    this.polling = true;
    this.lastPollMs = now;
    this.store
      .lineupVersion()
      .then(async (v) => {
        if (v !== this.storeVersion) {
          const first = this.storeVersion < 0;
          this.storeVersion = v;
          if (!first) await this.mutex.run(() => this.changed('external', null));
        }
      })
      .catch(() => {})
      .finally(() => {
        this.polling = false;
      });
  }

  private loadChannels(): Promise<ChannelsState> | ChannelsState {
    return this.channelsState.get(async () => {
      const list = await this.store.listChannels();
      list.sort((a, b) => a.number - b.number);
      return { list, byId: new Map(list.map((c) => [c.id, c])) };
    });
  }

  private loadAssets(): Promise<Map<string, Asset>> | Map<string, Asset> {
    return this.assetsState.get(async () => new Map((await this.store.listAssets()).map((a) => [a.id, a])));
  }

  private loadProgramming(): Promise<ProgrammingState> | ProgrammingState {
    return this.programmingState.get(async () => {
      const [versions, overrides] = await Promise.all([this.store.allProgrammingVersions(), this.store.allOverrides()]);
      const state: ProgrammingState = new Map();
      const entry = (id: string) => {
        let found = state.get(id);
        if (!found) state.set(id, (found = { versions: [], overrides: [] }));
        return found;
      };
      for (const v of versions) entry(v.channelId).versions.push(v);
      for (const o of overrides) entry(o.channelId).overrides.push(o);
      return state;
    });
  }

  /**
   * The channel's programming engine, kept (with the checkpoints it has walked) while its versions,
   * overrides and the assets they name stay the same: another channel's edit or a new asset in the
   * library does not make it walk its history again.
   */
  private engineFor(channelId: string, mine: { versions: ProgrammingVersion[]; overrides: Override[] }, playable: Map<string, PlayableAsset>): ProgrammingEngine {
    const key = engineKey(mine.versions, mine.overrides, playable);
    const kept = this.engines.get(channelId);
    if (kept?.key === key) return kept.engine;
    const engine = new ProgrammingEngine({ channelId, versions: mine.versions, overrides: mine.overrides, assets: playable });
    this.engines.set(channelId, { key, engine });
    return engine;
  }

  private playableOf(assets: Map<string, Asset>): Map<string, PlayableAsset> {
    if (this.playable?.from !== assets) this.playable = { from: assets, assets: playableAssets(assets) };
    return this.playable.assets;
  }

  private loadPrograms(channelId: string): Promise<Program[]> | Program[] {
    let lazy = this.programs.get(channelId);
    if (!lazy) {
      lazy = new Lazy<Program[]>();
      this.programs.set(channelId, lazy);
    }
    return lazy.get(() => this.store.allPrograms(channelId));
  }

  /** The channel's index, built on first use after any invalidation. */
  private async index(channelId: string): Promise<ChannelIndex | null> {
    this.pollVersion();
    const cached = this.indexes.get(channelId);
    if (cached) return cached;
    const indexes = this.indexes;
    const { byId } = await this.loadChannels();
    const channel = byId.get(channelId);
    if (!channel) return null;
    const [programs, assets, programming] = await Promise.all([
      channel.loop ? [] : this.loadPrograms(channelId),
      this.loadAssets(),
      this.loadProgramming(),
    ]);
    const plain = buildChannelIndex(channel, programs, assets);
    const mine = programming.get(channelId);
    const engine = mine?.versions.length ? this.engineFor(channelId, mine, this.playableOf(assets)) : null;
    const built = engine ? switchedIndex(plain, programmedIndex(channel, engine, assets), engine.startMs as number) : plain;
    // Only cache if nothing was invalidated meanwhile (a newer map means a newer lineup).
    if (indexes === this.indexes && this.channelsState.peek()?.byId.get(channelId) === channel) indexes.set(channelId, built);
    return built;
  }

  private async enabledIndexes(): Promise<ChannelIndex[]> {
    const { list } = await this.loadChannels();
    const out: ChannelIndex[] = [];
    for (const channel of list) {
      if (!channel.enabled) continue;
      const index = await this.index(channel.id);
      if (index) out.push(index);
    }
    return out;
  }
}

