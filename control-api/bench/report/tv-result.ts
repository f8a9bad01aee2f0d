// bench:tv's result in the shared format, from the raw measurements it already collects, so that
// tv-app/bench/tv.ts needs only:
//   const jsonPath = jsonOutputPath();
//   if (jsonPath) await writeBenchResult(jsonPath, tvBenchResult({ params: { seconds, runs, zaps }, coldMs: cold, ... }));
import { percentile } from '../stats.js';
import { finite, quantileSample, type BenchResult, type Figure, type Series } from './bench-result.js';

export const TV_GOALS = {
  firstCorrectFrameP50Ms: 1_000, // cold start to the first correctly-timed frame, p50
  zapNeighbourP50Ms: 300, // key press to first frame, preloaded neighbour, p50
  zapFarP50Ms: 700, // digits + OK to first frame, far channel, p50
  syncP95Ms: 2, // |media clock - schedule| per viewer, and between viewers, p95
  lockTimeMs: 1_500, // first frame to lock, worst viewer
  heapMb: 150, // JS heap after the zaps
};

export interface TvMeasurements {
  params: Record<string, number | string | boolean>;
  coldMs: readonly number[]; // navigation to the first correctly-timed frame, per cold start
  zapNeighbourMs: readonly number[];
  zapFarMs: readonly number[];
  /** Per viewer, every sampled frame: [wall clock ms, signed media clock - schedule in ms]. */
  syncSamples: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** |error a - error b| over pairs of viewers sampled within 10 ms of each other. */
  betweenMs: readonly number[];
  lockTimesMs: readonly number[]; // first frame to lock, per viewer (NaN when it never locked)
  heapBytes: number;
}

/** Nearest-rank percentile of the finite values; null when there are none. */
export function percentileOf(values: readonly number[], p: number): number | null {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return s.length === 0 ? null : percentile(s, p);
}

const ms = (id: string, label: string, value: number | null, goal?: number): Figure => ({
  id, label, value: finite(value), unit: 'ms', ...(goal === undefined ? {} : { goal: { op: '<=' as const, value: goal } }),
});

export function tvBenchResult(m: TvMeasurements): BenchResult {
  const figures: Figure[] = [
    ms('first-correct-frame-p50', 'cold start to first correctly-timed frame p50', percentileOf(m.coldMs, 50), TV_GOALS.firstCorrectFrameP50Ms),
    ms('zap-neighbour-p50', 'zap to preloaded neighbour (key to first frame) p50', percentileOf(m.zapNeighbourMs, 50), TV_GOALS.zapNeighbourP50Ms),
    ms('zap-far-p50', 'zap to far channel (OK to first frame) p50', percentileOf(m.zapFarMs, 50), TV_GOALS.zapFarP50Ms),
  ];
  m.syncSamples.forEach((samples, i) => {
    const abs = samples.map(([, e]) => Math.abs(e));
    for (const p of [50, 95, 99]) {
      figures.push(ms(`sync-viewer-${i + 1}-p${p}`, `viewer ${i + 1} |media clock - schedule| p${p}`, percentileOf(abs, p), p === 95 ? TV_GOALS.syncP95Ms : undefined));
    }
  });
  for (const p of [50, 95, 99]) {
    figures.push(ms(`sync-between-p${p}`, `between viewers |error a - error b| p${p}`, percentileOf(m.betweenMs, p), p === 95 ? TV_GOALS.syncP95Ms : undefined));
  }
  const locks = m.lockTimesMs.map((v) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY));
  const lock = ms('lock-time-max', 'first frame to lock, worst viewer', locks.length === 0 ? null : Math.max(...locks), TV_GOALS.lockTimeMs);
  figures.push(locks.includes(Number.POSITIVE_INFINITY) ? { ...lock, note: 'a viewer never locked' } : lock);
  figures.push({ id: 'heap-mb', label: 'JS heap after the zaps', value: finite(m.heapBytes / 1_048_576), unit: 'MB', goal: { op: '<=', value: TV_GOALS.heapMb } });

  const start = Math.min(...m.syncSamples.flatMap((s) => (s[0] ? [s[0][0]] : [])));
  const series: Series[] = m.syncSamples.map((samples, i) => ({
    kind: 'timeseries', plot: 'tv-sync-error', plotTitle: 'Sync error over time per viewer', id: `sync-error-viewer-${i + 1}`,
    label: `viewer ${i + 1}`, valueLabel: 'media clock - schedule', xUnit: 's', unit: 'ms',
    points: samples.filter(([t, e]) => Number.isFinite(t) && Number.isFinite(e)).map(([t, e]) => [(t - start) / 1000, e] as [number, number]),
  }));
  if (m.betweenMs.length > 0) {
    series.push({ kind: 'samples', plot: 'tv-sync-between', plotTitle: 'Sync error between viewers (CDF)', id: 'sync-between', label: 'pairs of viewers', valueLabel: '|error a - error b|', unit: 'ms', values: quantileSample(m.betweenMs) });
  }
  return { bench: 'tv', title: 'TV app in headless Chromium: start, zap, sync between viewers', params: { ...m.params }, figures, series };
}
