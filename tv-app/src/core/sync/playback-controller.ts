/**
 * PlaybackController: keeps a player's media clock on the channel's schedule.
 *
 * Pure state machine, no timers: call `tick()` every animation frame with the estimated server
 * time and the player's state, apply the returned command, and report when `play()` really ran.
 *
 * Usage (browser, HTMLVideoElement with `preservesPitch = false`):
 * ```ts
 * const ctl = new PlaybackController();                   // or new PlaybackController({ seekThresholdMs: 500 })
 * // `waiting`: set on the element's 'waiting' event, cleared on 'playing'. Tick only once
 * // clock.state(now) !== 'unsynced'.
 * let playTimer: ReturnType<typeof setTimeout> | undefined;
 * function frame(): void {
 *   const localNowMs = performance.timeOrigin + performance.now();
 *   const cmd = ctl.tick({
 *     localNowMs,
 *     serverNowMs: clock.serverNow(localNowMs),
 *     target: currentProgram,                             // { id, startMs, inMs } (an AiringProgram fits)
 *     player: { currentTimeSec: video.currentTime, paused: video.paused, readyState: video.readyState,
 *               playbackRate: video.playbackRate, seeking: video.seeking, ended: video.ended, waiting },
 *   });
 *   switch (cmd.kind) {
 *     case 'load':                                       // cancel a pending play; load/seek paused, rate 1
 *       clearTimeout(playTimer); void loadPaused(cmd.target, cmd.positionSec); break;
 *     case 'play-at':
 *       clearTimeout(playTimer);
 *       playTimer = setTimeout(() => {
 *         void video.play(); ctl.notePlayIssued(performance.timeOrigin + performance.now());
 *       }, Math.max(0, cmd.localTimeMs - localNowMs));
 *       break;
 *     case 'set-rate': video.playbackRate = cmd.rate; break;
 *     case 'seek': video.currentTime = cmd.positionSec; break;
 *     case 'stop': video.pause(); break;
 *     case 'keep': break;
 *   }
 *   requestAnimationFrame(frame);
 * }
 * ```
 *
 * Control: error = currentTime - schedule. |error| > seekThresholdMs: seek to the schedule plus
 * the learned seek latency. Errors of several ms (a join that landed off, a short stall) are pulled
 * in fast: above pullInEnterMs the rate is 1 - pullInGainPerSec x the error predicted once the rates
 * already commanded reach the clock (they take rateLatencyMs), clamped to 1 +- 5%, until the
 * predicted error is under pullInExitMs. Otherwise rate = 1 - gainPerSec x error, clamped to
 * 1 +- 5%, quantized to 0.0005, slew-limited, and 1 inside the deadband (with hysteresis: a
 * correction runs until |error| < deadbandExitMs). Measured in Chromium this holds ~0.2 ms p95.
 * Locked: |error| under lockThresholdMs (1 ms, half the steady-state goal of p95 <= 2 ms) held
 * for lockHoldMs (250 ms).
 *
 * Join by prebuffering: `load` paused at P = schedule + lead; when readyState is 4, `play-at` the
 * local time at which the schedule reaches P minus the learned start lag. When the clock starts,
 * the true lag is measured (extrapolating the first moving reading back to its start), and
 * measured again once the clock has run startSettleMs (Chromium's clock jumps, stops, then runs
 * right after play(); steering waits for that): the first measurement replaces the default, later
 * ones are averaged in (EWMA, learnWeight). `learning()`/`adoptLearning()` hand what was learned to
 * a twin player's controller (or to the device's next session).
 * Seek latency is learned the same way after each seek. If the player gets ready too late for
 * the play-at to be exact, it loads again with a larger lead (up to maxJoinAttempts, then it
 * starts at once and steers); the lead also adapts to the learned load time.
 *
 * Events: a new target (id, startMs or inMs) is a program boundary and starts a join; a null
 * target stops. A stall (`waiting`, readyState < 3) freezes steering; the error it leaves is
 * removed by rate or, past seekThresholdMs, by a seek. A jump of (server - local) between ticks
 * (a clock re-sync) re-aims a pending play-at; while playing, the error it reveals is handled like
 * any other. A pause behind the controller's back starts a new join.
 */
import { PLAYBACK_CONTROLLER_DEFAULTS } from './playback-types.js';
import type {
  PlaybackCommand,
  PlaybackControllerOptions,
  PlaybackLearning,
  PlaybackState,
  PlaybackStats,
  PlayerSnapshot,
  TickInput,
} from './playback-types.js';
import { LagLearning, type StartLagMark } from './lag-learning.js';
import { LockTracker } from './lock-tracker.js';
import { RateLaw } from './rate-law.js';
import { sameProgram, serverTimeAtPositionMs, targetPositionSec, type ProgramTarget } from './target-position.js';

export { PLAYBACK_CONTROLLER_DEFAULTS } from './playback-types.js';
export type {
  PlaybackCommand,
  PlaybackControllerOptions,
  PlaybackLearning,
  PlaybackState,
  PlaybackStats,
  PlayerSnapshot,
  TickInput,
} from './playback-types.js';

const KEEP: PlaybackCommand = { kind: 'keep' };

type Phase =
  | { readonly name: 'idle' }
  | { readonly name: 'preparing'; readonly positionSec: number; readonly issuedAtMs: number; readySinceMs: number | null }
  | { readonly name: 'scheduled'; readonly positionSec: number; playAtMs: number; playIssuedAtMs: number | null }
  | { readonly name: 'running' };

/** The player is not playing through: a `waiting`/`stalled` since its last `playing`, short of future data (readyState < 3), or seeking. */
export function isStalled(player: PlayerSnapshot): boolean {
  return player.waiting === true || player.readyState < 3 || player.seeking;
}

export class PlaybackController {
  private readonly opt: PlaybackControllerOptions;
  private target: ProgramTarget | null = null;
  private phase: Phase = { name: 'idle' };
  private stalled = false;
  private joinAttempts = 0;
  private seekPending: { positionSec: number; issuedAtMs: number } | null = null;
  private lastOffsetMs: number | null = null;
  private lastTickMs: number | null = null;
  private readonly law: RateLaw;
  private readonly lags: LagLearning;
  /**
   * The start lag of timed restarts, learned apart: their play() resumes a prerolled pipeline after a
   * paused seek within its buffer, where a join's starts a pipeline just loaded. On a loaded WPE TV a
   * run of zaps taught joins ~60-110 ms, and restarts aimed with it started that much early.
   */
  private readonly restartLags: LagLearning;
  private readonly lock: LockTracker;
  private leadSec: number;
  private loadTimeMs: number | null = null;
  private errorMs: number | null = null;
  private joinErrorMs: number | null = null;
  private pendingJoinError = false;
  /** A started join whose lag is re-measured once the media clock has settled. */
  private startProbe: { positionSec: number; issuedAtMs: number; mark: StartLagMark | null; lags: LagLearning } | null = null;
  private rejoinRequested = false;
  /** The readyState that means ready while paused: the profile's, or 3 once this player showed it never reports 4 paused. */
  private joinReadyState: number;
  /** A timed restart (rate trim off) is in progress: its load and play-at are a correction, not a join. */
  private restarting = false;
  /** Rate trim off: the error averaged over the current window of restartHoldMs (reads carry ~0.5 ms of noise). */
  private restartWindow: { fromMs: number; sumMs: number; n: number } | null = null;
  /** Rate trim off: reads in a row with |error| beyond restartAtOnceMs. */
  private farReads = 0;
  /** Local time the last timed restart began (ms). */
  private lastRestartMs = Number.NEGATIVE_INFINITY;
  /** Learned time from a restart's paused seek to the player observed ready (ms; includes the frame interval). */
  private restartPrepMs: number | null = null;
  private readonly n = { joins: 0, seeks: 0, rateChanges: 0, rateDirectionChanges: 0, clockJumps: 0, stalls: 0, restarts: 0 };

  /** @param options overrides of {@link PLAYBACK_CONTROLLER_DEFAULTS}; RangeError when invalid. */
  constructor(options: Partial<PlaybackControllerOptions> = {}) {
    const merged: PlaybackControllerOptions = { ...PLAYBACK_CONTROLLER_DEFAULTS, ...options };
    for (const [key, value] of Object.entries(merged)) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`PlaybackController option ${key} must be a finite number >= 0`);
    }
    this.opt = merged;
    this.law = new RateLaw(merged);
    if (this.opt.rateStep <= 0 || this.opt.maxRateDeviation >= 1 || this.opt.maxCatchUpRateDeviation >= 1) {
      throw new RangeError('rateStep must be > 0, maxRateDeviation and maxCatchUpRateDeviation < 1');
    }
    if (this.opt.learnWeight > 1) throw new RangeError('learnWeight must be within 0..1');
    this.lags = new LagLearning(this.opt);
    this.restartLags = new LagLearning(this.opt);
    this.lock = new LockTracker(this.opt);
    this.leadSec = this.opt.joinLeadSec;
    this.joinReadyState = this.opt.joinReadyState;
    if (this.opt.initialLoadTimeMs > 0) {
      this.loadTimeMs = this.opt.initialLoadTimeMs;
      this.adaptLead();
    }
  }

  /** One control step; returns the command to apply now. Non-finite inputs are ignored (keep). */
  tick(input: TickInput): PlaybackCommand {
    const { localNowMs: now, serverNowMs, target, player } = input;
    if (![now, serverNowMs, player.currentTimeSec, player.playbackRate, player.readyState].every(Number.isFinite)) return KEEP;
    const dt = this.lastTickMs === null ? 0 : Math.max(0, now - this.lastTickMs);
    this.lastTickMs = now;
    const offset = serverNowMs - now;
    const jumped = this.lastOffsetMs !== null && Math.abs(offset - this.lastOffsetMs) > this.opt.clockJumpMs;
    if (jumped) this.n.clockJumps++;
    this.lastOffsetMs = offset;

    if (!sameProgram(target, this.target)) {
      this.target = target;
      if (target === null) {
        this.phase = { name: 'idle' };
        this.errorMs = null;
        return { kind: 'stop' };
      }
      return this.startJoin(target, serverNowMs, now);
    }
    if (target === null) return KEEP;
    if (this.rejoinRequested) {
      this.rejoinRequested = false;
      return this.startJoin(target, serverNowMs, now);
    }

    switch (this.phase.name) {
      case 'idle':
        return this.startJoin(target, serverNowMs, now);
      case 'preparing':
        return this.prepare(target, player, serverNowMs, now, this.phase);
      case 'scheduled':
        return this.awaitStart(target, player, serverNowMs, now, this.phase, jumped);
      case 'running':
        return this.steer(target, player, serverNowMs, now, dt);
    }
  }

  /** The caller called `play()` at local time `localMs` (for a pending play-at). */
  notePlayIssued(localMs: number): void {
    if (this.phase.name === 'scheduled' && this.phase.playIssuedAtMs === null && Number.isFinite(localMs)) {
      this.phase.playIssuedAtMs = localMs;
    }
  }

  /** Join again on the next tick (e.g. after `control/sync`, or when the app re-created its player). */
  rejoin(): void {
    this.rejoinRequested = true;
  }

  /** Current state. */
  state(): PlaybackState {
    switch (this.phase.name) {
      case 'idle':
        return 'idle';
      case 'preparing':
      case 'scheduled':
        return this.restarting ? 'correcting' : 'joining';
      case 'running':
        if (this.stalled) return 'stalled';
        if (this.lock.locked) return 'locked';
        return this.lock.everLocked ? 'correcting' : 'locking';
    }
  }

  /** Figures since construction (counters) and of the current join. */
  stats(): PlaybackStats {
    return {
      state: this.state(),
      errorMs: this.errorMs,
      rate: this.law.rate,
      lockTimeMs: this.lock.lockTimeMs,
      joinErrorMs: this.joinErrorMs,
      startLagMs: this.lags.startLagMs,
      seekLatencyMs: this.lags.seekLatencyMs,
      joinLeadSec: this.leadSec,
      restartLeadSec: this.restartLeadSec(),
      lockAfterStartMs: this.lock.lockAfterStartMs,
      ...this.n,
    };
  }

  /** What this controller has learned about its player (start lag, seek latency, load time, lead). */
  learning(): PlaybackLearning {
    return {
      startLagMs: this.lags.startLagMs, seekLatencyMs: this.lags.seekLatencyMs, loadTimeMs: this.loadTimeMs, joinLeadSec: this.leadSec,
      joinReadyState: this.joinReadyState, restartPrepMs: this.restartPrepMs,
    };
  }

  /**
   * Starts from what another controller (a twin player, or this device's last session) learned.
   * Values outside the controller's limits are ignored; later measurements refine them as usual.
   */
  adoptLearning(learned: PlaybackLearning): void {
    const o = this.opt;
    const ok = (v: number | null | undefined, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
    this.lags.adopt({
      ...(ok(learned.startLagMs, o.maxLagMs) ? { startLagMs: learned.startLagMs } : {}),
      ...(ok(learned.seekLatencyMs, o.maxLagMs) ? { seekLatencyMs: learned.seekLatencyMs } : {}),
    });
    if (ok(learned.loadTimeMs, o.loadTimeoutMs)) this.loadTimeMs = learned.loadTimeMs;
    if (ok(learned.joinLeadSec, o.maxJoinLeadSec)) this.leadSec = Math.max(o.joinLeadSec, learned.joinLeadSec);
    if (learned.joinReadyState === 3 || learned.joinReadyState === 4) this.joinReadyState = Math.min(this.joinReadyState, learned.joinReadyState);
    if (ok(learned.restartPrepMs, o.maxRestartLeadSec * 1000)) this.restartPrepMs = learned.restartPrepMs;
  }

  // ---- join ----

  private startJoin(target: ProgramTarget, serverNowMs: number, now: number): PlaybackCommand {
    this.n.joins++;
    this.joinAttempts = 0;
    this.lock.startJoin(now);
    this.joinErrorMs = null;
    return this.issueLoad(target, serverNowMs, now);
  }

  private issueLoad(target: ProgramTarget, serverNowMs: number, now: number): PlaybackCommand {
    this.restarting = false;
    this.restartWindow = null;
    this.farReads = 0;
    this.joinAttempts++;
    this.stalled = false;
    this.law.resetModes();
    this.seekPending = null;
    this.lock.restart();
    this.errorMs = null;
    this.startProbe = null;
    this.setRate(1, now);
    const startSec = (target.inMs ?? 0) / 1000;
    const positionSec = Math.max(startSec, targetPositionSec(target, serverNowMs) + this.leadSec);
    this.phase = { name: 'preparing', positionSec, issuedAtMs: now, readySinceMs: null };
    return { kind: 'load', positionSec, target };
  }

  /**
   * Rate trim off: a timed restart. Seek paused a little ahead of the schedule within the media
   * playing, then play() at the time the schedule reaches it (the join's exact start, without a
   * reload). The picture freezes for about the restart lead; the start lands within the start lag's
   * jitter (~1 ms measured on WPE WebKit, where every rate change costs 15-105 ms of media time).
   * The lead follows the learned time to get ready again (a loaded TV shows frames less often and
   * seeks slower); a restart that was still late is tried again with a longer lead, picture kept,
   * and becomes a join (slate) only once even maxRestartLeadSec was too short.
   */
  private issueRestart(target: ProgramTarget, serverNowMs: number, now: number, again = false): PlaybackCommand {
    if (!again) {
      this.n.restarts++; // a late restart tried again with a longer lead is the same restart
      this.lastRestartMs = now;
    }
    this.joinAttempts = Math.max(0, this.opt.maxJoinAttempts - 2); // a restart that gives up may reload once with a longer lead
    const cmd = this.issueLoad(target, serverNowMs, now);
    this.restarting = true;
    this.lock.interrupt({ unlock: true });
    const startSec = (target.inMs ?? 0) / 1000;
    const positionSec = Math.max(startSec, targetPositionSec(target, serverNowMs) + this.restartLeadSec());
    if (cmd.kind !== 'load') return cmd;
    this.phase = { name: 'preparing', positionSec, issuedAtMs: now, readySinceMs: null };
    return { kind: 'load', positionSec, target, restart: true };
  }

  /** Paused at the asked position with enough data that a play() now starts at once. */
  private readyToStart(player: PlayerSnapshot, phase: Extract<Phase, { name: 'preparing' }>, now: number): boolean {
    const o = this.opt;
    if (!player.paused || player.seeking || Math.abs(player.currentTimeSec - phase.positionSec) > o.prepareToleranceSec) {
      phase.readySinceMs = null;
      return false;
    }
    const buffered = player.bufferedAheadSec;
    if (player.readyState >= this.joinReadyState && (buffered === undefined || buffered >= o.joinMinBufferedSec)) return true;
    // Measured, not assumed: some media stacks (WebKit's GStreamer MSE) never report 4 while
    // paused. Held at 3 with a good buffer, this player is ready: accept 3 from now on.
    if (this.joinReadyState > 3 && player.readyState === 3 && buffered !== undefined && buffered >= o.readyFallbackBufferedSec) {
      phase.readySinceMs ??= now;
      if (now - phase.readySinceMs >= o.readyFallbackMs) {
        this.joinReadyState = 3;
        return true;
      }
      return false;
    }
    phase.readySinceMs = null;
    return false;
  }

  private prepare(
    target: ProgramTarget, player: PlayerSnapshot, serverNowMs: number, now: number,
    phase: Extract<Phase, { name: 'preparing' }>,
  ): PlaybackCommand {
    const ready = this.readyToStart(player, phase, now);
    if (!ready) {
      return now - phase.issuedAtMs > this.opt.loadTimeoutMs ? this.issueLoad(target, serverNowMs, now) : KEEP;
    }
    const loadMs = now - phase.issuedAtMs;
    if (this.restarting) this.restartPrepMs = this.restartPrepMs === null ? loadMs : this.ewma(this.restartPrepMs, loadMs);
    else this.loadTimeMs = this.loadTimeMs === null ? loadMs : this.ewma(this.loadTimeMs, loadMs);
    const positionSec = player.currentTimeSec;
    const playAtMs = this.playAtFor(target, positionSec, serverNowMs - now);
    const lateMs = now + this.opt.minPlayAheadMs - playAtMs;
    if (lateMs > 0 && this.restarting) {
      const tried = this.restartLeadSec();
      // Late by lateMs with this lead: next time get ready that much sooner (picture kept).
      this.restartPrepMs = Math.max(this.restartPrepMs ?? 0, loadMs + lateMs);
      if (tried < this.opt.maxRestartLeadSec) return this.issueRestart(target, serverNowMs, now, true);
      return this.issueLoad(target, serverNowMs, now); // too late even with the longest restart lead: the join's lead
    }
    if (lateMs > 0 && this.joinAttempts < this.opt.maxJoinAttempts) {
      this.leadSec = Math.min(this.opt.maxJoinLeadSec, this.leadSec + lateMs / 1000 + this.opt.joinLeadMarginSec);
      return this.issueLoad(target, serverNowMs, now);
    }
    if (!this.restarting) this.adaptLead();
    this.phase = { name: 'scheduled', positionSec, playAtMs: Math.max(now, playAtMs), playIssuedAtMs: null };
    return { kind: 'play-at', localTimeMs: this.phase.playAtMs, positionSec };
  }

  /** Local time at which to call play() so the clock starts as the schedule reaches positionSec. */
  private playAtFor(target: ProgramTarget, positionSec: number, offsetMs: number): number {
    return serverTimeAtPositionMs(target, positionSec) - offsetMs - this.startLags().startLagMs;
  }

  /** How far ahead of the schedule a timed restart seeks (s): the learned preparation time and a margin, within limits. */
  private restartLeadSec(): number {
    const o = this.opt;
    const wanted = (this.restartPrepMs ?? 0) / 1000 + o.restartLeadMarginSec;
    return Math.min(o.maxRestartLeadSec, Math.max(o.restartLeadSec, wanted));
  }

  /** Whose start lag a play() is aimed with and teaches: a timed restart's, or a join's. */
  private startLags(): LagLearning {
    return this.restarting ? this.restartLags : this.lags;
  }

  private adaptLead(): void {
    if (this.loadTimeMs === null) return;
    const wanted = this.loadTimeMs / 1000 + this.opt.joinLeadMarginSec;
    this.leadSec = Math.min(this.opt.maxJoinLeadSec, Math.max(this.opt.joinLeadSec, wanted));
  }

  private awaitStart(
    target: ProgramTarget, player: PlayerSnapshot, serverNowMs: number, now: number,
    phase: Extract<Phase, { name: 'scheduled' }>, jumped: boolean,
  ): PlaybackCommand {
    const moved = (player.currentTimeSec - phase.positionSec) * 1000;
    if (!player.paused && moved > this.opt.clockRunEpsilonMs) {
      const issuedAt = phase.playIssuedAtMs ?? phase.playAtMs;
      const startedAt = now - moved / Math.max(0.5, player.playbackRate);
      const lag = startedAt - issuedAt;
      // Provisional: re-measured once the clock has run startSettleMs (see settleStart()).
      const lags = this.startLags();
      const mark = lags.learnStart(lag);
      this.startProbe = { positionSec: phase.positionSec, issuedAtMs: issuedAt, mark, lags };
      this.phase = { name: 'running' };
      this.lock.clockStartedAtMs = startedAt;
      this.pendingJoinError = !this.restarting;
      return this.steer(target, player, serverNowMs, now, 0);
    }
    if (phase.playIssuedAtMs === null && jumped) {
      phase.playAtMs = Math.max(now, this.playAtFor(target, phase.positionSec, serverNowMs - now));
      return { kind: 'play-at', localTimeMs: phase.playAtMs, positionSec: phase.positionSec };
    }
    const since = now - (phase.playIssuedAtMs ?? phase.playAtMs);
    if (since > this.opt.startTimeoutMs) return this.issueLoad(target, serverNowMs, now);
    return KEEP;
  }

  /**
   * Rate trim off: the rate stays 1. The error is averaged over windows of restartHoldMs; a window
   * whose mean is beyond restartThresholdMs ends in a timed restart. An error far beyond the read
   * noise (restartAtOnceMs on restartAtOnceReads reads in a row) restarts at once, at most one
   * restart per restartHoldMs.
   */
  private holdWithoutTrim(target: ProgramTarget, player: PlayerSnapshot, serverNowMs: number, now: number, errorMs: number): PlaybackCommand {
    this.farReads = Math.abs(errorMs) > this.opt.restartAtOnceMs ? this.farReads + 1 : 0;
    if (this.farReads >= this.opt.restartAtOnceReads && now - this.lastRestartMs >= this.opt.restartHoldMs) return this.issueRestart(target, serverNowMs, now);
    const w = this.restartWindow ?? { fromMs: now, sumMs: 0, n: 0 };
    this.restartWindow = w;
    w.sumMs += errorMs;
    w.n++;
    if (now - w.fromMs >= this.opt.restartHoldMs) {
      this.restartWindow = null;
      if (Math.abs(w.sumMs / w.n) > this.opt.restartThresholdMs) return this.issueRestart(target, serverNowMs, now);
    }
    if (Math.abs(player.playbackRate - 1) > 1e-9) {
      this.setRate(1, now);
      return { kind: 'set-rate', rate: 1 };
    }
    return KEEP;
  }

  // ---- steady state ----

  private steer(target: ProgramTarget, player: PlayerSnapshot, serverNowMs: number, now: number, dt: number): PlaybackCommand {
    if (player.ended) return KEEP;
    if (player.paused) return this.issueLoad(target, serverNowMs, now); // paused behind our back: join again
    const errorMs = (player.currentTimeSec - targetPositionSec(target, serverNowMs)) * 1000;
    this.errorMs = errorMs;
    if (this.pendingJoinError) {
      this.pendingJoinError = false;
      this.joinErrorMs = errorMs;
    }
    if (this.startProbe !== null) {
      const settling = this.settleStart(player, errorMs, now);
      if (settling) return KEEP;
    }

    if (this.seekPending !== null) {
      const sp = this.seekPending;
      const moved = (player.currentTimeSec - sp.positionSec) * 1000;
      if (!player.seeking && moved > this.opt.clockRunEpsilonMs) {
        const lag = now - moved / Math.max(0.5, player.playbackRate) - sp.issuedAtMs;
        this.lags.learnSeek(lag);
        this.seekPending = null;
      } else if (now - sp.issuedAtMs <= this.opt.seekTimeoutMs) {
        return KEEP;
      } else {
        this.seekPending = null;
      }
    }

    if (isStalled(player)) {
      if (!this.stalled) this.n.stalls++;
      this.stalled = true;
      this.lock.interrupt({ unlock: false });
      return KEEP;
    }
    this.stalled = false;

    const absErr = Math.abs(errorMs);
    this.lock.update(absErr, now);
    this.restarting = false;
    if (this.opt.rateTrim === 0) return this.holdWithoutTrim(target, player, serverNowMs, now, errorMs);
    if (absErr > this.opt.seekThresholdMs) {
      const positionSec = targetPositionSec(target, serverNowMs) + this.lags.seekLatencyMs / 1000;
      this.seekPending = { positionSec, issuedAtMs: now };
      this.n.seeks++;
      this.lock.interrupt({ unlock: true });
      return { kind: 'seek', positionSec };
    }
    const rate = this.law.next(errorMs, dt, now);
    if (Math.abs(rate - player.playbackRate) > 1e-9) {
      this.setRate(rate, now);
      return { kind: 'set-rate', rate };
    }
    this.setRate(rate, now);
    return KEEP;
  }

  /**
   * Right after play() Chromium's media clock jumps a few ms, stops, then runs: the first moving
   * reading says little about when the clock really started. Once it has run startSettleMs, the
   * start is extrapolated back from the steady clock: that replaces the provisional lag sample and
   * the join error. Until then (bounded) there is nothing sound to steer on: true = wait.
   */
  private settleStart(player: PlayerSnapshot, errorMs: number, now: number): boolean {
    const probe = this.startProbe;
    if (probe === null) return false;
    const o = this.opt;
    const moved = (player.currentTimeSec - probe.positionSec) * 1000;
    if (moved >= o.startSettleMs && !player.seeking) {
      this.startProbe = null;
      const startedAt = now - moved / Math.max(0.5, player.playbackRate);
      const lag = startedAt - probe.issuedAtMs;
      probe.lags.replaceStart(probe.mark, lag);
      this.lock.clockStartedAtMs = startedAt;
      this.joinErrorMs = errorMs;
      return false;
    }
    if (now - probe.issuedAtMs <= o.maxLagMs + o.startSettleMs) return true;
    this.startProbe = null;
    return false;
  }

  private setRate(rate: number, now: number): void {
    const change = this.law.commit(rate, now);
    if (change === 'none') return;
    this.n.rateChanges++;
    if (change === 'reversed') this.n.rateDirectionChanges++;
  }

  private ewma(previous: number, sample: number): number {
    return previous + this.opt.learnWeight * (sample - previous);
  }
}
