// Runs the shared PlaybackController against a media port: every animation frame it reads the
// player, asks the controller, and applies the command (load paused, play at an exact local time,
// rate trim, seek, stop). One driver per tune: disposing it tears down its frame loop and timers.
//
// With a standby deck (a second player with its own controller), program boundaries are seamless:
// shortly before a boundary the standby deck loads the next program paused at its in-point and is
// started by its controller exactly at the program's start; at that tick the decks swap roles (the
// caller swaps visibility in the same frame) and the old deck, now without a target, is released.
import type { PlaybackController, PlaybackCommand, PlayerSnapshot } from '../../core/sync/playback-controller.js';
import { sameProgram, type ProgramTarget } from '../../core/sync/target-position.js';

import { PlayTimerAim } from '../../core/sync/play-timer-aim.js';
import { ListenerGroup, type FrameScheduler } from '../util/listener-group.js';
import { WINDOW_TIMERS, type Timers } from '../util/timers.js';

/** A target with its airing's end: an airing program, or the endless target of a live stream. */
export interface TimedTarget extends ProgramTarget {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * What the driver plays when, and from which URL: the channel's programs (channel-schedule.ts) or its
 * live stream (live-schedule.ts).
 */
export interface PlaySchedule {
  readonly channelId: string;
  /** The target on air at `serverMs`, or null when nothing known is on. */
  programAt(serverMs: number): TimedTarget | null;
  /** The target after the one on air (prepared on the standby deck before its start), or null. */
  programAfter(serverMs: number): TimedTarget | null;
  /** The data runs out soon (ask for fresh now/next). */
  needsRefresh(serverMs: number, marginMs: number): boolean;
  /** The target matching a controller's (it hands back what it was given). */
  find(target: ProgramTarget): TimedTarget | null;
  /** The manifest URL of a target, absolute. */
  urlFor(target: TimedTarget): string;
}

export interface MediaPort {
  /** Starts loading `url` paused at `positionSec` (a newer load supersedes an older one). */
  load(url: string, positionSec: number): void;
  /** The URL loaded or loading, or null. */
  loadedUrl(): string | null;
  /** Seconds of the loaded media buffered from `positionSec` on (0: none there, or a load in flight; Infinity: buffered to the media's end). */
  bufferedFrom(positionSec: number): number;
  /**
   * The load's first frame is held (paused, before its timed start) and `positionSec` lies later in
   * the same media: the player is fetching towards it, so a re-aim there can wait for the media
   * instead of loading again (which would cover the picture).
   */
  holdsFrameBefore(positionSec: number): boolean;
  /**
   * Pauses and seeks within the loaded media (a re-join on the same asset). `keepPicture`: a
   * timed restart that holds sync (engines without smooth rate trim): the paused frame stays on
   * screen, nothing is covered, and the play() that follows is no new start.
   */
  seekPaused(positionSec: number, options?: { keepPicture?: boolean }): void;
  /** Starts playback now (the prebuffered join). */
  play(): void;
  setRate(rate: number): void;
  seek(positionSec: number): void;
  stop(): void;
  /** The player now; while a load is in flight, no media (readyState 0): the previous program's state must not pass for the new one's. */
  snapshot(): PlayerSnapshot;
}

/** One player and the controller that steers it. */
export interface Deck {
  controller: PlaybackController;
  media: MediaPort;
}

export interface PlaybackDriverOptions {
  controller: PlaybackController;
  media: MediaPort;
  /** A second deck that prepares the next program (seamless boundaries); none: one deck re-joins. */
  standby?: Deck;
  /** Which deck is on air at the start: 0 = controller/media, 1 = standby (default 0). */
  onAir?: 0 | 1;
  /** The deck on air changed at a boundary: show it (and hide the other) in this frame. */
  onSwap?: (onAir: 0 | 1) => void;
  schedule: PlaySchedule;
  frames: FrameScheduler;
  /** Monotonic local clock, epoch-aligned ms (the one the clock estimator uses). */
  localNow: () => number;
  /** Estimated server time at a local time, epoch ms. */
  serverNow: (localMs: number) => number;
  /** Aims the play() timers by the lateness this TV's timers showed (kept across tunes; default: a new one). */
  playAim?: PlayTimerAim;
  /** The play-at timers (default: the window's). */
  timers?: Timers;
  /** Real elapsed time (ms) bounding the exact wait before a play() (default: performance.now). */
  elapsedMs?: () => number;
  /** The program on air changed (boundary crossed, or the first target). */
  onProgram?: (program: TimedTarget | null) => void;
  /** The schedule data runs out: fetch fresh now/next. */
  onNeedsRefresh?: () => void;
}

export const DRIVER_DEFAULTS = {
  refreshMarginMs: 5_000, // milliseconds before the end of the known schedule to ask for more
  refreshEveryMs: 2_000, // milliseconds between refresh requests while data is short
  prepareAheadMs: 6_000, // milliseconds before a boundary when the standby deck loads the next program
  // seconds that must be buffered at a position for a join there to seek within the loaded media; else
  // it loads afresh. WPE WebKit never gets ready after a seek into unbuffered media (Shaka's SourceBuffer
  // abort(), which it mishandles): measured stuck seeking at readyState 1.
  seekWithinBufferedSec: 0.5,
  // milliseconds a re-aim of a held first frame waits for the player to buffer its new position
  // before it loads afresh (a cold start whose load took longer than its lead)
  heldSeekWaitMs: 3_000,
};

/** A paused seek waiting for the media at its position (see MediaPort.holdsFrameBefore). */
interface WaitingSeek {
  positionSec: number;
  keepPicture: boolean;
  url: string;
  untilMs: number;
}

interface DeckRun extends Deck {
  target: ProgramTarget | null;
  playTimer: unknown;
  /** The pending play-at's local time and its firing (null: none pending). */
  playDue: { atMs: number; fire: (timed: boolean) => void } | null;
  waitingSeek?: WaitingSeek | null;
}

export class PlaybackDriver {
  private readonly group: ListenerGroup;
  private readonly decks: DeckRun[];
  private air: 0 | 1;
  private program: TimedTarget | null = null;
  private lastRefreshAskMs = Number.NEGATIVE_INFINITY;
  private started = false;
  private readonly aim: PlayTimerAim;
  private readonly timers: Timers;
  private readonly elapsedMs: () => number;

  constructor(private readonly opt: PlaybackDriverOptions) {
    this.aim = opt.playAim ?? new PlayTimerAim();
    this.timers = opt.timers ?? WINDOW_TIMERS;
    this.elapsedMs = opt.elapsedMs ?? (() => performance.now());
    this.group = new ListenerGroup(`tune:${opt.schedule.channelId}`);
    this.decks = [{ controller: opt.controller, media: opt.media, target: null, playTimer: null, playDue: null }];
    if (opt.standby) this.decks.push({ ...opt.standby, target: null, playTimer: null, playDue: null });
    this.air = opt.standby && opt.onAir === 1 ? 1 : 0;
    this.group.add(() => this.decks.forEach((d) => this.clearPlayTimer(d)));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.tick(); // the load starts now, not a frame later (zaps)
    this.group.everyFrame(this.opt.frames, () => this.tick());
  }

  dispose(): void {
    this.group.dispose();
  }

  controllerState(): string {
    return this.onAirDeck().controller.state();
  }

  /** The deck on air (0 = controller/media, 1 = standby). */
  get onAir(): 0 | 1 {
    return this.air;
  }

  /** Join again: the deck on air, the standby one, or deck 0/1 (e.g. the one whose load failed). */
  rejoin(which: 'on-air' | 'standby' | 0 | 1 = 'on-air'): void {
    const deck = which === 'on-air' ? this.onAirDeck() : which === 'standby' ? this.decks[1 - this.air] : this.decks[which];
    deck?.controller.rejoin();
  }

  private onAirDeck(): DeckRun {
    const deck = this.decks[this.air] ?? this.decks[0];
    if (!deck) throw new Error('playback driver without a deck');
    return deck;
  }

  get disposed(): boolean {
    return this.group.isDisposed;
  }

  /** One control step (exposed for tests; the frame loop calls it). */
  tick(): PlaybackCommand {
    const { schedule } = this.opt;
    const localNowMs = this.opt.localNow();
    const serverNowMs = this.opt.serverNow(localNowMs);
    const program = schedule.programAt(serverNowMs);
    if (program !== this.program) {
      this.program = program;
      this.opt.onProgram?.(program);
    }
    if (schedule.needsRefresh(serverNowMs, DRIVER_DEFAULTS.refreshMarginMs) && localNowMs - this.lastRefreshAskMs > DRIVER_DEFAULTS.refreshEveryMs) {
      this.lastRefreshAskMs = localNowMs;
      this.opt.onNeedsRefresh?.();
    }
    // A play() whose time has come but whose timer has not fired (a busy TV's timers run late) is
    // issued in this frame: the deck then never goes on air paused at a boundary.
    for (const deck of this.decks) this.playIfDue(deck, localNowMs);
    const spare = this.decks.length > 1 ? this.decks[1 - this.air] : undefined;
    if (spare && program && !sameProgram(program, this.onAirDeck().target) && sameProgram(program, spare.target)) {
      // The boundary: the standby deck was prepared for exactly this program and starts now.
      this.air = this.air === 0 ? 1 : 0;
      this.opt.onSwap?.(this.air);
    }
    const onAir = this.onAirDeck();
    const cmd = this.run(onAir, program, localNowMs, serverNowMs);
    const standby = this.decks.length > 1 ? this.decks[1 - this.air] : undefined;
    if (standby) this.run(standby, this.upcoming(program, serverNowMs), localNowMs, serverNowMs, onAir);
    return cmd;
  }

  /** The next program, once its start is near enough to prepare it on the standby deck. */
  private upcoming(program: TimedTarget | null, serverNowMs: number): TimedTarget | null {
    const next = this.opt.schedule.programAfter(serverNowMs);
    if (!next || next.startMs - serverNowMs > DRIVER_DEFAULTS.prepareAheadMs) return null;
    if (program && next.startMs < program.endMs) return null;
    return next;
  }

  private run(deck: DeckRun, target: TimedTarget | null, localNowMs: number, serverNowMs: number, learnFrom?: DeckRun): PlaybackCommand {
    if (target && !sameProgram(target, deck.target) && learnFrom) {
      // The two players are alike: start from the start lag and seek latency the deck on air learned.
      const { startLagMs, seekLatencyMs } = learnFrom.controller.learning();
      deck.controller.adoptLearning({ startLagMs, seekLatencyMs });
    }
    deck.target = target;
    this.settleWaitingSeek(deck, localNowMs);
    const cmd = deck.controller.tick({ localNowMs, serverNowMs, target, player: deck.media.snapshot() });
    this.apply(deck, cmd, localNowMs);
    return cmd;
  }

  private apply(deck: DeckRun, cmd: PlaybackCommand, localNowMs: number): void {
    const { schedule } = this.opt;
    const media = deck.media;
    if (cmd.kind !== 'keep') deck.waitingSeek = null;
    switch (cmd.kind) {
      case 'keep':
        return;
      case 'load': {
        this.clearPlayTimer(deck);
        const program = schedule.find(cmd.target);
        if (!program) return;
        const url = schedule.urlFor(program);
        const keepPicture = cmd.restart === true;
        const loaded = media.loadedUrl() === url;
        if (loaded && media.bufferedFrom(cmd.positionSec) >= DRIVER_DEFAULTS.seekWithinBufferedSec) media.seekPaused(cmd.positionSec, { keepPicture });
        else if (loaded && media.holdsFrameBefore(cmd.positionSec)) {
          deck.waitingSeek = { positionSec: cmd.positionSec, keepPicture, url, untilMs: localNowMs + DRIVER_DEFAULTS.heldSeekWaitMs };
        } else media.load(url, cmd.positionSec);
        return;
      }
      case 'play-at':
        this.schedulePlay(deck, cmd.localTimeMs, localNowMs);
        return;
      case 'set-rate':
        media.setRate(cmd.rate);
        return;
      case 'seek':
        media.seek(cmd.positionSec);
        return;
      case 'stop':
        this.clearPlayTimer(deck);
        media.stop();
        return;
    }
  }

  /** A held frame's re-aim: seek once the media is buffered there, or load afresh after waiting too long. */
  private settleWaitingSeek(deck: DeckRun, localNowMs: number): void {
    const wait = deck.waitingSeek;
    if (!wait) return;
    const media = deck.media;
    if (media.loadedUrl() !== wait.url) {
      deck.waitingSeek = null;
    } else if (media.bufferedFrom(wait.positionSec) >= DRIVER_DEFAULTS.seekWithinBufferedSec) {
      deck.waitingSeek = null;
      media.seekPaused(wait.positionSec, { keepPicture: wait.keepPicture });
    } else if (localNowMs >= wait.untilMs) {
      deck.waitingSeek = null;
      media.load(wait.url, wait.positionSec);
    }
  }

  /** play() at `atMs` (local): a timer aimed early by the lateness timers showed, then an exact wait. */
  private schedulePlay(deck: DeckRun, atMs: number, nowMs: number): void {
    this.clearPlayTimer(deck);
    const armAt = this.aim.armAt(atMs);
    const fire = (timed: boolean) => {
      deck.playTimer = null;
      deck.playDue = null;
      if (this.group.isDisposed) return;
      if (timed) this.aim.noteFired(armAt, this.opt.localNow());
      // Wait out the rest exactly; bounded in real time whatever the clock does.
      const waitUntil = this.elapsedMs() + this.aim.waitBudgetMs();
      while (this.opt.localNow() < atMs && this.elapsedMs() < waitUntil) {
        // busy wait (a few milliseconds; up to the lateness seen on a loaded TV)
      }
      deck.media.play();
      deck.controller.notePlayIssued(this.opt.localNow());
    };
    const wait = armAt - nowMs;
    if (wait <= 0) return fire(false);
    deck.playTimer = this.timers.setTimeout(() => fire(true), wait);
    deck.playDue = { atMs, fire };
  }

  /** Fires a pending play-at now if its time has passed (its timer is late), as a late timer would have. */
  private playIfDue(deck: DeckRun, localNowMs: number): void {
    const due = deck.playDue;
    if (!due || localNowMs < due.atMs) return;
    this.clearPlayTimer(deck);
    due.fire(true);
  }

  private clearPlayTimer(deck: DeckRun): void {
    if (deck.playTimer !== null) this.timers.clearTimeout(deck.playTimer);
    deck.playTimer = null;
    deck.playDue = null;
  }
}
