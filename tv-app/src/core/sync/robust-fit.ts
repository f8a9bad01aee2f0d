/**
 * Small robust statistics used by the clock estimator: medians, weighted least squares and a line
 * fit that ignores outliers. Pure functions, no state.
 *
 * Usage:
 * ```ts
 * import { fitLine } from './robust-fit.js';
 * const fit = fitLine(points, { minPairSpan: 5_000, recentCount: 6 });
 * const yAt = (x: number) => fit.intercept + fit.slope * (x - fit.x0);
 * ```
 */

/** One observation: y measured at x, with a non-negative weight (larger = more trusted). */
export interface WeightedPoint {
  readonly x: number;
  readonly y: number;
  readonly weight: number;
}

/** A fitted line `y = intercept + slope * (x - x0)` and how well it fits. */
export interface LineFit {
  /** Reference abscissa (the newest point's x). */
  readonly x0: number;
  /** y at x0. */
  readonly intercept: number;
  /** dy/dx. */
  readonly slope: number;
  /** Whether the slope was fitted (true) or taken from `priorSlope` (false). */
  readonly slopeFitted: boolean;
  /** Standard error of the slope (same units as slope); Infinity when not fitted. */
  readonly slopeStdError: number;
  /** Robust spread (1.4826 x MAD) of the intercept points' residuals, in y units. */
  readonly residualSpread: number;
  /** Indexes (into the input) of the points the intercept used. */
  readonly used: readonly number[];
}

export interface FitLineOptions {
  /** Pairs closer than this in x are not used for the slope (x units). */
  readonly minPairSpan: number;
  /** Points (newest first) averaged for the intercept (count). */
  readonly recentCount: number;
  /** Slope used when no pair spans `minPairSpan`. */
  readonly priorSlope?: number;
  /** Slope is clamped to +- this, unless `steep` evidence shows a steeper line. */
  readonly maxAbsSlope?: number;
  /**
   * A slope beyond the outer `maxAbsSlope` is kept (clamped to +- `steep.maxAbsSlope` instead) when
   * at least `minPoints` points show it, farther than `sigmas` standard errors beyond the outer
   * `maxAbsSlope`: a clock being slewed (an NTP daemon catching up) runs thousands of ppm off for
   * minutes, far beyond oscillator drift.
   */
  readonly steep?: { readonly maxAbsSlope: number; readonly minPoints: number; readonly sigmas: number };
  /** Residuals within this of the median are always kept (y units). */
  readonly minOutlierBand?: number;
}

/** Weighted median of `values` (weights >= 0; equal weights when all are 0). NaN when empty. */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  let total = 0;
  for (const i of order) total += Math.max(0, weights[i] ?? 0);
  if (order.length === 0) return Number.NaN;
  if (total <= 0) return weightedMedian(values, values.map(() => 1));
  let acc = 0;
  for (const i of order) {
    acc += Math.max(0, weights[i] ?? 0);
    if (acc >= total / 2) return values[i] ?? Number.NaN;
  }
  return values[order[order.length - 1] ?? 0] ?? Number.NaN;
}

/** Plain median. NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const hi = s[mid] ?? Number.NaN;
  return s.length % 2 === 1 ? hi : ((s[mid - 1] ?? hi) + hi) / 2;
}

/** Weighted least-squares line through `points` around abscissa `x0`; null when x has no spread. */
export function weightedLeastSquares(
  points: readonly WeightedPoint[], x0: number,
): { slope: number; intercept: number; slopeStdError: number } | null {
  let sw = 0;
  let swx = 0;
  let swy = 0;
  for (const p of points) {
    sw += p.weight;
    swx += p.weight * (p.x - x0);
    swy += p.weight * p.y;
  }
  if (sw <= 0 || points.length < 2) return null;
  const mx = swx / sw;
  const my = swy / sw;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = p.x - x0 - mx;
    sxx += p.weight * dx * dx;
    sxy += p.weight * dx * (p.y - my);
  }
  if (sxx <= 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let swr2 = 0;
  for (const p of points) swr2 += p.weight * (p.y - intercept - slope * (p.x - x0)) ** 2;
  const dof = Math.max(1, points.length - 2);
  // Residual variance per unit weight, spread over the weighted x spread: the textbook WLS error.
  const slopeStdError = Math.sqrt(swr2 / dof / sxx);
  return { slope, intercept, slopeStdError };
}

/**
 * Robust line through `points` (any order), for points whose weights already encode their
 * quality. The slope: weighted least squares over the points (efficient with few points, where a
 * median of pair slopes is noisy), refitted once without the points whose weighted residual is
 * beyond 3.5 robust standard deviations (when at least 5 points); the prior when no two points
 * are `minPairSpan` apart; clamped to `maxAbsSlope` unless clearly steeper (`steep`). The
 * intercept, at the newest point's x: the weighted mean of the `recentCount` newest points' residuals, outliers (beyond 3 robust sd, at least
 * `minOutlierBand`) dropped. Throws on an empty input.
 */
export function fitLine(points: readonly WeightedPoint[], options: FitLineOptions): LineFit {
  if (points.length === 0) throw new RangeError('fitLine needs at least one point');
  const byX = points.map((_, i) => i).sort((a, b) => (points[a]?.x ?? 0) - (points[b]?.x ?? 0));
  const x0 = points[byX[byX.length - 1] ?? 0]?.x ?? 0;
  const xFirst = points[byX[0] ?? 0]?.x ?? 0;
  const maxAbs = options.maxAbsSlope ?? Number.POSITIVE_INFINITY;
  const band0 = options.minOutlierBand ?? 0;
  const clampTo = (v: number, limit: number): number => Math.max(-limit, Math.min(limit, v));

  let slope = clampTo(options.priorSlope ?? 0, maxAbs);
  let slopeFitted = false;
  let slopeStdError = Number.POSITIVE_INFINITY;
  let wls = x0 - xFirst >= options.minPairSpan ? weightedLeastSquares(points, x0) : null;
  if (wls !== null && points.length >= 5) {
    const fit = wls;
    const z = points.map((p) => (p.y - fit.intercept - fit.slope * (p.x - x0)) * Math.sqrt(p.weight));
    const sigma = 1.4826 * median(z.map(Math.abs));
    const kept = points.filter((_, i) => Math.abs(z[i] ?? 0) <= 3.5 * sigma);
    if (kept.length < points.length && kept.length >= 2) wls = weightedLeastSquares(kept, x0) ?? wls;
  }
  if (wls !== null) {
    const steep = options.steep;
    const evident = steep !== undefined && points.length >= steep.minPoints && Math.abs(wls.slope) - steep.sigmas * wls.slopeStdError > maxAbs;
    slope = clampTo(wls.slope, evident ? steep.maxAbsSlope : maxAbs);
    slopeStdError = wls.slopeStdError;
    slopeFitted = true;
  }

  const residualOf = (i: number): number => {
    const p = points[i];
    return p === undefined ? 0 : p.y - slope * (p.x - x0);
  };
  const recent = byX.slice(-Math.max(1, options.recentCount));
  const res = recent.map(residualOf);
  const keptRecent = keepInliers(res, band0);
  const used = recent.filter((_, k) => keptRecent[k]);
  let sw = 0;
  let swr = 0;
  for (const i of used) {
    const w = Math.max(1e-12, points[i]?.weight ?? 0);
    sw += w;
    swr += w * residualOf(i);
  }
  const m = median(res);
  const intercept = sw > 0 ? swr / sw : m;
  const residualSpread = 1.4826 * median(res.map((r) => Math.abs(r - m)));
  return { x0, intercept, slope, slopeFitted, slopeStdError, residualSpread, used };
}

/** A point known to lie within `y +- halfWidth` (a time exchange: its true offset within half its RTT of the measured one). */
export interface BarPoint {
  readonly x: number;
  readonly y: number;
  readonly halfWidth: number;
}

/**
 * Whether some line whose slope is within +-`maxAbsSlope` passes through every point's bar. When
 * one does, the points do not show a steeper slope, however a weighted fit reads them (a fit led by
 * two low-RTT points can read the asymmetry of a jittery path as thousands of ppm). For a slope s,
 * the gap between the highest bar bottom and the lowest bar top (each taken along s) is convex in
 * s, so a ternary search finds its least value. True for fewer than two points.
 */
export function lineThroughBars(points: readonly BarPoint[], maxAbsSlope: number): boolean {
  if (points.length < 2) return true;
  const x0 = points[0]?.x ?? 0;
  const gap = (s: number): number => {
    let bottom = Number.NEGATIVE_INFINITY;
    let top = Number.POSITIVE_INFINITY;
    for (const p of points) {
      const y = p.y - s * (p.x - x0);
      bottom = Math.max(bottom, y - p.halfWidth);
      top = Math.min(top, y + p.halfWidth);
    }
    return bottom - top;
  };
  let lo = -maxAbsSlope;
  let hi = maxAbsSlope;
  for (let i = 0; i < 100 && hi - lo > 0; i++) {
    const a = lo + (hi - lo) / 3;
    const b = hi - (hi - lo) / 3;
    if (gap(a) <= gap(b)) hi = b;
    else lo = a;
  }
  return Math.min(gap(lo), gap(hi), gap(-maxAbsSlope), gap(maxAbsSlope)) <= 1e-9;
}

/** Marks residuals within max(3 robust sd, band) of their median. */
function keepInliers(residuals: readonly number[], band: number): boolean[] {
  const m = median(residuals);
  const spread = 1.4826 * median(residuals.map((r) => Math.abs(r - m)));
  const limit = Math.max(3 * spread, band);
  return residuals.map((r) => Math.abs(r - m) <= limit);
}
