/**
 * The rate law of the PlaybackController (see playback-controller.ts): which playbackRate to
 * command for an error, and the memory it needs (the rate in force, recent commands for the
 * latency predictor, the correcting / pulling-in modes with their hysteresis). Pure, no timers.
 */
import type { PlaybackControllerOptions } from './playback-types.js';

type RateOptions = Pick<
  PlaybackControllerOptions,
  | 'gainPerSec' | 'pullInGainPerSec' | 'pullInEnterMs' | 'pullInExitMs' | 'rateLatencyMs' | 'maxRateDeviation'
  | 'rateStep' | 'maxRateSlewPerSec' | 'deadbandMs' | 'deadbandExitMs' | 'catchUpMs' | 'maxCatchUpRateDeviation'
>;

export class RateLaw {
  /** The rate last commanded (ratio). */
  rate = 1;
  private correcting = false;
  private pullingIn = false;
  /**
   * |rate - 1| allowed in this pull-in: set by the largest error since it began, so the error is
   * removed at a steady rate (within about catchUpMs), not ever slower as it shrinks.
   */
  private catchUpCap = 0;
  private lastDirection = 0;
  /** Commanded rates with the local time each was commanded (the last one still applies). */
  private history: Array<{ atMs: number; rate: number }> = [];

  constructor(private readonly o: RateOptions) {}

  /** A new join: no correction in progress. */
  resetModes(): void {
    this.correcting = false;
    this.pullingIn = false;
    this.catchUpCap = 0;
  }

  /** The rate to command for `errorMs` (media - schedule, ms), `dt` ms after the last tick. */
  next(errorMs: number, dt: number, now: number): number {
    const o = this.o;
    const absErr = Math.abs(errorMs);
    const predicted = this.predictedErrorMs(errorMs, now);
    if (absErr > o.pullInEnterMs) this.pullingIn = true;
    else if (Math.abs(predicted) < o.pullInExitMs) this.pullingIn = false;
    if (!this.pullingIn) this.catchUpCap = 0;
    if (absErr > o.deadbandMs) this.correcting = true;
    else if (absErr < o.deadbandExitMs || Math.sign(errorMs) * Math.sign(1 - this.rate) < 0) this.correcting = false;
    let wanted = 1;
    if (this.pullingIn) {
      // Several ms off (a join, a stall): a stronger gain on the predicted error, so the rate
      // latency does not make it overshoot; far off, a cap that removes it within catchUpMs.
      const raw = -o.pullInGainPerSec * (predicted / 1000);
      this.catchUpCap = Math.max(this.catchUpCap, this.pullInCap(absErr));
      const cap = this.catchUpCap;
      wanted = 1 + Math.max(-cap, Math.min(cap, raw));
    } else if (this.correcting) {
      const raw = -o.gainPerSec * (errorMs / 1000);
      let steps = Math.round(raw / o.rateStep);
      if (steps === 0) steps = raw > 0 ? 1 : -1;
      const maxSteps = Math.floor(o.maxRateDeviation / o.rateStep + 1e-9);
      wanted = 1 + Math.max(-maxSteps, Math.min(maxSteps, steps)) * o.rateStep;
    }
    const slew = dt > 0 ? Math.max(o.rateStep, (o.maxRateSlewPerSec * dt) / 1000) : Number.POSITIVE_INFINITY;
    const limited = Math.max(this.rate - slew, Math.min(this.rate + slew, wanted));
    return 1 + Math.round((limited - 1) / o.rateStep) * o.rateStep;
  }

  /** |rate - 1| allowed while pulling in an error of `errorMs`: maxRateDeviation, more for an error too large to remove within catchUpMs at it. */
  private pullInCap(errorMs: number): number {
    const o = this.o;
    const catchUp = o.catchUpMs > 0 ? errorMs / o.catchUpMs : 0;
    return Math.max(o.maxRateDeviation, Math.min(o.maxCatchUpRateDeviation, catchUp));
  }

  /** Records a commanded rate: 'none' (unchanged), 'changed', or 'reversed' (crossed 1 the other way). */
  commit(rate: number, now: number): 'none' | 'changed' | 'reversed' {
    if (rate === this.rate) return 'none';
    // Keep only what the predictor still needs: the segment in force rateLatencyMs ago and later.
    const from = now - this.o.rateLatencyMs;
    while (this.history.length > 1 && (this.history[1]?.atMs ?? Infinity) <= from) this.history.shift();
    this.history.push({ atMs: now, rate });
    this.rate = rate;
    const dir = Math.sign(rate - 1);
    if (dir === 0) return 'changed';
    const reversed = this.lastDirection !== 0 && dir !== this.lastDirection;
    this.lastDirection = dir;
    return reversed ? 'reversed' : 'changed';
  }

  /**
   * The error the media clock will show once the rates already commanded have reached it
   * (rateLatencyMs later): error + integral of (commanded rate - 1) over the last rateLatencyMs.
   */
  predictedErrorMs(errorMs: number, now: number): number {
    const from = now - this.o.rateLatencyMs;
    let sum = 0;
    const h = this.history;
    for (let i = 0; i < h.length; i++) {
      const seg = h[i];
      if (!seg) continue;
      const start = Math.max(from, seg.atMs);
      const end = Math.min(now, h[i + 1]?.atMs ?? now);
      if (end > start) sum += (seg.rate - 1) * (end - start);
    }
    return errorMs + sum;
  }
}
