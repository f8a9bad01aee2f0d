// A sub-millisecond wall clock for the time service: performance.timeOrigin + performance.now()
// (high resolution, monotonic), re-anchored to Date.now() only when the wall clock is stepped or
// slewed away from it by more than `reanchorMs` (Date.now() alone is truncated to whole ms, which
// would bias every stamp by up to 1 ms).
import { BROKER_DEFAULTS } from './defaults.js';

export function makePreciseClock(options: { reanchorMs?: number } = {}): () => number {
  const reanchorMs = options.reanchorMs ?? BROKER_DEFAULTS.clockReanchorMs;
  let base = performance.timeOrigin;
  return () => {
    const p = performance.now();
    const now = base + p;
    const wall = Date.now(); // truncated: the true wall time is in [wall, wall + 1)
    if (now < wall - reanchorMs || now > wall + 1 + reanchorMs) {
      base = wall + 0.5 - p;
      return base + p;
    }
    return now;
  };
}
