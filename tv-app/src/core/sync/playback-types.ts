/**
 * Types and defaults of the PlaybackController (see playback-controller.ts for the usage example).
 * Units: positions in seconds of media time; instants and durations in milliseconds.
 */
import type { ProgramTarget } from './target-position.js';

/** Defaults; override any subset through the constructor. Validated there. */
export const PLAYBACK_CONTROLLER_DEFAULTS = {
  gainPerSec: 3, // proportional gain: rate = 1 - gain x error (1/s; error in s)
  maxRateDeviation: 0.05, // |rate - 1| never exceeds this while the error is small (ratio)
  // Pulling in a larger error (a late start, a hiccup of a loaded TV's media clock) the rate may go
  // as far as removing it within catchUpMs, up to maxCatchUpRateDeviation: 150 ms behind is gone in
  // ~1.7 s, not the ~3.2 s a 5% cap takes (SyncPlay-style catch-up; a seek is still for > seekThresholdMs)
  catchUpMs: 1_000,
  maxCatchUpRateDeviation: 0.1, // (ratio)
  rateStep: 0.0005, // commanded rates are 1 + k x rateStep (ratio)
  maxRateSlewPerSec: 0.5, // the commanded rate moves at most this much per second (ratio/s)
  pullInGainPerSec: 15, // gain while pulling in an error of several ms (1/s), on the predicted error
  pullInEnterMs: 2.5, // |error| above this: pull in fast (ms; a join, a stall, a clock refinement)
  pullInExitMs: 1, // |predicted error| below this: back to the fine proportional law (ms; hysteresis)
  rateLatencyMs: 70, // a commanded rate reaches the media clock this much later (ms; Chromium, preservesPitch off)
  deadbandMs: 0.25, // |error| below this leaves the rate at 1 (ms)
  deadbandExitMs: 0.1, // once correcting, keep at it until |error| is below this (ms; hysteresis)
  seekThresholdMs: 300, // |error| above this is removed by a seek, below by the rate (ms)
  lockThresholdMs: 1, // |error| below this for lockHoldMs: locked (ms; half the steady-state goal, p95 <= 2 ms)
  lockHoldMs: 250, // (ms)
  unlockThresholdMs: 5, // locked and |error| above this: correcting (ms)
  joinLeadSec: 0.7, // prebuffer this far ahead of the schedule at first (s of media)
  joinLeadMarginSec: 0.25, // the lead is kept this far above the learned load time (s)
  maxJoinLeadSec: 3, // (s)
  maxJoinAttempts: 3, // prebuffer attempts before starting late and steering (count)
  prepareToleranceSec: 0.25, // a loaded player within this of the asked position counts as ready (s)
  minPlayAheadMs: 4, // a play-at closer to now than this is too late to be exact (ms)
  initialStartLagMs: 70, // the media clock starts this long after play(), until learned (ms)
  startSettleMs: 60, // the start lag is measured once the media clock has run this far (ms of media)
  initialSeekLatencyMs: 120, // the media clock resumes this long after a seek, until learned (ms)
  learnWeight: 0.5, // EWMA weight of a new lag measurement (0..1)
  maxLagMs: 1_000, // lag measurements above this are ignored (ms)
  startTimeoutMs: 3_000, // clock not running this long after the play-at time: join again (ms)
  seekTimeoutMs: 3_000, // clock not resumed this long after a seek: steer anyway (ms)
  loadTimeoutMs: 15_000, // player not ready this long after a load: load again (ms)
  clockRunEpsilonMs: 1, // media clock advance that proves it runs (ms)
  clockJumpMs: 20, // (server - local) changing more than this between ticks is a clock jump (ms)
  // The engine profile (engine-profile.ts picks these per media stack; the values above are Chromium's):
  initialLoadTimeMs: 0, // load command to ready, until learned (ms; 0: unknown, the first join starts at joinLeadSec)
  joinReadyState: 4, // paused at readyState >= this (and buffered, below): a play() now starts at once (0..4)
  joinMinBufferedSec: 0, // ...with at least this much media buffered ahead, when the player reports it (s)
  readyFallbackMs: 1_000, // readyState stays at 3 this long with readyFallbackBufferedSec buffered: accept 3 (ms)
  readyFallbackBufferedSec: 1, // (s; only when the player reports what it has buffered)
  rateTrim: 1, // 1: steer with playbackRate; 0: keep the rate at 1 and hold sync by timed restarts
  restartThresholdMs: 4, // rateTrim 0: |mean error| over a window of restartHoldMs above this: timed restart (ms)
  restartHoldMs: 500, // (ms)
  // rateTrim 0: |error| beyond this on restartAtOnceReads reads in a row is no read noise (~0.5 ms) but
  // a hiccup of the media clock (a loaded TV dropped or held frames): restart at once, not after the
  // window, unless a restart began less than restartHoldMs ago (ms)
  restartAtOnceMs: 15,
  restartAtOnceReads: 3, // (reads, one per frame)
  restartLeadSec: 0.1, // a timed restart seeks paused at least this far ahead of the schedule, then plays at its time (s)
  restartLeadMarginSec: 0.05, // the restart lead is kept this far above the learned restart preparation time (s)
  maxRestartLeadSec: 1, // a restart still late with this lead becomes a join (s)
} as const;

export type PlaybackControllerOptions = { readonly [K in keyof typeof PLAYBACK_CONTROLLER_DEFAULTS]: number };

/**
 * What a controller has learned about its player (for another controller driving a twin player,
 * or for the next session of the same device). All optional: missing or invalid values are ignored.
 */
export interface PlaybackLearning {
  /** Delay from play() to the media clock moving (ms). */
  readonly startLagMs?: number;
  /** Delay from a seek to the media clock moving again (ms). */
  readonly seekLatencyMs?: number;
  /** Time from a load command to the player being ready (ms). */
  readonly loadTimeMs?: number | null;
  /** Prebuffer lead (s). */
  readonly joinLeadSec?: number;
  /** The readyState this player reaches while paused and ready to start at once (3 or 4). */
  readonly joinReadyState?: number;
  /** Time from a timed restart's paused seek to the player being ready again (ms). */
  readonly restartPrepMs?: number | null;
}

/** What the player reports every tick (an HTMLVideoElement maps 1:1; a Node viewer simulates one). */
export interface PlayerSnapshot {
  /** Media clock (s): `video.currentTime`. */
  readonly currentTimeSec: number;
  /** `video.paused`. */
  readonly paused: boolean;
  /** `video.readyState` (0..4; 4 = HAVE_ENOUGH_DATA, "can play through"). */
  readonly readyState: number;
  /** `video.playbackRate` as currently set. */
  readonly playbackRate: number;
  /** `video.seeking`. */
  readonly seeking: boolean;
  /** `video.ended`. */
  readonly ended?: boolean;
  /** A `waiting`/`stalled` event since the last `playing` (the app tracks it from events). */
  readonly waiting?: boolean;
  /** Media buffered contiguously ahead of currentTime (s), when the player reports it. */
  readonly bufferedAheadSec?: number;
}

/** Input of one tick (call it every animation frame, ~60 Hz). */
export interface TickInput {
  /** Local monotonic clock (ms), the same clock the ClockEstimator and play-at times use. */
  readonly localNowMs: number;
  /** Estimated server time (epoch ms) at localNowMs: `clock.serverNow(localNowMs)`. */
  readonly serverNowMs: number;
  /** What should be playing; null stops. A different id/startMs/inMs is a program boundary. */
  readonly target: ProgramTarget | null;
  /** The player's state, read at localNowMs. */
  readonly player: PlayerSnapshot;
}

/**
 * What the caller must do now. Apply it right away (except play-at, at its time) and report the
 * player's state on the next tick.
 */
export type PlaybackCommand =
  /** Nothing to do. */
  | { readonly kind: 'keep' }
  /**
   * Load `target`'s media (or, if already loaded, seek) PAUSED at `positionSec`, with
   * playbackRate 1, and let it buffer until readyState 4. Sent at join, program boundary, re-join.
   * `restart`: a timed restart of the media already playing (rate trim off): seek paused within
   * it and keep showing the current picture (no slate), the play-at follows within ~restartLeadSec.
   */
  | { readonly kind: 'load'; readonly positionSec: number; readonly target: ProgramTarget; readonly restart?: boolean }
  /**
   * Call `play()` at local time `localTimeMs` (a one-shot timer; if already past, at once) and
   * report the real call time with `notePlayIssued`. A newer play-at replaces a pending one.
   */
  | { readonly kind: 'play-at'; readonly localTimeMs: number; readonly positionSec: number }
  /** Set `playbackRate` (with `preservesPitch = false` in a browser). */
  | { readonly kind: 'set-rate'; readonly rate: number }
  /** Set `currentTime = positionSec` while playing (aimed ahead by the learned seek latency). */
  | { readonly kind: 'seek'; readonly positionSec: number }
  /** The target went away: pause/unload. */
  | { readonly kind: 'stop' };

/**
 * joining: loading paused ahead of the schedule and waiting to start; locking: playing, converging
 * after a join; locked: |error| held under lockThresholdMs; correcting: lost lock (a seek or a
 * large error) after having been locked; stalled: the player is waiting for data; idle: no target.
 */
export type PlaybackState = 'idle' | 'joining' | 'locking' | 'locked' | 'correcting' | 'stalled';

/** Figures for overlays, logs, tests and benchmarks. */
export interface PlaybackStats {
  readonly state: PlaybackState;
  /** Media position minus schedule at the last tick (ms; + = ahead), null when not playing. */
  readonly errorMs: number | null;
  /** The last rate commanded (ratio). */
  readonly rate: number;
  /** From the start of the current join to its first lock (ms), null until locked. */
  readonly lockTimeMs: number | null;
  /** Error when the media clock started after the last join (ms), null before. */
  readonly joinErrorMs: number | null;
  /** Learned delay from play() to the media clock moving (ms). */
  readonly startLagMs: number;
  /** Learned delay from a seek to the media clock moving again (ms). */
  readonly seekLatencyMs: number;
  /** Current prebuffer lead (s). */
  readonly joinLeadSec: number;
  /** Current lead of a timed restart (s; rate trim off). */
  readonly restartLeadSec: number;
  /** From the media clock starting (first frame) to the first lock of the current join (ms), null until locked. */
  readonly lockAfterStartMs: number | null;
  readonly joins: number;
  readonly seeks: number;
  readonly rateChanges: number;
  /** Times the commanded rate went from above 1 to below 1 or back (oscillation indicator). */
  readonly rateDirectionChanges: number;
  readonly clockJumps: number;
  readonly stalls: number;
  /** Timed restarts (paused seek + play-at) that held sync without rate trim. */
  readonly restarts: number;
}
