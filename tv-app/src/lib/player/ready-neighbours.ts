// Ready neighbours: the channels above and below the one watched keep playing, muted and behind the
// picture, each on a deck of its own with its own driver, in sync with their schedules. CH+/CH- then
// takes the neighbour's deck as it is (DeckStage.setPair puts it in front and makes it heard): the new
// picture is up in the next frame, with no load at all. The deck of the channel left stays ready
// when that channel neighbours the new one (CH+ then CH- is free too); the other neighbour loads.
// Each ready neighbour costs a decoder, a download and its buffers: behind the picture it plays the
// lowest rung with a short buffer (BEHIND_SHAKA_CONFIG), and their number is a setting, capped by the
// engine profile (none on WPE WebKit) and 0 on a low-end device.
//
// Usage (the tuner):
//   const ready = neighbours.take(channelId);       // a playing deck and its schedule, or null
//   neighbours.keep(leftId, leftDeck, leftSchedule); // after the zap: the deck left stays ready
//   neighbours.pace(new Set([onAir, partner]), link); // every second: one more while locked and the link affords it
import { isStalled } from '../../core/sync/playback-controller.js';
import type { ChannelNav } from '../remote/channel-nav.js';
import { ChannelSchedule } from './channel-schedule.js';
import type { DeckStage } from './deck-stage.js';
import { playScheduleFor } from './live-schedule.js';
import { PlaybackDriver } from './playback-driver.js';
import { BEHIND_SHAKA_CONFIG, ON_AIR_SHAKA_CONFIG } from './shaka-config.js';
import type { FrameScheduler } from '../util/listener-group.js';
import type { TvServices } from '../util/tv-services.js';
import type { ChannelSummary } from '../../core/wire.js';

type NeighbourServices = Pick<TvServices, 'api' | 'clock' | 'config' | 'apiBaseUrl' | 'localNow' | 'playAim'>;

export const READY_NEIGHBOURS_DEFAULTS = {
  // The link affords ready neighbours while the bandwidth estimate is at least this many times the
  // rung on air (ratio): the on-air picture first, the neighbours' lowest rungs from what is left.
  linkHeadroom: 3,
  holdOffMs: 60_000, // milliseconds without ready neighbours after the link could not afford them
};

/** What the tune knows of the picture on air, each time it paces the neighbours. */
export interface OnAirLink {
  /** The picture on air is locked to the schedule. */
  locked: boolean;
  /** The player's bandwidth estimate, bits per second (0: none yet). */
  estimatedBps: number;
  /** The bandwidth of the rung on air, bits per second (0: unknown). */
  rungBps: number;
}

export interface ReadyNeighboursOptions {
  services: NeighbourServices;
  stage: DeckStage;
  nav: ChannelNav<ChannelSummary>;
  /** Ready neighbours kept (count, 0-2): the channel above first, then the one below. */
  count: number;
  frames: FrameScheduler;
}

interface Ready {
  readonly channelId: string;
  readonly deck: number;
  schedule: ChannelSchedule | null;
  driver: PlaybackDriver | null;
}

/** What the QA state shows of a ready neighbour. */
export interface ReadyNeighbourState {
  channelId: string;
  deck: number;
  playing: boolean;
}

export class ReadyNeighbours {
  private readonly ready = new Map<string, Ready>();
  private disposed = false;
  /** Local time (ms) before which no neighbour is made: the link could not afford them lately. */
  private holdOffUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly opt: ReadyNeighboursOptions) {}

  get count(): number {
    return this.opt.count;
  }

  /** The decks the ready neighbours hold. */
  decks(): Set<number> {
    return new Set([...this.ready.values()].map((r) => r.deck));
  }

  /**
   * The channel's deck, playing and in sync, with its schedule (it leaves the neighbours); null when it
   * is not ready: not started yet, or not playing through this instant (stalled behind the picture, a
   * paused re-join, a seek). A frozen picture put on air would stay frozen until its controller
   * seeks; the tune loads the channel instead, as for a far zap.
   */
  take(channelId: string): { deck: number; schedule: ChannelSchedule } | null {
    const r = this.ready.get(channelId);
    if (!r) return null;
    this.ready.delete(channelId);
    r.driver?.dispose(); // the deck's controller keeps its lock: the tune's driver steers it next
    this.opt.stage.configureDeck(r.deck, ON_AIR_SHAKA_CONFIG); // ABR climbs from the lowest rung
    const { media } = this.opt.stage.deck(r.deck);
    const now = media.snapshot();
    const playing = this.opt.stage.isStarted(r.deck) && !now.paused && !isStalled(now);
    if (r.schedule && playing) return { deck: r.deck, schedule: r.schedule };
    media.stop();
    return null;
  }

  /**
   * The deck that was on air for `channelId`, after a zap: it stays ready (playing on, in sync) when the
   * channel neighbours the one now tuned; returns false when it does not (the caller releases the deck).
   */
  keep(channelId: string, deck: number, schedule: ChannelSchedule): boolean {
    this.prune();
    if (this.disposed || this.ready.has(channelId) || !this.wanted().includes(channelId)) return false;
    const r: Ready = { channelId, deck, schedule, driver: null };
    this.ready.set(channelId, r);
    this.drive(r);
    return true;
  }

  /** Releases the neighbours that no longer neighbour the channel tuned (their decks stop). */
  prune(): void {
    const wanted = this.wanted();
    for (const r of [...this.ready.values()]) if (!wanted.includes(r.channelId)) this.drop(r);
  }

  /**
   * The tune's pace (every second or so): while the link affords them, and the picture on air is
   * locked, the next neighbour is made; when the link cannot afford them, every neighbour is released
   * (their downloads would take the picture's bandwidth) and none is made for a while.
   */
  pace(busy: ReadonlySet<number>, link: OnAirLink): void {
    const known = link.estimatedBps > 0 && link.rungBps > 0;
    if (known && link.estimatedBps < READY_NEIGHBOURS_DEFAULTS.linkHeadroom * link.rungBps) {
      this.holdOffUntil = this.opt.services.localNow() + READY_NEIGHBOURS_DEFAULTS.holdOffMs;
      this.releaseAll();
      return;
    }
    if (link.locked && this.opt.services.localNow() >= this.holdOffUntil) this.readyNext(busy);
  }

  /** Releases every ready neighbour (their decks stop). */
  releaseAll(): void {
    for (const r of [...this.ready.values()]) this.drop(r);
  }

  /**
   * Makes the next wanted neighbour ready, on a deck outside `busy` (the tune's decks): one at a time,
   * none while another is still loading (each load and first decode costs the TV what the picture on
   * air needs).
   */
  readyNext(busy: ReadonlySet<number>): void {
    if (this.disposed) return;
    this.prune();
    if ([...this.ready.values()].some((r) => !this.opt.stage.isStarted(r.deck))) return;
    for (const channelId of this.wanted()) {
      if (this.ready.has(channelId)) continue;
      const deck = this.freeDeck(busy);
      if (deck === null) return;
      const r: Ready = { channelId, deck, schedule: null, driver: null };
      this.ready.set(channelId, r);
      void this.opt.services.api.channelNow(channelId).then(
        (now) => {
          if (this.ready.get(channelId) !== r) return; // released meanwhile
          const { services } = this.opt;
          r.schedule = new ChannelSchedule(now, services.config.protocol, services.apiBaseUrl);
          // Alike players: start from what the deck on air has learned (start lag, seek latency).
          const { startLagMs, seekLatencyMs } = this.opt.stage.onAirController().learning();
          this.opt.stage.deck(deck).controller.adoptLearning({ startLagMs, seekLatencyMs });
          this.drive(r);
        },
        () => {
          if (this.ready.get(channelId) === r) this.ready.delete(channelId); // tried again at the next call
        },
      );
      return;
    }
  }

  /** A deck's load failed: if a neighbour holds it, release it (a later readyNext makes it again). */
  failed(deck: number): boolean {
    const r = [...this.ready.values()].find((x) => x.deck === deck);
    if (!r) return false;
    this.opt.stage.resetDeck(deck);
    this.drop(r);
    return true;
  }

  state(): ReadyNeighbourState[] {
    return [...this.ready.values()].map((r) => ({ channelId: r.channelId, deck: r.deck, playing: this.opt.stage.isStarted(r.deck) }));
  }

  dispose(): void {
    this.disposed = true;
    this.releaseAll();
  }

  /** The channels to keep ready: above, then below the channel tuned (none that is the channel itself). */
  private wanted(): string[] {
    const { nav } = this.opt;
    const current = nav.current?.id ?? null;
    const ids: string[] = [];
    for (const delta of [1, -1] as const) {
      const n = nav.neighbour(delta);
      if (n && n.id !== current && !ids.includes(n.id)) ids.push(n.id);
    }
    return ids.slice(0, Math.max(0, this.opt.count));
  }

  /** A deck neither the tune nor a neighbour uses: the stage's own decks first, the SDK VideoPlayer's last. */
  private freeDeck(busy: ReadonlySet<number>): number | null {
    const held = this.decks();
    for (let i = this.opt.stage.maxDecks - 1; i >= 0; i--) if (!busy.has(i) && !held.has(i)) return i;
    return null;
  }

  private drive(r: Ready): void {
    const schedule = r.schedule;
    if (!schedule) return;
    const { services, stage, frames } = this.opt;
    stage.configureDeck(r.deck, BEHIND_SHAKA_CONFIG);
    const driver = new PlaybackDriver({
      ...stage.deck(r.deck),
      schedule: playScheduleFor(schedule, services.config, services.apiBaseUrl),
      frames,
      localNow: services.localNow,
      serverNow: (local) => services.clock.serverNow(local),
      playAim: services.playAim,
      onNeedsRefresh: () => {
        void services.api.channelNow(r.channelId).then(
          (now) => schedule.update(now),
          () => {
            // Asked again while the data stays short (the driver paces its asks).
          },
        );
      },
    });
    r.driver = driver;
    driver.start();
  }

  private drop(r: Ready): void {
    this.ready.delete(r.channelId);
    r.driver?.dispose();
    r.driver = null;
    this.opt.stage.deck(r.deck).media.stop();
    this.opt.stage.configureDeck(r.deck, ON_AIR_SHAKA_CONFIG); // the deck may serve a tune next
  }
}
