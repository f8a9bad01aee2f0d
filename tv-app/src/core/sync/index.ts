/**
 * The shared sync core: clock estimation and playback steering, pure TypeScript (no DOM, no Node
 * APIs, no timers), used by the TV app and by the Node viewer client alike.
 *
 * Usage:
 * ```ts
 * import { ClockEstimator, PlaybackController, targetPositionSec } from '../core/sync/index.js';
 * ```
 */
export * from './target-position.js';
export * from './clock-estimator.js';
export * from './playback-controller.js';
export { fitLine, median, weightedLeastSquares, weightedMedian } from './robust-fit.js';
export type { FitLineOptions, LineFit, WeightedPoint } from './robust-fit.js';
export * from './engine-profile.js';
export * from './play-timer-aim.js';
