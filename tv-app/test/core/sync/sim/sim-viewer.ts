// One simulated viewer: the real ClockEstimator and PlaybackController driven the way the TV app
// drives them (a request timer, a 60 Hz frame loop, a play-at timer), against the simulated world.
import { ClockEstimator, type ClockEstimatorOptions } from '../../../../src/core/sync/clock-estimator.js';
import {
  PlaybackController,
  type PlaybackCommand,
  type PlaybackControllerOptions,
  type PlaybackState,
} from '../../../../src/core/sync/playback-controller.js';
import { PlayTimerAim } from '../../../../src/core/sync/play-timer-aim.js';
import { targetPositionSec, type ProgramTarget } from '../../../../src/core/sync/target-position.js';
import { EventQueue } from './event-queue.js';
import { Prng } from './prng.js';
import { CHROMIUM_LIKE, SimPlayer, type SimPlayerProfile } from './sim-player.js';
import { LOOPBACK_PROFILE, SimLocalClock, SimNetwork, SimServerClock, type NetworkProfile } from './sim-world.js';

export interface SimOptions {
  seed: number;
  skewMs: number; // local - true at the start (ms)
  driftPpm: number; // local clock drift against true time (ppm)
  network: NetworkProfile;
  player: SimPlayerProfile;
  frameMs: number; // frame interval (ms, true time)
  timerJitterMs: number; // setTimeout lateness, uniform 0..this (ms)
  clock: Partial<ClockEstimatorOptions>;
  playback: Partial<PlaybackControllerOptions>;
  /** The program to follow at a server time. */
  program: (serverMs: number) => ProgramTarget | null;
}

export interface FrameRecord {
  trueMs: number;
  state: PlaybackState;
  /** True media position - true schedule (ms), null when not playing. */
  errorMs: number | null;
  /** Estimated - true server time (ms). */
  clockErrorMs: number;
  command: PlaybackCommand['kind'];
}

export const START_MS = 1_760_000_000_000;

export const defaultSimOptions = (over: Partial<SimOptions> = {}): SimOptions => ({
  seed: 1,
  skewMs: -197_123.4,
  driftPpm: 100,
  network: { ...LOOPBACK_PROFILE },
  player: { ...CHROMIUM_LIKE },
  frameMs: 1000 / 60,
  timerJitterMs: 1,
  clock: {},
  playback: {},
  program: () => ({ id: 'p1', startMs: START_MS - 60_000, inMs: 0 }),
  ...over,
});

export class SimViewer {
  readonly queue = new EventQueue(START_MS);
  readonly rng: Prng;
  readonly local: SimLocalClock;
  readonly server = new SimServerClock();
  readonly network: SimNetwork;
  readonly player: SimPlayer;
  readonly clock: ClockEstimator;
  readonly controller: PlaybackController;
  /** Aims the play-at timer as the app's driver does. */
  readonly aim = new PlayTimerAim();
  readonly frames: FrameRecord[] = [];
  readonly commands: { trueMs: number; command: PlaybackCommand }[] = [];
  private pumpVersion = 0;
  private playVersion = 0;
  private target: ProgramTarget | null = null;

  constructor(readonly options: SimOptions) {
    this.rng = new Prng(options.seed);
    this.local = new SimLocalClock(START_MS, options.skewMs, options.driftPpm);
    this.network = new SimNetwork(this.queue, this.rng, this.server, options.network);
    this.player = new SimPlayer(new Prng(options.seed * 7919 + 1), options.player);
    this.clock = new ClockEstimator(options.clock);
    this.controller = new PlaybackController(options.playback);
  }

  private localNow(): number {
    return this.local.localAt(this.queue.now);
  }

  /** Start the request pump and the frame loop. */
  start(): this {
    this.pump();
    this.queue.after(0, () => this.frame());
    return this;
  }

  /** Run the world for `ms` more of true time. */
  run(ms: number): this {
    this.queue.runUntil(this.queue.now + ms);
    return this;
  }

  /** Run `fn` at `ms` from now (true time). */
  schedule(ms: number, fn: () => void): this {
    this.queue.after(ms, fn);
    return this;
  }

  /** The `control/sync` message arrives. */
  resync(): void {
    this.clock.requestResync(this.localNow());
    this.pump();
  }

  /** The request timer: send when due, then re-arm (a newer arming voids older ones). */
  pump(): void {
    const version = ++this.pumpVersion;
    const now = this.localNow();
    if (this.clock.nextRequestDueAt(now) <= now) {
      this.clock.onRequestSent(now);
      this.network.exchange(now, (reply) => {
        this.clock.onResponse(reply, this.localNow());
        this.pump();
      });
    }
    const due = this.clock.nextRequestDueAt(this.localNow());
    const at = this.local.trueAt(due) + this.rng.uniform(0, this.options.timerJitterMs);
    this.queue.at(Math.max(this.queue.now, at), () => {
      if (version === this.pumpVersion) this.pump();
    });
  }

  private frame(): void {
    this.queue.after(this.options.frameMs, () => this.frame());
    const now = this.localNow();
    const serverTrue = this.server.serverAt(this.queue.now);
    const clockError = this.clock.serverNow(now) - serverTrue;
    if (this.clock.state(now) === 'unsynced') return;
    const serverNowMs = this.clock.serverNow(now);
    this.target = this.options.program(serverNowMs);
    const command = this.controller.tick({
      localNowMs: now,
      serverNowMs,
      target: this.target,
      player: this.player.snapshot(now),
    });
    this.apply(command, now);
    const state = this.controller.state();
    const playing = state === 'locking' || state === 'locked' || state === 'correcting';
    const program = this.options.program(serverTrue);
    const errorMs = playing && program !== null
      ? (this.player.position(now) - targetPositionSec(program, serverTrue)) * 1000
      : null;
    this.frames.push({ trueMs: this.queue.now, state, errorMs, clockErrorMs: clockError, command: command.kind });
  }

  private apply(command: PlaybackCommand, now: number): void {
    if (command.kind !== 'keep') this.commands.push({ trueMs: this.queue.now, command });
    switch (command.kind) {
      case 'load':
        this.playVersion++;
        if (command.restart === true) this.player.seekPaused(command.positionSec, now);
        else this.player.load(command.positionSec, now);
        return;
      case 'play-at': {
        // As the app's driver: a timer aimed early by the lateness seen, then an exact (bounded) wait.
        const version = ++this.playVersion;
        const atLocal = command.localTimeMs;
        const armAt = this.aim.armAt(atLocal);
        const timed = armAt > now; // a timer is armed (else play at once)
        const fires = this.local.trueAt(armAt) + this.rng.uniform(0, this.options.timerJitterMs);
        this.queue.at(Math.max(this.queue.now, fires), () => {
          if (version !== this.playVersion) return;
          const fired = this.localNow();
          if (timed) this.aim.noteFired(armAt, fired);
          const playLocal = Math.max(fired, Math.min(atLocal, fired + this.aim.waitBudgetMs()));
          this.queue.at(Math.max(this.queue.now, this.local.trueAt(playLocal)), () => {
            if (version !== this.playVersion) return;
            const t = this.localNow();
            this.player.play(t);
            this.controller.notePlayIssued(t);
          });
        });
        return;
      }
      case 'set-rate':
        this.player.setRate(command.rate, now);
        return;
      case 'seek':
        this.player.seek(command.positionSec, now);
        return;
      case 'stop':
        this.player.pause(now);
        return;
      case 'keep':
        return;
    }
  }

  /** Frames recorded in [fromMs, toMs) of true time since the simulation start. */
  window(fromMs: number, toMs: number = Number.POSITIVE_INFINITY): FrameRecord[] {
    return this.frames.filter((f) => f.trueMs - START_MS >= fromMs && f.trueMs - START_MS < toMs);
  }
}

/** Percentile (0..100) of |values|. */
export function absPercentile(values: readonly number[], p: number): number {
  const s = values.map(Math.abs).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}
