// A simulated video element, on the viewer's local clock (ms). CHROMIUM_LIKE models what Chromium
// showed: the media clock starts ~70 ms after play(), resumes ~120 ms after a seek (seeking clears
// after ~40 ms, the element waits meanwhile), applies a new playbackRate exactly after ~70 ms, and
// currentTime reads carry ~0.1 ms of noise. WPE_LIKE models WPE WebKit 2.38 (GStreamer MSE), as
// measured: readyState stays at 3 while paused, the clock starts at play() itself, every rate
// change freezes the clock for ~68 ms (15-105 ms), a seek while playing resumes after ~50 ms.
import type { PlayerSnapshot } from '../../../../src/core/sync/playback-controller.js';
import { Prng } from './prng.js';

export interface SimPlayerProfile {
  startLagMs: number; // media clock starts this long after play() (ms)
  startLagJitterMs: number; // sd of the start lag (ms)
  seekLagMs: number; // media clock resumes this long after a seek (ms)
  seekLagJitterMs: number; // sd (ms)
  seekedAfterMs: number; // `seeking` clears after this (ms)
  rateApplyMs: number; // a new playbackRate takes effect after this (ms)
  loadMinMs: number; // load to readyState 4 (ms, uniform range)
  loadMaxMs: number;
  readNoiseSdMs: number; // currentTime read noise, sd (ms)
  pausedReadyState: number; // readyState once loaded while paused (4; GStreamer MSE: 3)
  rateChangeCostMs: number; // media time lost at each rate change (ms; the clock freezes this long)
  rateChangeCostJitterMs: number; // sd (ms)
  bufferedAheadSec: number; // reported buffered ahead once ready (s)
  loadedStartLagMs?: number; // a play() right after a load starts this late instead (ms): a just-loaded pipeline on a busy TV
}

export const CHROMIUM_LIKE: SimPlayerProfile = {
  startLagMs: 70,
  startLagJitterMs: 2,
  seekLagMs: 120,
  seekLagJitterMs: 10,
  seekedAfterMs: 40,
  rateApplyMs: 70,
  loadMinMs: 250,
  loadMaxMs: 550,
  readNoiseSdMs: 0.05,
  pausedReadyState: 4,
  rateChangeCostMs: 0,
  rateChangeCostJitterMs: 0,
  bufferedAheadSec: 10,
};

export const WPE_LIKE: SimPlayerProfile = {
  startLagMs: 0.3,
  startLagJitterMs: 0.3,
  seekLagMs: 50,
  seekLagJitterMs: 20,
  seekedAfterMs: 30,
  rateApplyMs: 20,
  loadMinMs: 300,
  loadMaxMs: 800,
  readNoiseSdMs: 0.25,
  pausedReadyState: 3,
  rateChangeCostMs: 68,
  rateChangeCostJitterMs: 25,
  bufferedAheadSec: 10,
};

export class SimPlayer {
  private anchorLocal = Number.POSITIVE_INFINITY; // the clock runs from here (local ms)
  private anchorPos = 0; // media position at anchorLocal (s)
  private freshLoad = false; // the next play() is the first after a load
  private effRate = 1; // rate the clock runs at
  private pendingRates: { at: number; rate: number; costMs: number }[] = [];
  private paused = true;
  private rate = 1; // as reported
  private readyAt = Number.POSITIVE_INFINITY;
  private seekingUntil = Number.NEGATIVE_INFINITY;
  private waitingUntil = Number.NEGATIVE_INFINITY;
  readonly log = { loads: 0, plays: 0, seeks: 0, seeksPaused: 0, rates: 0, lastPlayAt: Number.NaN, lastStartLagMs: Number.NaN };

  constructor(
    private readonly rng: Prng,
    readonly profile: SimPlayerProfile = CHROMIUM_LIKE,
  ) {}

  /** True media position at local time t (s), without read noise. */
  position(t: number): number {
    this.applyRates(t);
    return this.anchorPos + (Math.max(0, t - this.anchorLocal) * this.effRate) / 1000;
  }

  snapshot(t: number): PlayerSnapshot {
    const pos = this.position(t) + this.rng.gaussian(0, this.profile.readNoiseSdMs) / 1000;
    const waiting = !this.paused && t < this.waitingUntil;
    const ready = t >= this.readyAt;
    return {
      currentTimeSec: pos,
      paused: this.paused,
      readyState: !ready ? 0 : waiting ? 2 : this.paused ? this.profile.pausedReadyState : 4,
      bufferedAheadSec: ready ? this.profile.bufferedAheadSec : 0,
      playbackRate: this.rate,
      seeking: t < this.seekingUntil,
      ended: false,
      waiting,
    };
  }

  /** Load (or seek) paused at positionSec; ready after the load time. */
  load(positionSec: number, t: number): void {
    this.log.loads++;
    this.freshLoad = true;
    this.rebase(t);
    this.paused = true;
    this.anchorPos = positionSec;
    this.anchorLocal = Number.POSITIVE_INFINITY;
    this.rate = 1;
    this.effRate = 1;
    this.pendingRates = [];
    this.readyAt = t + this.rng.uniform(this.profile.loadMinMs, this.profile.loadMaxMs);
  }

  /** Seek paused within what is loaded (a timed restart): ready again once seeked. */
  seekPaused(positionSec: number, t: number): void {
    this.log.seeksPaused++;
    this.freshLoad = false;
    this.rebase(t);
    this.paused = true;
    this.anchorPos = positionSec;
    this.anchorLocal = Number.POSITIVE_INFINITY;
    this.rate = 1;
    this.effRate = 1;
    this.pendingRates = [];
    this.seekingUntil = t + this.profile.seekedAfterMs;
    this.readyAt = Math.max(this.readyAt, t + this.profile.seekedAfterMs);
  }

  play(t: number): void {
    if (!this.paused) return;
    this.log.plays++;
    this.paused = false;
    const base = this.freshLoad && this.profile.loadedStartLagMs !== undefined ? this.profile.loadedStartLagMs : this.profile.startLagMs;
    this.freshLoad = false;
    const lag = Math.max(0, this.rng.gaussian(base, this.profile.startLagJitterMs));
    this.log.lastPlayAt = t;
    this.log.lastStartLagMs = lag;
    this.anchorLocal = Math.max(t, this.readyAt) + lag;
  }

  pause(t: number): void {
    this.rebase(t);
    this.paused = true;
    this.anchorLocal = Number.POSITIVE_INFINITY;
  }

  seek(positionSec: number, t: number): void {
    this.log.seeks++;
    this.rebase(t);
    this.anchorPos = positionSec;
    this.seekingUntil = t + this.profile.seekedAfterMs;
    if (!this.paused) {
      const lag = Math.max(this.profile.seekedAfterMs, this.rng.gaussian(this.profile.seekLagMs, this.profile.seekLagJitterMs));
      this.anchorLocal = t + lag;
      this.waitingUntil = t + lag;
    }
  }

  setRate(rate: number, t: number): void {
    this.log.rates++;
    this.rate = rate;
    const p = this.profile;
    const costMs = p.rateChangeCostMs > 0 ? Math.max(0, this.rng.gaussian(p.rateChangeCostMs, p.rateChangeCostJitterMs)) : 0;
    this.pendingRates.push({ at: t + this.profile.rateApplyMs, rate, costMs });
  }

  /** The network starves the element: the clock stops for durationMs from t. */
  stall(t: number, durationMs: number): void {
    if (this.paused) return;
    this.rebase(t);
    this.anchorLocal = Math.max(this.anchorLocal, t + durationMs);
    this.waitingUntil = t + durationMs;
  }

  /** Freeze the running clock into the anchor at t (so a change from t on is exact). */
  private rebase(t: number): void {
    const pos = this.position(t);
    if (t > this.anchorLocal) {
      this.anchorPos = pos;
      this.anchorLocal = t;
    }
  }

  private applyRates(t: number): void {
    while (this.pendingRates.length > 0) {
      const next = this.pendingRates[0];
      if (next === undefined || next.at > t) break;
      this.pendingRates.shift();
      if (next.at > this.anchorLocal) {
        this.anchorPos += ((next.at - this.anchorLocal) * this.effRate) / 1000;
        this.anchorLocal = next.at;
      }
      if (this.anchorLocal !== Number.POSITIVE_INFINITY) this.anchorLocal += next.costMs; // the clock freezes
      this.effRate = next.rate;
    }
  }
}
