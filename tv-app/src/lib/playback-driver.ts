// Runs the shared PlaybackController against a media port: every animation frame it reads the
// player, asks the controller, and applies the command (load paused, play at an exact local time,
// rate trim, seek, stop). One driver per tune: disposing it tears down its frame loop and timers.
import type { PlaybackController, PlaybackCommand, PlayerSnapshot } from '../core/sync/playback-controller.js';
import type { AiringProgramPayload } from '../core/protocol.js';
import { ListenerGroup, type FrameScheduler } from './listener-group.js';
import type { ChannelSchedule } from './channel-schedule.js';

export interface MediaPort {
  /** Starts loading `url` paused at `positionSec` (a newer load supersedes an older one). */
  load(url: string, positionSec: number): void;
  /** The URL loaded or loading, or null. */
  loadedUrl(): string | null;
  /** Pauses and seeks within the loaded media (a re-join on the same asset). */
  seekPaused(positionSec: number): void;
  /** Starts playback now (the prebuffered join). */
  play(): void;
  setRate(rate: number): void;
  seek(positionSec: number): void;
  stop(): void;
  snapshot(): PlayerSnapshot;
}

export interface PlaybackDriverOptions {
  controller: PlaybackController;
  media: MediaPort;
  schedule: ChannelSchedule;
  frames: FrameScheduler;
  /** Monotonic local clock, epoch-aligned ms (the one the clock estimator uses). */
  localNow: () => number;
  /** Estimated server time at a local time, epoch ms. */
  serverNow: (localMs: number) => number;
  /** The program on air changed (boundary crossed, or the first target). */
  onProgram?: (program: AiringProgramPayload | null) => void;
  /** The schedule data runs out: fetch fresh now/next. */
  onNeedsRefresh?: () => void;
}

export const DRIVER_DEFAULTS = {
  spinBeforeMs: 4, // milliseconds: the play-at timer fires this early, then waits exactly
  refreshMarginMs: 5_000, // milliseconds before the end of the known schedule to ask for more
  refreshEveryMs: 2_000, // milliseconds between refresh requests while data is short
};

export class PlaybackDriver {
  private readonly group: ListenerGroup;
  private playTimer: ReturnType<typeof setTimeout> | null = null;
  private program: AiringProgramPayload | null = null;
  private lastRefreshAskMs = Number.NEGATIVE_INFINITY;
  private started = false;

  constructor(private readonly opt: PlaybackDriverOptions) {
    this.group = new ListenerGroup(`tune:${opt.schedule.channelId}`);
    this.group.add(() => this.clearPlayTimer());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.group.everyFrame(this.opt.frames, () => this.tick());
  }

  dispose(): void {
    this.group.dispose();
  }

  controllerState(): string {
    return this.opt.controller.state();
  }

  get disposed(): boolean {
    return this.group.isDisposed;
  }

  /** One control step (exposed for tests; the frame loop calls it). */
  tick(): PlaybackCommand {
    const { controller, media, schedule } = this.opt;
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
    const cmd = controller.tick({ localNowMs, serverNowMs, target: program, player: media.snapshot() });
    this.apply(cmd, localNowMs);
    return cmd;
  }

  private apply(cmd: PlaybackCommand, localNowMs: number): void {
    const { media, schedule } = this.opt;
    switch (cmd.kind) {
      case 'keep':
        return;
      case 'load': {
        this.clearPlayTimer();
        const program = schedule.find(cmd.target);
        if (!program) return;
        const url = schedule.urlFor(program);
        if (media.loadedUrl() === url) media.seekPaused(cmd.positionSec);
        else media.load(url, cmd.positionSec);
        return;
      }
      case 'play-at':
        this.schedulePlay(cmd.localTimeMs, localNowMs);
        return;
      case 'set-rate':
        media.setRate(cmd.rate);
        return;
      case 'seek':
        media.seek(cmd.positionSec);
        return;
      case 'stop':
        this.clearPlayTimer();
        media.stop();
        return;
    }
  }

  /** play() at `atMs` (local): a timer to just before, then a short exact wait. */
  private schedulePlay(atMs: number, nowMs: number): void {
    this.clearPlayTimer();
    const fire = () => {
      this.playTimer = null;
      if (this.group.isDisposed) return;
      // Wait out the last few milliseconds exactly; bounded in real time whatever the clock does.
      const spinUntil = performance.now() + 2 * DRIVER_DEFAULTS.spinBeforeMs;
      while (this.opt.localNow() < atMs && performance.now() < spinUntil) {
        // busy wait (at most a few milliseconds)
      }
      this.opt.media.play();
      this.opt.controller.notePlayIssued(this.opt.localNow());
    };
    const wait = atMs - nowMs - DRIVER_DEFAULTS.spinBeforeMs;
    if (wait <= 0) fire();
    else this.playTimer = setTimeout(fire, wait);
  }

  private clearPlayTimer(): void {
    if (this.playTimer !== null) clearTimeout(this.playTimer);
    this.playTimer = null;
  }
}
