// The one machine-readable result format every StreamSync TV bench writes, read by `npm run bench`
// (control-api/bench/report/run-all.ts) to build the project-wide report.
//
// How a bench emits its result (bench:api, bench:clock, bench:fanout, bench:pipeline, bench:tv):
//   - it keeps printing its human-readable figures exactly as before;
//   - when it is started with `--json <file>` (or BENCH_JSON=<file> in the environment), it also
//     writes one BenchResult to that file at the end, with `writeBenchResult(path, result)` below
//     (`jsonOutputPath()` finds the path). The runner passes `--json` itself.
//   - `figures` are the numbers a person compares with the product's promises: one per line of the
//     report table, each with its `unit`, its `goal` when the product promises one, and its peer
//     `reference` (the same thing measured the same way in the same run: a static file, Debian's
//     mosquitto, a bare ffmpeg command...). `ratio` is value / reference unless the bench says
//     otherwise; leave it out to let the report compute it (same units only).
//   - a value that could not be measured is `null`, never NaN (JSON has no NaN): `finite(x)`.
//   - `series` feed the report's plots. Series with the same `plot` id share one chart:
//       kind 'timeseries': `points` are [x, y] pairs (x in `xUnit`, y in `unit`), drawn as lines;
//       kind 'samples': `values` are measurements in `unit`, drawn as a CDF (or a histogram when
//       `chart: 'histogram'`). Keep files small: `quantileSample(values)` reduces any number of
//       measurements to at most 500 values with the same distribution.
//
// For bench:tv (tv-app/bench/tv.ts): `tvBenchResult()` in ./tv-result.ts builds all of the below from
// the arrays tv.ts already collects (cold, near, far, samples, between, lockTimes, heap); then
//   const jsonPath = jsonOutputPath(); if (jsonPath) await writeBenchResult(jsonPath, tvBenchResult({...}));
// The report expects:
//   bench: 'tv'; params: { seconds, runs, zaps, ... }; write the file after printing, before closing the
//   browser is fine; a run that measured nothing for a figure gives it value null (finite()).
//   figures (ms unless said; the goals are TV_GOALS in ./tv-result.ts, which decides):
//     'first-correct-frame-p50'  cold start to the first correctly-timed frame, p50, goal <= 800
//     'zap-neighbour-p50'        key press to first frame, ready neighbour, p50, goal <= 34
//                                (and <= 0.1x a bare Shaka load's)
//     'zap-far-p50'              digits + OK to first frame, far channel, p50, goal <= 400
//                                (and <= 1x a bare Shaka load's)
//     'sync-viewer-<n>-p50' / '-p95' / '-p99'  |media clock - schedule| of viewer n (1, 2, 3),
//                                goal on p95 <= 2
//     'sync-between-p50' / '-p95' / '-p99'     |error of viewer a - error of viewer b| over pairs
//                                sampled within 10 ms of each other, goal on p95 <= 2
//     'lock-time-max'            join to lock (the app's sync.lockTimeMs), the worst viewer, goal <= 1500
//     'heap-mb'                  JS heap after the zaps, unit 'MB', goal <= 150
//   and the zero-wait figures of each network profile (withZeroWait(); ids suffixed '-throttled'
//   off loopback), each beside the bare Shaka page of the same run where it has one:
//     'first-frame-p50'          navigation to the first frame on screen, p50, goal <= 500
//                                (and <= 1.5x the bare page's)
//     'first-correct-frame-p50', 'zap-neighbour-p50' / '-p95', 'zap-far-p50' / '-p95' as above
//     'zap-stalls'               waiting events of the video on air during the zaps, goal <= 0
//     'start-trace-<step>'       the cold start's trace, p50 of each step since navigation (no goal)
//   series:
//     one { kind: 'timeseries', plot: 'tv-sync-error', plotTitle: 'Sync error over time per viewer',
//           id: 'sync-error-viewer-<n>', label: 'viewer <n>', xUnit: 's', unit: 'ms',
//           valueLabel: 'media clock - schedule',
//           points: [[seconds since sampling started, signed media clock - schedule in ms], ...] }
//     per viewer (every sampled frame is fine: a 60 s run is ~3,600 points per viewer);
//     optionally { kind: 'samples', plot: 'tv-sync-between', unit: 'ms', values: quantileSample(between) }.
import { writeFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const Goal = Type.Object(
  {
    op: Type.Union([Type.Literal('<='), Type.Literal('>=')]),
    value: Type.Number(),
  },
  { additionalProperties: false },
);
export type Goal = Static<typeof Goal>;

export const Reference = Type.Object(
  {
    label: Type.String({ minLength: 1 }), // what the peer is, e.g. 'static file', 'mosquitto 2.0'
    value: Type.Union([Type.Number(), Type.Null()]),
    unit: Type.String(),
  },
  { additionalProperties: false },
);
export type Reference = Static<typeof Reference>;

export const Figure = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$' }), // stable within one bench
    label: Type.String({ minLength: 1 }),
    value: Type.Union([Type.Number(), Type.Null()]), // null: not measured
    unit: Type.String(), // 'ms', 'req/s', 'x realtime', '%', 'MB', '' for a count
    goal: Type.Optional(Goal),
    reference: Type.Optional(Reference),
    ratio: Type.Optional(Type.Union([Type.Number(), Type.Null()])), // value / reference unless said
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Figure = Static<typeof Figure>;

const SeriesBase = {
  id: Type.String({ minLength: 1 }),
  plot: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$' }), // series with the same plot share a chart
  plotTitle: Type.Optional(Type.String()),
  label: Type.String({ minLength: 1 }), // legend entry
  unit: Type.String(), // of the values (y of a time series)
  valueLabel: Type.Optional(Type.String()), // what the values are, for the axis: 'sync error', 'latency'
};

export const TimeSeries = Type.Object(
  {
    ...SeriesBase,
    kind: Type.Literal('timeseries'),
    xUnit: Type.String(),
    points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  },
  { additionalProperties: false },
);
export type TimeSeries = Static<typeof TimeSeries>;

export const SampleSeries = Type.Object(
  {
    ...SeriesBase,
    kind: Type.Literal('samples'),
    chart: Type.Optional(Type.Union([Type.Literal('cdf'), Type.Literal('histogram')])),
    values: Type.Array(Type.Number()),
  },
  { additionalProperties: false },
);
export type SampleSeries = Static<typeof SampleSeries>;

export const Series = Type.Union([TimeSeries, SampleSeries]);
export type Series = Static<typeof Series>;

export const Machine = Type.Object(
  {
    cpuModel: Type.String(),
    cores: Type.Integer({ minimum: 0 }),
    memoryBytes: Type.Number({ minimum: 0 }),
    os: Type.String(),
    kernel: Type.String(),
    node: Type.String(),
    ffmpeg: Type.Union([Type.String(), Type.Null()]),
    chromium: Type.Union([Type.String(), Type.Null()]),
    loadAverage: Type.Tuple([Type.Number(), Type.Number(), Type.Number()]),
  },
  { additionalProperties: false },
);
export type Machine = Static<typeof Machine>;

export const BenchResult = Type.Object(
  {
    bench: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }), // 'api', 'clock', 'fanout', 'pipeline', 'tv'
    title: Type.String({ minLength: 1 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
    figures: Type.Array(Figure),
    series: Type.Optional(Type.Array(Series)),
    machine: Type.Optional(Machine),
  },
  { additionalProperties: false },
);
export type BenchResult = Static<typeof BenchResult>;

export class BenchResultError extends Error {
  readonly code = 'SS_BENCH_RESULT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'BenchResultError';
  }
}

/** Checks an unknown value (parsed JSON) against BenchResult; throws SS_BENCH_RESULT_INVALID. */
export function parseBenchResult(data: unknown, source = 'bench result'): BenchResult {
  const first = Value.Errors(BenchResult, data).First();
  if (first) {
    throw new BenchResultError(`${source}: ${first.path || '(root)'} ${first.message.toLowerCase()}; got ${JSON.stringify(first.value)?.slice(0, 80)}`);
  }
  return data as BenchResult;
}

/** Validates, then writes the result as JSON (a bench calls this once, at its end). */
export async function writeBenchResult(path: string, result: BenchResult): Promise<void> {
  parseBenchResult(result);
  await writeFile(path, `${JSON.stringify(result)}\n`);
}

/** `--json <file>` or `--json=<file>` from argv, else BENCH_JSON, else null. */
export function jsonOutputPath(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') return argv[i + 1] ?? null;
    if (a.startsWith('--json=')) return a.slice('--json='.length) || null;
  }
  return env.BENCH_JSON || null;
}

/** A finite number, or null (NaN and infinities cannot go into JSON). */
export function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** At most `n` values at evenly spaced quantiles of `values`: the same distribution, a bounded size. */
export function quantileSample(values: readonly number[], n = 500): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length <= n) return sorted;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.round((i / (n - 1)) * (sorted.length - 1));
    out.push(sorted[at] ?? Number.NaN);
  }
  return out;
}

/**
 * Values at evenly spaced quantiles, interpolated from known percentiles ([percent, value] pairs,
 * e.g. autocannon's p0_001...p99_999): an approximate sample of a distribution known only by them.
 */
export function sampleFromPercentiles(known: ReadonlyArray<readonly [number, number]>, n = 200): number[] {
  const pts = known.filter(([p, v]) => Number.isFinite(p) && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
  const first = pts[0];
  const last = pts.at(-1);
  if (!first || !last) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const q = (100 * (i + 0.5)) / n;
    if (q <= first[0]) out.push(first[1]);
    else if (q >= last[0]) out.push(last[1]);
    else {
      const k = pts.findIndex(([p]) => p >= q);
      const hi = pts[k] ?? last;
      const lo = pts[k - 1] ?? first;
      const t = hi[0] === lo[0] ? 0 : (q - lo[0]) / (hi[0] - lo[0]);
      out.push(lo[1] + t * (hi[1] - lo[1]));
    }
  }
  return out;
}
