/**
 * ClockEstimator: the server clock seen from a viewer, from NTP-style request/response exchanges.
 *
 * A scheduler-free state machine: the caller owns the timer and the transport (MQTT in the TV app
 * and the Node viewer) and drives it with local clock readings. Use a MONOTONIC local clock in
 * milliseconds (`performance.timeOrigin + performance.now()`, in a browser and in Node alike),
 * never `Date.now()`, which may step. Start steering playback once `state(now) !== 'unsynced'`.
 *
 * Usage (with the shared protocol module's `Topics` and `parseTimeResponse`):
 * ```ts
 * const clock = new ClockEstimator();                     // or new ClockEstimator({ refreshIntervalMs: 30_000 })
 * const localNow = () => performance.timeOrigin + performance.now();
 * let timer: ReturnType<typeof setTimeout> | undefined;
 * function pump(): void {
 *   const now = localNow();
 *   if (clock.nextRequestDueAt(now) <= now) {
 *     clock.onRequestSent(now);
 *     mqtt.publish(Topics.timeRequest(clientId), JSON.stringify({ v: 1, t0: now }));
 *   }
 *   clearTimeout(timer);
 *   timer = setTimeout(pump, Math.max(0, clock.nextRequestDueAt(localNow()) - localNow()));
 * }
 * mqtt.on('message', (topic, payload) => {
 *   if (topic !== Topics.timeResponse(clientId)) return;
 *   const t3 = localNow();                                  // stamp first, parse after
 *   const reply = parseTimeResponse(payload);
 *   if (reply.ok) clock.onResponse(reply.value, t3);        // { t0, t1, t2 }
 *   pump();                                                 // the next burst request may be due now
 * });
 * // on `control/sync`:  clock.requestResync(localNow()); pump();
 * // on each beacon:     clock.observeBeacon(beacon.serverTimeMs, localNow()) && pump();
 * // every frame:        const serverNowMs = clock.serverNow(localNow());
 * // on reconnect:       clock.requestResync(localNow()); pump();
 * pump();
 * ```
 *
 * Model: offset(local) = server - local is a straight line in local time (a constant skew plus a
 * constant drift). Each burst of exchanges yields ONE point, its minimum-RTT exchange (the
 * exchange least disturbed by queueing, whose offset error is bounded by half its RTT). Points
 * whose RTT is far above the best RTT seen are rejected; the others weigh 1 / (excess RTT +
 * rttWeightFloorMs)^2, since queueing delay is what corrupts an offset. The drift is the weighted
 * least-squares slope over the points of the last `fitWindowMs` (refitted without residual
 * outliers; held within `maxDriftPpm` unless the points clearly show a clock being slewed: no line
 * within it passes within half an RTT of every point, and the fit lies well beyond it), and
 * the offset is the weighted mean of the newest points' residuals, extrapolated along that slope
 * between refreshes. Refreshes start 1 s apart and double up to
 * `refreshIntervalMs` (minutes: a crystal's drift, once known, holds; about 0.1 message a second per
 * viewer with the beacon), so the drift is known within seconds of the start; a clock being slewed
 * (drift beyond `maxDriftPpm`) is refreshed every `slewRefreshIntervalMs`, since its rate changes
 * when the slew ends.
 *
 * Uncertainty (ms, documented bound, not a standard deviation):
 *   minRtt / 2                          the best inlier point's half RTT: any path asymmetry hides there
 *   + |localNow - newest point| x driftUncertainty   extrapolation (slope std error once fitted,
 *                                       `unfittedDriftPpm` before)
 *   + residual spread                   how far the newest points disagree with the line
 *
 * Jumps: a point farther from the line than `jumpThresholdMs` (beyond the uncertainty) means a
 * clock stepped. From a re-sync burst it is accepted at once; from a refresh burst it is held, a
 * re-sync burst is started, and the jump is accepted only if that burst confirms it. Accepting a
 * jump drops the old points (the drift is kept: it belongs to the oscillators) and bumps
 * `generation`.
 */
import { fitLine, lineThroughBars, type LineFit, type WeightedPoint } from './robust-fit.js';
import { CLOCK_ESTIMATOR_DEFAULTS } from './clock-types.js';
import type { ClockCounters, ClockEstimate, ClockEstimatorOptions, ClockState, ResponseVerdict, TimeExchange } from './clock-types.js';

export { CLOCK_ESTIMATOR_DEFAULTS } from './clock-types.js';
export type { ClockCounters, ClockEstimate, ClockEstimatorOptions, ClockState, ResponseVerdict, TimeExchange } from './clock-types.js';

interface Sample {
  readonly localMs: number; // midpoint (t0 + t3) / 2, local clock
  readonly offsetMs: number;
  readonly rttMs: number;
}

type BurstKind = 'initial' | 'resync' | 'refresh';

interface Burst {
  readonly kind: BurstKind;
  size: number;
  sent: number;
  resolved: number;
  valid: number;
  best: Sample | null;
  nextSendAt: number;
}

export class ClockEstimator {
  private readonly opt: ClockEstimatorOptions;
  private points: Sample[] = [];
  private fit: LineFit | null = null;
  private minRtt = Number.POSITIVE_INFINITY;
  private slopePrior = 0;
  private generation = 0;
  private burst: Burst | null = null;
  private readonly inflight = new Set<number>(); // t0 of requests awaiting a reply (local ms)
  private nextRefreshAt = Number.NEGATIVE_INFINITY;
  private pendingJump: Sample | null = null;
  /** The last point added lay farther off the line than its RTT explains (see offLineMarginMs). */
  private lastPointOffLine = false;
  private refreshGapMs: number;
  private failedBursts = 0;
  private readonly count: ClockCounters = {
    sent: 0, accepted: 0, lost: 0, rejectedRtt: 0, invalid: 0, unknown: 0, outlierPoints: 0, jumps: 0, bursts: 0,
  };

  /** @param options overrides of {@link CLOCK_ESTIMATOR_DEFAULTS}; validated (RangeError when not finite or out of range). */
  constructor(options: Partial<ClockEstimatorOptions> = {}) {
    const merged: ClockEstimatorOptions = { ...CLOCK_ESTIMATOR_DEFAULTS, ...options };
    for (const [key, value] of Object.entries(merged)) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`ClockEstimator option ${key} must be a finite number >= 0`);
    }
    this.opt = merged;
    if (this.opt.burstSize < 1 || this.opt.refreshBurstSize < 1) throw new RangeError('burst sizes must be >= 1');
    if (this.opt.minBurstReplies < 1 || this.opt.timeoutMs <= 0) throw new RangeError('minBurstReplies and timeoutMs must be > 0');
    this.refreshGapMs = this.opt.refreshRampStartMs;
    this.burst = this.newBurst('initial', Number.NEGATIVE_INFINITY);
  }

  /**
   * Local time (ms) at which the caller should wake next (<= localNowMs: send a request now).
   * Requests of a burst go out `burstSpacingMs` apart whether or not earlier ones were answered;
   * once all are out, this is the deadline of the oldest unanswered one (wake then, so it counts
   * as lost and the next burst gets scheduled). Any method taking a local time expires requests
   * past their deadline. Re-arm your timer after every call: replies and re-syncs move this.
   */
  nextRequestDueAt(localNowMs: number): number {
    this.advance(localNowMs);
    const b = this.burst;
    if (b !== null && b.sent < b.size) return b.nextSendAt;
    if (this.inflight.size > 0) return Math.min(...this.inflight) + this.opt.timeoutMs;
    return b !== null ? b.nextSendAt : this.nextRefreshAt;
  }

  /** The caller published a request stamped `t0` (local ms); every request must have a distinct t0. */
  onRequestSent(t0: number): void {
    this.advance(t0);
    if (this.burst === null) this.burst = this.newBurst('refresh', t0);
    const b = this.burst;
    b.sent++;
    b.size = Math.max(b.size, b.sent);
    b.nextSendAt = t0 + this.opt.burstSpacingMs;
    this.inflight.add(t0);
    this.count.sent++;
  }

  /**
   * A reply arrived at local time `t3` (ms). Only replies to requests in flight count (each once).
   * @returns what became of it (see {@link ResponseVerdict}).
   */
  onResponse(exchange: TimeExchange, t3: number): ResponseVerdict {
    const { t0, t1, t2 } = exchange;
    if (!this.inflight.has(t0)) {
      this.count.unknown++;
      return 'unknown';
    }
    const rtt = t3 - t0 - (t2 - t1);
    if (![t0, t1, t2, t3].every(Number.isFinite) || t2 < t1 || t3 < t0 || rtt < -1) {
      this.count.invalid++;
      this.resolve(t0, t3, null);
      return 'invalid';
    }
    if (rtt > this.opt.maxRttMs) {
      this.count.rejectedRtt++;
      this.resolve(t0, t3, null);
      return 'rejected-rtt';
    }
    this.count.accepted++;
    const sample: Sample = { localMs: (t0 + t3) / 2, offsetMs: (t1 - t0 + (t2 - t3)) / 2, rttMs: Math.max(0, rtt) };
    this.resolve(t0, t3, sample);
    return 'accepted';
  }

  /** The caller gave up on the request stamped `t0` (its own timeout or a lost connection). */
  onTimeout(t0: number): void {
    if (this.inflight.has(t0)) {
      this.count.lost++;
      this.resolve(t0, t0 + this.opt.timeoutMs, null);
    }
  }

  /**
   * Start a re-sync burst now (on `control/sync`, after a reconnect, or when a jump is suspected).
   * The current estimate stays usable until the burst produces a point.
   */
  requestResync(localNowMs: number): void {
    this.advance(localNowMs);
    if (this.burst !== null && this.burst.kind !== 'refresh') return; // one is already running
    this.burst = this.newBurst(this.fit === null ? 'initial' : 'resync', localNowMs);
  }

  /**
   * Check a time beacon (server time `serverTimeMs`, received at local `localReceiveMs`) against
   * the estimate. Beacons are never used as the clock (their delivery delay is unbounded), but one
   * stamped after our estimated "now", or absurdly old, proves a clock step: a re-sync starts.
   * @returns true when the beacon contradicts the estimate (a re-sync was started or is running).
   */
  observeBeacon(serverTimeMs: number, localReceiveMs: number): boolean {
    this.advance(localReceiveMs);
    if (this.fit === null || !Number.isFinite(serverTimeMs)) return false;
    const est = this.estimate(localReceiveMs);
    const lateness = est.offsetMs + localReceiveMs - serverTimeMs;
    if (lateness < -(this.opt.beaconToleranceMs + est.uncertaintyMs) || lateness > this.opt.beaconMaxLatenessMs) {
      this.requestResync(localReceiveMs);
      return true;
    }
    return false;
  }

  /** Estimated server time (epoch ms) at local time `localNowMs`; the local time itself while unsynced. */
  serverNow(localNowMs: number): number {
    return localNowMs + this.offsetAt(localNowMs);
  }

  /** Local time (ms) at which the server clock will read `serverTimeMs` (inverse of serverNow). */
  localTimeAt(serverTimeMs: number): number {
    const f = this.fit;
    if (f === null) return serverTimeMs;
    // server = local + intercept + slope * (local - x0)  =>  local = (server - intercept + slope*x0) / (1 + slope)
    return (serverTimeMs - f.intercept + f.slope * f.x0) / (1 + f.slope);
  }

  /** server - local (ms) at local time `localNowMs`; 0 while unsynced. */
  offsetAt(localNowMs: number): number {
    const f = this.fit;
    return f === null ? 0 : f.intercept + f.slope * (localNowMs - f.x0);
  }

  /** The whole estimate at local time `localNowMs`. */
  estimate(localNowMs: number): ClockEstimate {
    this.advance(localNowMs);
    const f = this.fit;
    const last = this.points[this.points.length - 1];
    const bursting = this.burst !== null && this.burst.kind !== 'refresh';
    if (f === null || last === undefined) {
      return {
        state: 'unsynced', offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY, driftPpm: 0,
        minRttMs: Number.POSITIVE_INFINITY, points: 0, generation: this.generation, bursting, lastPointAtMs: null,
      };
    }
    const driftUnc = f.slopeFitted
      ? Math.min(this.opt.unfittedDriftPpm, Math.max(this.opt.minDriftUncertaintyPpm, f.slopeStdError * 1e6))
      : this.opt.unfittedDriftPpm;
    const uncertaintyMs = this.minRtt / 2 + (Math.abs(localNowMs - f.x0) * driftUnc) / 1e6 + f.residualSpread;
    return {
      state: localNowMs - last.localMs > this.opt.staleAfterMs ? 'stale' : 'synced',
      offsetMs: this.offsetAt(localNowMs),
      uncertaintyMs,
      driftPpm: f.slope * 1e6,
      minRttMs: this.minRtt,
      points: this.points.length,
      generation: this.generation,
      bursting,
      lastPointAtMs: last.localMs,
    };
  }

  /** Shorthand for `estimate(localNowMs).state`. */
  state(localNowMs: number): ClockState {
    return this.estimate(localNowMs).state;
  }

  /** Counters since construction (a copy). */
  counters(): ClockCounters {
    return { ...this.count };
  }

  /** Forget everything (e.g. the viewer switched to another server); a first burst starts at `localNowMs`. */
  reset(localNowMs: number): void {
    this.points = [];
    this.fit = null;
    this.minRtt = Number.POSITIVE_INFINITY;
    this.pendingJump = null;
    this.inflight.clear();
    this.generation++;
    this.burst = this.newBurst('initial', localNowMs);
  }

  // ---- internals ----

  /** A new burst replaces the current one; replies to the old one's requests become unknown. */
  private newBurst(kind: BurstKind, at: number): Burst {
    this.count.bursts++;
    this.inflight.clear();
    // Full bursts while the ramp learns the drift; small ones once locked, and for a refresh that
    // retries after a failed one (a link down: a handful of requests per retry, not a full burst).
    const ramping = this.refreshGapMs < this.refreshIntervalMs() && this.failedBursts === 0;
    const size = kind === 'refresh' && !ramping ? this.opt.refreshBurstSize : this.opt.burstSize;
    return { kind, size, sent: 0, resolved: 0, valid: 0, best: null, nextSendAt: at };
  }

  /** Expire requests past their deadline. */
  private advance(localNowMs: number): void {
    if (this.inflight.size === 0) return;
    for (const t0 of [...this.inflight].sort((x, y) => x - y)) {
      if (localNowMs < t0 + this.opt.timeoutMs) break;
      this.count.lost++;
      this.resolve(t0, t0 + this.opt.timeoutMs, null);
    }
  }

  private resolve(t0: number, at: number, sample: Sample | null): void {
    if (!this.inflight.delete(t0)) return;
    const b = this.burst;
    if (b === null) return;
    b.resolved++;
    if (sample !== null) {
      b.valid++;
      if (b.best === null || sample.rttMs < b.best.rttMs) b.best = sample;
    }
    if (b.resolved < b.size || b.sent < b.size) return;
    this.burst = null;
    if (b.valid >= Math.min(this.opt.minBurstReplies, b.size) && b.best !== null) {
      if (this.fit === null) this.refreshGapMs = this.opt.refreshRampStartMs;
      this.failedBursts = 0;
      if (this.addPoint(b.best, b.kind)) {
        if (this.lastPointOffLine) this.refreshGapMs = this.opt.refreshRampStartMs;
        const interval = this.refreshIntervalMs();
        this.nextRefreshAt = at + Math.min(this.refreshGapMs, interval);
        this.refreshGapMs = Math.min(this.refreshGapMs * 2, interval);
      } else {
        this.nextRefreshAt = at + this.opt.retryDelayMs; // an outlier: try again soon
      }
    } else if (this.fit === null || b.kind !== 'refresh') {
      this.burst = this.newBurst(b.kind, at + this.backoff());
    } else {
      this.nextRefreshAt = at + this.backoff();
    }
  }

  /** The gap between refreshes once locked: short while the clock is being slewed (its rate will change), long for a crystal's drift. */
  private refreshIntervalMs(): number {
    const slewed = this.fit !== null && Math.abs(this.fit.slope * 1e6) > this.opt.maxDriftPpm;
    return slewed ? Math.min(this.opt.slewRefreshIntervalMs, this.opt.refreshIntervalMs) : this.opt.refreshIntervalMs;
  }

  /** Delay before the next try after a burst without enough replies: retryDelayMs doubling per failure, capped. */
  private backoff(): number {
    const delay = Math.min(this.opt.retryDelayMs * 2 ** this.failedBursts, Math.max(this.opt.retryDelayMs, this.opt.retryMaxDelayMs));
    this.failedBursts = Math.min(this.failedBursts + 1, 30);
    return delay;
  }

  /** Adds a burst's point; false when it was rejected as an outlier (or held as a possible jump). */
  private addPoint(p: Sample, kind: BurstKind): boolean {
    this.lastPointOffLine = false;
    if (this.fit !== null) {
      if (p.rttMs > this.minRtt * this.opt.rttOutlierFactor + this.opt.rttOutlierMarginMs) {
        this.count.outlierPoints++;
        return false;
      }
      const dev = p.offsetMs - this.offsetAt(p.localMs);
      this.lastPointOffLine = Math.abs(dev) > p.rttMs / 2 + this.opt.offLineMarginMs;
      const limit = this.opt.jumpThresholdMs + this.estimate(p.localMs).uncertaintyMs + p.rttMs / 2;
      if (Math.abs(dev) > limit && !this.onSteepLine(p)) {
        const pending = this.pendingJump;
        const confirms = pending !== null && Math.abs(p.offsetMs - (pending.offsetMs + this.slopePrior * (p.localMs - pending.localMs))) <= this.opt.jumpThresholdMs + (p.rttMs + pending.rttMs) / 2;
        if (kind === 'refresh' && !confirms) {
          this.pendingJump = p; // hold it; a re-sync burst will confirm or refute it
          this.count.outlierPoints++;
          this.burst = this.newBurst('resync', p.localMs);
          return false;
        }
        this.count.jumps++;
        this.generation++;
        this.refreshGapMs = this.opt.refreshRampStartMs;
        this.points = confirms && pending !== null ? [pending] : [];
        this.minRtt = Number.POSITIVE_INFINITY;
        for (const q of this.points) this.minRtt = Math.min(this.minRtt, q.rttMs);
      }
    }
    this.pendingJump = null;
    this.points.push(p);
    this.minRtt = Math.min(this.minRtt, p.rttMs);
    this.refit();
    return true;
  }

  private refit(): void {
    const newest = this.points[this.points.length - 1];
    if (newest === undefined) return;
    const horizon = newest.localMs - this.opt.fitWindowMs;
    this.points = this.points.filter((q) => q.localMs >= horizon).slice(-this.opt.maxPoints);
    this.minRtt = Math.min(...this.points.map((q) => q.rttMs));
    this.fit = this.fitOf(this.points, this.minRtt);
    if (this.fit.slopeFitted) this.slopePrior = this.fit.slope;
  }

  /**
   * Whether a point far off the line lies on a steeper line with the points before it: a clock
   * being slewed (thousands of ppm) rather than a step. Until enough points show the slew, the
   * drift is held within maxDriftPpm and each new point lands farther off.
   */
  private onSteepLine(p: Sample): boolean {
    const candidate = [...this.points, p];
    const fit = this.fitOf(candidate, Math.min(this.minRtt, p.rttMs));
    const slewing = fit.slopeFitted && Math.abs(fit.slope) > this.opt.maxDriftPpm / 1e6;
    return slewing && Math.abs(p.offsetMs - fit.intercept) <= this.opt.jumpThresholdMs / 4 + p.rttMs / 2;
  }

  private fitOf(points: readonly Sample[], minRtt: number): LineFit {
    const rttLimit = minRtt * this.opt.rttOutlierFactor + this.opt.rttOutlierMarginMs;
    const kept = points.filter((q) => q.rttMs <= rttLimit);
    const inliers: WeightedPoint[] = kept
      // Queueing delay beyond the best RTT is what corrupts an offset: weight by its inverse square.
      .map((q) => ({ x: q.localMs, y: q.offsetMs, weight: 1 / (q.rttMs - minRtt + this.opt.rttWeightFloorMs) ** 2 }));
    // A slew is shown only by points no crystal's drift explains: each true offset lies within half
    // its exchange's RTT of the measured one, so while a line within maxDriftPpm passes through every
    // such bar, a steeper weighted fit is the path's asymmetry, not the clock.
    const maxDrift = this.opt.maxDriftPpm / 1e6;
    const slewShown = !lineThroughBars(kept.map((q) => ({ x: q.localMs, y: q.offsetMs, halfWidth: q.rttMs / 2 + this.opt.offLineMarginMs })), maxDrift);
    return fitLine(inliers, {
      minPairSpan: this.opt.minPairSpanMs,
      recentCount: this.opt.interceptPoints,
      priorSlope: this.slopePrior,
      maxAbsSlope: maxDrift,
      ...(slewShown ? { steep: { maxAbsSlope: this.opt.slewDriftPpm / 1e6, minPoints: this.opt.slewMinPoints, sigmas: this.opt.slewEvidenceSigmas } } : {}),
      minOutlierBand: 0.05,
    });
  }
}
