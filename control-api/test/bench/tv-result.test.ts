import { expect } from 'chai';
import { parseBenchResult, type TimeSeries } from '../../bench/report/bench-result.js';
import { TV_GOALS, percentileOf, tvBenchResult, type TvMeasurements } from '../../bench/report/tv-result.js';

function measurements(overrides: Partial<TvMeasurements> = {}): TvMeasurements {
  return {
    params: { seconds: 5, runs: 3, zaps: 2 },
    coldMs: [900, 1100, 800],
    zapNeighbourMs: [250, 350],
    zapFarMs: [600, 650],
    syncSamples: [
      [[10_000, 0.5], [10_016, -1], [10_033, 3]],
      [[10_005, -0.2], [10_021, 0.1]],
    ],
    betweenMs: [0.3, 0.7, 1.2],
    lockTimesMs: [900, 1200],
    heapBytes: 30 * 1_048_576,
    ...overrides,
  };
}

describe('bench:tv result', () => {
  it('is a valid result with the documented figures and goals', () => {
    const r = parseBenchResult(tvBenchResult(measurements()));
    const byId = new Map(r.figures.map((f) => [f.id, f]));
    expect([...byId.keys()]).to.deep.equal([
      'first-correct-frame-p50', 'zap-neighbour-p50', 'zap-far-p50',
      'sync-viewer-1-p50', 'sync-viewer-1-p95', 'sync-viewer-1-p99', 'sync-viewer-2-p50', 'sync-viewer-2-p95', 'sync-viewer-2-p99',
      'sync-between-p50', 'sync-between-p95', 'sync-between-p99', 'lock-time-max', 'heap-mb',
    ]);
    expect(byId.get('first-correct-frame-p50')).to.deep.include({ value: 900, goal: { op: '<=', value: TV_GOALS.firstCorrectFrameP50Ms } });
    expect(byId.get('sync-viewer-1-p95')).to.deep.include({ value: 3, goal: { op: '<=', value: 2 } });
    expect(byId.get('sync-viewer-1-p50')?.value).to.equal(1); // |0.5|, |-1|, |3| -> median 1
    expect(byId.get('sync-viewer-1-p50')?.goal).to.equal(undefined);
    expect(byId.get('lock-time-max')?.value).to.equal(1200);
    expect(byId.get('heap-mb')).to.deep.include({ value: 30, unit: 'MB' });
  });

  it('plots each viewer\'s signed error against seconds since sampling started', () => {
    const r = tvBenchResult(measurements());
    const lines = (r.series ?? []).filter((s): s is TimeSeries => s.kind === 'timeseries');
    expect(lines.map((s) => s.label)).to.deep.equal(['viewer 1', 'viewer 2']);
    expect(lines[0]?.points).to.deep.equal([[0, 0.5], [0.016, -1], [0.033, 3]]);
    expect(lines[1]?.points[0]).to.deep.equal([0.005, -0.2]);
  });

  it('reports what was not measured as null, and a viewer that never locked', () => {
    const r = parseBenchResult(tvBenchResult(measurements({ coldMs: [], lockTimesMs: [900, Number.NaN], heapBytes: Number.NaN, syncSamples: [] })));
    const byId = new Map(r.figures.map((f) => [f.id, f]));
    expect(byId.get('first-correct-frame-p50')?.value).to.equal(null);
    expect(byId.get('lock-time-max')).to.deep.include({ value: null, note: 'a viewer never locked' });
    expect(byId.get('heap-mb')?.value).to.equal(null);
  });

  it('takes percentiles by rank, ignoring non-finite values', () => {
    expect(percentileOf([5, 1, Number.NaN, 3, 2, 4], 50)).to.equal(3);
    expect(percentileOf([1, 2, 3, 4], 100)).to.equal(4);
    expect(percentileOf([], 50)).to.equal(null);
  });
});
