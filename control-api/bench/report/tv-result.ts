// bench:tv's result in the shared format, from the raw measurements it already collects, so that
// tv-app/bench/tv.ts needs only:
//   const jsonPath = jsonOutputPath();
//   if (jsonPath) await writeBenchResult(jsonPath, tvBenchResult({ params: { seconds, runs, zaps }, coldMs: cold, ... }));
// and the zero-wait figures of each network profile (first frame, zaps, stalls, the cold start's
// trace), beside the bare Shaka page of the same run: withZeroWait(result, [loopback, throttled]).
import { percentile } from '../stats.js';
import { finite, quantileSample, type BenchResult, type Figure, type Series } from './bench-result.js';

export const TV_GOALS = {
  firstFrameP50Ms: 500, // navigation to the first frame on screen, p50
  firstFrameRatio: 1.5, // ... and at most this many times the bare Shaka page's (same run)
  firstCorrectFrameP50Ms: 800, // cold start to the first correctly-timed frame, p50
  zapNeighbourP50Ms: 34, // key press to first frame, neighbour (CH+/CH-), p50
  zapNeighbourRatio: 0.1, // ... and at most this many times a bare Shaka load's
  zapFarP50Ms: 400, // digits + OK to first frame, far channel, p50
  zapFarRatio: 1.0, // ... and at most this many times a bare Shaka load's
  zapStalls: 0, // waiting events of the video on air after its first frame, over the zaps
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

/**
 * The zero-wait figures of one network profile (issue 15), each beside the bare Shaka page of the
 * same run where there is one: `reference` its figure, `ratio` value / reference. Ids take
 * `idSuffix` ('' on loopback, '-throttled'); labels end with the network.
 */
export interface ZeroWaitMeasurements {
  idSuffix: string;
  networkLabel: string; // 'loopback', '20 Mbit/s, 40 ms RTT'
  referenceLabel: string; // what the bare page is, e.g. 'bare Shaka 5.2.12 page, same manifest and offset, same run'
  firstFrameMs: readonly number[]; // navigation to the first frame on screen, per cold start
  firstCorrectFrameMs: readonly number[]; // navigation to the first correctly-timed frame, per cold start
  zapNeighbourMs: readonly number[];
  zapFarMs: readonly number[];
  zapStalls: number; // NaN when the zaps did not run
  /** The bare page: navigation to the first frame, and player.load() to the first frame. */
  refFirstFrameMs: readonly number[];
  refZapMs: readonly number[];
  /** Where a cold start's milliseconds go: p50 of each step since navigation. */
  trace: ReadonlyArray<{ id: string; label: string; p50Ms: number | null }>;
}

export function zeroWaitFigures(m: ZeroWaitMeasurements): Figure[] {
  const on = ` (${m.networkLabel})`;
  const id = (base: string) => `${base}${m.idSuffix}`;
  const beside = (figure: Figure, refValues: readonly number[], p: number, ratioGoal?: number): Figure => {
    const ref = percentileOf(refValues, p);
    const ratio = figure.value !== null && ref !== null && ref !== 0 ? figure.value / ref : null;
    return {
      ...figure,
      reference: { label: m.referenceLabel, value: ref, unit: 'ms' },
      ratio,
      ...(ratioGoal === undefined ? {} : { note: `goal also: ratio <= ${ratioGoal}` }),
    };
  };
  const figures: Figure[] = [
    beside(ms(id('first-frame-p50'), `navigation to first frame on screen p50${on}`, percentileOf(m.firstFrameMs, 50), TV_GOALS.firstFrameP50Ms), m.refFirstFrameMs, 50, TV_GOALS.firstFrameRatio),
    ms(id('first-correct-frame-p50'), `cold start to first correctly-timed frame p50${on}`, percentileOf(m.firstCorrectFrameMs, 50), TV_GOALS.firstCorrectFrameP50Ms),
    beside(ms(id('zap-neighbour-p50'), `zap to a neighbour (key to first frame) p50${on}`, percentileOf(m.zapNeighbourMs, 50), TV_GOALS.zapNeighbourP50Ms), m.refZapMs, 50, TV_GOALS.zapNeighbourRatio),
    beside(ms(id('zap-neighbour-p95'), `zap to a neighbour (key to first frame) p95${on}`, percentileOf(m.zapNeighbourMs, 95)), m.refZapMs, 95),
    beside(ms(id('zap-far-p50'), `zap to far channel (OK to first frame) p50${on}`, percentileOf(m.zapFarMs, 50), TV_GOALS.zapFarP50Ms), m.refZapMs, 50, TV_GOALS.zapFarRatio),
    beside(ms(id('zap-far-p95'), `zap to far channel (OK to first frame) p95${on}`, percentileOf(m.zapFarMs, 95)), m.refZapMs, 95),
    { id: id('zap-stalls'), label: `stalls of the video on air during the zaps${on}`, value: finite(m.zapStalls), unit: '', goal: { op: '<=', value: TV_GOALS.zapStalls } },
  ];
  for (const step of m.trace) figures.push(ms(id(`start-trace-${step.id}`), `cold start trace: navigation to ${step.label} p50${on}`, step.p50Ms));
  return figures;
}

/** `result` with the zero-wait figures first; they replace figures of the same id. */
export function withZeroWait(result: BenchResult, zeroWait: readonly ZeroWaitMeasurements[]): BenchResult {
  const added = zeroWait.flatMap((m) => zeroWaitFigures(m));
  const ids = new Set(added.map((x) => x.id));
  return { ...result, figures: [...added, ...result.figures.filter((x) => !ids.has(x.id))] };
}
