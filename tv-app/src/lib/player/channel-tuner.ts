// Tuning one channel at a time: its now/next (a neighbour's prefetched copy when fresh), its schedule,
// and the playback driver over the two decks; then keeping it watchable: the API away (the tune is
// tried again, backing off), media errors (the deck reloads, then "Channel unavailable" and a later
// tune), a program boundary into nothing. It says what the viewer should see (TunerEvents); the page
// shows it and answers the remote. Lifetimes: everything one tune sets up lives in its own group, so
// a channel change tears down exactly that.

import type { ChannelNav } from '../remote/channel-nav.js';
import type { ChannelPreloader } from './channel-preloader.js';
import { ChannelSchedule } from './channel-schedule.js';
import { playScheduleFor } from './live-schedule.js';
import type { DeckStage } from './deck-stage.js';
import type { ReadyNeighbours } from './ready-neighbours.js';
import { clockTime } from '../util/format.js';
import { ListenerGroup } from '../util/listener-group.js';
import { markBoot } from '../util/boot-marks.js';
import { PlaybackDriver, type PlaySchedule } from './playback-driver.js';
import { ShiftedSchedule } from './shifted-schedule.js';
import { rememberLearning } from './playback-memory.js';
import type { TvServices } from '../util/tv-services.js';
import { TuneSuperseded } from './video-port.js';
import type { ChannelNow, ChannelSummary } from '../../core/wire.js';

export const TUNER_DEFAULTS = {
  lineupRetryMaxMs: 15_000, // milliseconds: ceiling of the re-tune backoff while the API is away
  apiRetryBaseMs: 1_000, // milliseconds before a tune whose now/next could not be fetched is retried (doubles)
  mediaRetries: 2, // reloads after a media error before the "unavailable" slate
  mediaRetryDelayMs: 1_000, // milliseconds x attempt before a reload
  unavailableRetryMs: 10_000, // milliseconds before an unavailable channel is tried again
  neighbourPreloadDelayMs: 1_500, // milliseconds after a first frame before neighbours are preloaded; between two ready neighbours made
  rememberLearningDelayMs: 3_000, // milliseconds after a first frame before the learned delays are kept
};

/** What the picture area shows: the slate (with a message, '' for none) or the picture. */
export type TuneView =
  | { kind: 'covered'; message: string } // a tune or re-join: the slate until the first frame (or the timed start)
  | { kind: 'cued' } // the load's first frame, held paused at the aimed position until its timed start
  | { kind: 'playing' }
  | { kind: 'unavailable'; message: string }; // the media fails, the API is away, or nothing is on

export interface TunerEvents {
  view(view: TuneView): void;
  /** The tuned channel and what is on (null: not known yet): the banner. */
  programs(channel: ChannelSummary, now: ChannelNow | null): void;
  /** A tune began (the banner shows, the screens follow the channel). */
  tuned(channel: ChannelSummary): void;
}

export interface ChannelTunerOptions {
  services: TvServices;
  decks: DeckStage;
  nav: ChannelNav<ChannelSummary>;
  preloader: ChannelPreloader;
  /** Channels kept playing behind the picture for instant CH+/CH- (null or count 0: Shaka preloads instead). */
  neighbours?: ReadyNeighbours | null;
  storage: Storage | null;
  events: TunerEvents;
}

/** Shaka's LOAD_INTERRUPTED (7000) and OBJECT_DESTROYED (7003): a newer load replaced this one. */
export function isSupersededLoad(error: unknown): boolean {
  if (error instanceof TuneSuperseded) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 7000 || code === 7003 || code === 'SS_TV_TUNE_SUPERSEDED';
}

/** A short description of a media error for the log: Shaka category/code, or the DOM error. */
export function describeMediaError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as { category?: unknown; code?: unknown; message?: unknown; type?: unknown };
  if (typeof e.code === 'number') return `shaka category ${String(e.category)} code ${e.code}`;
  if (typeof e.message === 'string') return e.message;
  return typeof e.type === 'string' ? `media event ${e.type}` : 'unknown media error';
}

export class ChannelTuner {
  private driver: PlaybackDriver | null = null;
  /** The stage's decks the tune plays on: [the one it started on air, the one preparing boundaries]. */
  private pair: [number, number] = [0, 1];
  private current: ChannelSchedule | null = null;
  private group: ListenerGroup | null = null;
  private seq = 0;
  private mediaErrors = 0;
  /** now/next fetches that failed in a row (the API is away): the re-tune backoff grows with it. */
  private apiFailures = 0;
  /** The slate's message while the channel's media fails ('' otherwise), and for which channel. */
  private unavailableNote = '';
  private unavailableChannelId: string | null = null;
  /** How far behind its schedule the tune plays (start-over, a resumed pause), or null: live. */
  private shiftMs: number | null = null;
  /** The channel and the picture's position while held (paused), or null. */
  private held: { channel: ChannelSummary } | null = null;

  constructor(private readonly opt: ChannelTunerOptions) {}

  /** How far behind the schedule the tune plays (ms), or null when it plays live. */
  get timeShiftMs(): number | null {
    return this.shiftMs;
  }

  get isHeld(): boolean {
    return this.held !== null;
  }

  /**
   * Plays the tuned channel `shiftMs` behind its schedule (start-over, or resuming a pause), or live
   * again (null): the tune's driver starts over on the same decks with the shifted (or real)
   * schedule, so the join lands on the frame the shift asks for. False when nothing is tuned.
   */
  timeShift(shiftMs: number | null): boolean {
    const schedule = this.current;
    const channel = this.opt.nav.current;
    if (!schedule || !channel || !this.group) return false;
    this.driver?.dispose();
    this.held = null;
    this.shiftMs = shiftMs === null ? null : Math.max(0, shiftMs);
    this.startDriver(channel, schedule, this.pair);
    return true;
  }

  /**
   * Holds the picture (pause): the driver stops and the deck on air pauses on its frame; a
   * timeShift() resumes. False when nothing plays.
   */
  hold(): boolean {
    const channel = this.opt.nav.current;
    if (!this.driver || !channel) return false;
    this.driver.dispose();
    this.driver = null;
    const media = this.opt.decks.deck(this.opt.decks.onAir).media;
    media.seekPaused(media.snapshot().currentTimeSec, { keepPicture: true });
    this.held = { channel };
    return true;
  }

  /** The schedule of the channel tuned now (null before its now/next is in). */
  get schedule(): ChannelSchedule | null {
    return this.current;
  }

  /**
   * Tunes `channelId` (the nav selects it); a newer tune supersedes this one at every await. A ready
   * neighbour's deck goes on air as it plays (no load); otherwise the channel loads under the slate.
   */
  async tune(channelId: string): Promise<void> {
    const { services, nav, decks, events } = this.opt;
    const channel = nav.select(channelId);
    if (!channel) return;
    const seq = ++this.seq;
    markBoot('tune');
    const left = this.current;
    this.end();
    this.shiftMs = null; // another channel (or the same again) plays live
    this.held = null;
    this.mediaErrors = 0;
    if (channelId !== this.unavailableChannelId) this.unavailableNote = '';
    const group = new ListenerGroup(`tune:${channelId}`);
    this.group = group;
    services.broker.watchChannel(channelId);
    events.tuned(channel);
    const ready = this.opt.neighbours?.take(channelId) ?? null;
    const leftDeck = decks.onAir;
    const kept = left !== null && left.channelId !== channelId && this.opt.neighbours?.keep(left.channelId, leftDeck, left) === true;
    if (ready) {
      // The neighbour plays in sync already: in front, heard, and the tune's driver steers it on.
      this.releaseExcept([ready.deck], kept ? [leftDeck] : []);
      const pair = this.choosePair(ready.deck);
      events.programs(channel, ready.schedule.data);
      this.play(channel, ready.schedule, pair, group);
      void this.refreshNow(channelId);
      return;
    }
    this.opt.neighbours?.prune();
    events.programs(channel, null);
    // Until the new channel's first frame, the slate (under the banner) covers the old picture:
    // never black, never frozen, never the wrong channel.
    events.view({ kind: 'covered', message: '' });
    // The load goes to the deck on air (it replaces the old picture), or to deck 0 when that deck stays
    // ready for the channel left, or when there are no ready neighbours (the Shaka preloads are on deck 0).
    const readyCount = this.opt.neighbours?.count ?? 0;
    const pair = this.choosePair(kept || readyCount === 0 ? null : leftDeck);
    this.releaseExcept(pair, kept ? [leftDeck] : []);
    decks.setPair(pair[0], pair[1]); // the channel left goes behind and quiet now, not after the fetch

    // A now/next fetched ahead (a neighbour's preload, or the boot's) is good for a tune; refreshed
    // right after unless it is brand new.
    const early = this.opt.preloader.earlyNow(channelId);
    const now = (early ? await early.now : null) ?? (await this.fetchNow(channelId));
    if (this.seq !== seq) return;
    if (!now) {
      // The API is away (the client has retried already): tune again later, backing off.
      events.view({ kind: 'unavailable', message: 'Channel unavailable · retrying' });
      this.apiFailures++;
      const delay = Math.min(TUNER_DEFAULTS.lineupRetryMaxMs, TUNER_DEFAULTS.apiRetryBaseMs * 2 ** (this.apiFailures - 1));
      group.timeout(() => {
        if (nav.current?.id === channelId) void this.tune(channelId);
      }, delay);
      return;
    }
    this.apiFailures = 0;
    if (early && !early.fresh) void this.refreshNow(channelId);
    const schedule = new ChannelSchedule(now, services.config.protocol, services.apiBaseUrl);
    events.programs(channel, now);
    markBoot('load');
    this.play(channel, schedule, pair, group);
  }

  /** The tune's decks: `onAir` (a ready neighbour's, or the deck on air) and a free one; with none given, deck 0 where free (the Shaka preloads are there). */
  private choosePair(onAir: number | null): [number, number] {
    const held = this.opt.neighbours?.decks() ?? new Set<number>();
    const free: number[] = [];
    for (let i = 0; i < this.opt.decks.maxDecks; i++) if (!held.has(i) && i !== onAir) free.push(i);
    const first = onAir ?? free.shift() ?? 0;
    return [first, free.find((i) => i !== first) ?? (first === 0 ? 1 : 0)];
  }

  /** Stops every deck that is neither in `use` nor in `keep` (nor a ready neighbour's): no hidden player plays on. */
  private releaseExcept(use: readonly number[], keep: readonly number[]): void {
    const { decks } = this.opt;
    const held = this.opt.neighbours?.decks() ?? new Set<number>();
    for (const i of [decks.onAir, decks.partnerDeck]) {
      if (i === null || use.includes(i) || keep.includes(i) || held.has(i)) continue;
      decks.deck(i).media.stop();
    }
  }

  /** Runs the tune's driver over `pair` (the first on air), following the channel's retained now/next. */
  private play(channel: ChannelSummary, schedule: ChannelSchedule, pair: [number, number], group: ListenerGroup): void {
    const { services, nav, decks, events } = this.opt;
    const channelId = channel.id;
    this.current = schedule;
    this.pair = pair;
    group.add(
      services.brokerEvents.on('channelNow', (payload) => {
        if (schedule.update(payload)) events.programs(nav.byId(channelId) ?? channel, schedule.data);
      }),
    );
    this.startDriver(channel, schedule, pair);
    const neighbours = this.opt.neighbours;
    if (neighbours && neighbours.count > 0) {
      // Ready neighbours cost a load, a decoder and a download each: one at a time, only while the
      // picture on air is locked and the link affords them, so they never disturb the channel watched.
      group.interval(() => {
        const media = services.mediaStats();
        neighbours.pace(new Set(this.pair), {
          locked: decks.state() === 'locked',
          estimatedBps: media?.estimatedBandwidth ?? 0,
          rungBps: media?.rungBandwidth ?? 0,
        });
      }, TUNER_DEFAULTS.neighbourPreloadDelayMs);
    }
  }

  /** The tune's driver over `pair` (the first on air), on the schedule as the time shift has it. */
  private startDriver(channel: ChannelSummary, schedule: ChannelSchedule, pair: [number, number]): void {
    const { services, nav, decks } = this.opt;
    const channelId = channel.id;
    const [onAir, partner] = pair;
    const played: PlaySchedule = this.shiftMs === null ? playScheduleFor(schedule, services.config, services.apiBaseUrl) : new ShiftedSchedule(schedule, this.shiftMs);
    this.driver = new PlaybackDriver({
      ...decks.deck(onAir),
      standby: decks.deck(partner),
      onAir: 0,
      onSwap: (deck) => decks.setOnAir(pair[deck]),
      schedule: played,
      frames: window,
      localNow: services.localNow,
      serverNow: (local) => services.clock.serverNow(local),
      playAim: services.playAim,
      onProgram: (program) => this.onProgram(nav.byId(channelId) ?? channel, program),
      onNeedsRefresh: () => void this.refreshNow(channelId),
    });
    decks.setPair(onAir, partner); // a ready deck tells the page it plays (the picture is up at once)
    this.driver.start();
  }

  /** Ends the tune: its driver, timers and subscriptions. */
  end(): void {
    this.driver?.dispose();
    this.driver = null;
    this.group?.dispose();
    this.group = null;
    this.current = null;
  }

  /** Join again (control/sync for this channel). */
  rejoin(): void {
    this.driver?.rejoin();
  }

  /** The deck on air has its first frame up. */
  started(): void {
    this.mediaErrors = 0;
    this.unavailableNote = '';
    this.opt.events.view({ kind: 'playing' });
    // Preload the neighbours once this join has settled: not while the media clock is starting (ready
    // neighbours are made by the tune's own pace, see play()).
    if ((this.opt.neighbours?.count ?? 0) === 0) this.group?.timeout(() => this.opt.preloader.preloadNeighbours(), TUNER_DEFAULTS.neighbourPreloadDelayMs);
    // Once the start lag of this join has been measured, keep it for the next session.
    this.group?.timeout(() => rememberLearning(this.opt.storage, this.opt.decks.onAirController().learning(), Date.now()), TUNER_DEFAULTS.rememberLearningDelayMs);
  }

  /** The deck on air holds its load's first frame until the timed start: shown where the engine's frame is the aimed one. */
  cued(): void {
    if (this.unavailableNote || this.opt.services.engineProfile.cuedPicture !== 'frame') return;
    this.opt.events.view({ kind: 'cued' });
  }

  /** The deck on air is loading again (a re-join): covered, still saying it is unavailable while it is. */
  loading(): void {
    this.opt.events.view(this.unavailableNote ? { kind: 'unavailable', message: this.unavailableNote } : { kind: 'covered', message: '' });
  }

  /** A load or play failed: reload (the deck on air a few times, backing off), then "unavailable" and a later tune. */
  mediaError(error: unknown, where: { onAir: boolean; deck: number }): void {
    if (isSupersededLoad(error)) return;
    const { decks, nav, services } = this.opt;
    console.warn('StreamSync TV: media error', describeMediaError(error));
    if (!where.onAir && this.opt.neighbours?.failed(where.deck)) return; // a ready neighbour: made again later
    if (!where.onAir) {
      // The deck preparing the next program failed: prepare it again; the picture on air is fine.
      const rel = this.pair.indexOf(where.deck);
      decks.resetDeck(where.deck);
      if (rel === 0 || rel === 1) this.group?.timeout(() => this.driver?.rejoin(rel), TUNER_DEFAULTS.mediaRetryDelayMs);
      return;
    }
    this.mediaErrors++;
    decks.resetDeck(where.deck);
    const channelId = nav.current?.id;
    if (this.mediaErrors <= TUNER_DEFAULTS.mediaRetries) {
      this.group?.timeout(() => this.driver?.rejoin(), TUNER_DEFAULTS.mediaRetryDelayMs * this.mediaErrors);
      return;
    }
    const next = this.current?.programAfter(services.clock.serverNow());
    const when = next ? ` · next program at ${clockTime(next.startMs)}` : '';
    this.unavailableNote = `Channel unavailable${when}`;
    this.unavailableChannelId = channelId ?? null;
    this.opt.events.view({ kind: 'unavailable', message: this.unavailableNote });
    this.group?.timeout(() => {
      if (channelId && channelId === nav.current?.id) void this.tune(channelId);
    }, TUNER_DEFAULTS.unavailableRetryMs);
  }

  /** Fetches the channel's now/next again; the schedule takes it if it is still the one tuned. */
  async refreshNow(channelId: string, options: { revalidate?: boolean } = {}): Promise<void> {
    const now = await this.fetchNow(channelId, options);
    const channel = this.opt.nav.byId(channelId);
    if (now && channel && this.current?.channelId === channelId && this.current.update(now)) this.opt.events.programs(channel, now);
  }

  private onProgram(channel: ChannelSummary, program: { startMs: number } | null): void {
    const schedule = this.current;
    if (!schedule) return;
    this.opt.events.programs(channel, schedule.data);
    if (program !== null) return;
    const next = schedule.programAfter(this.opt.services.clock.serverNow());
    this.opt.events.view({ kind: 'unavailable', message: next ? `Nothing on now · next at ${clockTime(next.startMs)}` : 'Nothing on now' });
  }

  private async fetchNow(channelId: string, options: { revalidate?: boolean } = {}): Promise<ChannelNow | null> {
    try {
      // Not a clock sample: a revalidated (304) copy carries the serverTimeMs of when it was made.
      return await this.opt.services.api.channelNow(channelId, options);
    } catch {
      return null; // the tune says so on screen; a background refresh keeps what plays
    }
  }
}
