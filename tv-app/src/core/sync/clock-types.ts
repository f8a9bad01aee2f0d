/**
 * Types and defaults of the ClockEstimator (see clock-estimator.ts for the usage example).
 * Units: every time is in milliseconds (local monotonic clock, or server epoch ms where stated).
 */

/** Defaults; override any subset through the constructor. */
export const CLOCK_ESTIMATOR_DEFAULTS = {
  burstSize: 8, // exchanges in the first burst and in each re-sync burst (count)
  burstSpacingMs: 40, // gap between two requests of one burst (ms of local clock)
  refreshIntervalMs: 300_000, // gap between refresh bursts once locked, for a clock whose drift is a
  //                              crystal's (within maxDriftPpm): its drift is known to a ppm or so, so
  //                              the line holds for minutes; the beacon catches a step between (ms)
  slewRefreshIntervalMs: 15_000, // ...and for a clock being slewed (fitted drift beyond maxDriftPpm),
  //                                whose rate changes when the slew ends (ms)
  refreshRampStartMs: 1_000, // first refresh this soon after the first burst; the gap then doubles up to
  //                            the refresh interval, with full-size bursts, so the drift is known within
  //                            seconds (ms)
  offLineMarginMs: 1, // a point farther off the line than half its RTT plus this is one the line does not
  //                     explain (a drift not yet known, a clock being slewed): the ramp starts again, so
  //                     the points that show it come refreshRampStartMs apart (ms)
  refreshBurstSize: 4, // exchanges in a refresh burst once the ramp is over (count)
  retryDelayMs: 1_000, // wait before another burst when one produced too few replies; doubles per
  //                      failure up to retryMaxDelayMs, so a dead link is not hammered (ms)
  retryMaxDelayMs: 15_000, // (ms)
  timeoutMs: 1_500, // a reply not back after this is lost (ms)
  minBurstReplies: 2, // valid replies a burst needs to produce a point (count)
  maxRttMs: 3_000, // exchanges with a longer RTT are discarded outright (ms)
  rttOutlierFactor: 2, // a point is an outlier if its RTT > factor x best RTT + margin (ratio)
  rttOutlierMarginMs: 2, // (ms)
  rttWeightFloorMs: 0.1, // a point weighs 1 / (its RTT - best RTT + this)^2 in the fit (ms)
  fitWindowMs: 3_600_000, // points older than this (local clock) leave the fit: an hour holds a dozen
  //                          points at the refresh interval (ms)
  maxPoints: 48, // points kept for the fit (count)
  minPairSpanMs: 3_000, // two points closer than this do not make a slope pair (ms)
  interceptPoints: 6, // newest points averaged for the offset (count)
  maxDriftPpm: 500, // fitted drift is clamped to +- this (ppm = microseconds per second), unless
  //                   the points clearly show more: a clock being slewed (an NTP daemon catching up,
  //                   a VM's clock) runs thousands of ppm off for minutes
  slewDriftPpm: 50_000, // ...then up to +- this (the rate trim follows up to 5 %) (ppm)
  slewMinPoints: 4, // a drift beyond maxDriftPpm needs this many points (count)
  slewEvidenceSigmas: 5, // ...lying this many standard errors beyond maxDriftPpm (ratio)
  unfittedDriftPpm: 100, // drift assumed for the uncertainty before a fit exists (ppm)
  minDriftUncertaintyPpm: 1, // floor of the fitted drift uncertainty (ppm)
  jumpThresholdMs: 20, // a point this much (beyond uncertainty) off the line is a clock step (ms)
  staleAfterMs: 720_000, // no new point for this long (two refreshes missed): state 'stale' (ms)
  beaconToleranceMs: 50, // a beacon stamped later than our estimate by more than this + uncertainty
  //                          proves a jump (ms)
  beaconMaxLatenessMs: 5_000, // a beacon older than this on arrival proves a jump (ms)
} as const;

export type ClockEstimatorOptions = { readonly [K in keyof typeof CLOCK_ESTIMATOR_DEFAULTS]: number };

/** `unsynced`: no estimate yet; `synced`: estimate fed recently; `stale`: estimate aging, replies missing. */
export type ClockState = 'unsynced' | 'synced' | 'stale';

/** The server's answer to one request: `t0` echoed, `t1` server receive, `t2` server send (epoch ms, server clock). */
export interface TimeExchange {
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
}

/** What became of a reply passed to {@link ClockEstimator.onResponse}. */
export type ResponseVerdict =
  | 'accepted' // a valid sample of the current burst
  | 'rejected-rtt' // RTT above maxRttMs
  | 'invalid' // non-finite, t2 < t1, or RTT negative
  | 'unknown'; // t0 is not the request in flight (late, duplicate or foreign reply)

/** A consistent view of the estimate at one local instant. */
export interface ClockEstimate {
  readonly state: ClockState;
  /** server - local (ms) at the given local time; 0 while unsynced. */
  readonly offsetMs: number;
  /** Bound on |estimated - true| server time (ms); Infinity while unsynced. */
  readonly uncertaintyMs: number;
  /** Fitted drift of the server clock against the local one (ppm; + = server runs faster). */
  readonly driftPpm: number;
  /** RTT of the best inlier point (ms); Infinity while unsynced. */
  readonly minRttMs: number;
  /** Points in the fit (count). */
  readonly points: number;
  /** Bumped when a clock step is accepted (the estimate jumped): anchors taken earlier are void. */
  readonly generation: number;
  /** A first or re-sync burst is under way. */
  readonly bursting: boolean;
  /** Local time of the newest point (ms), or null. */
  readonly lastPointAtMs: number | null;
}

/** Counters for tests and diagnostics. */
export interface ClockCounters {
  sent: number;
  accepted: number;
  lost: number;
  rejectedRtt: number;
  invalid: number;
  unknown: number;
  outlierPoints: number;
  jumps: number;
  bursts: number;
}
