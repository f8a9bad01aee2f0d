import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import {
  BenchResult, BenchResultError, finite, jsonOutputPath, parseBenchResult, quantileSample, sampleFromPercentiles, writeBenchResult,
} from '../../bench/report/bench-result.js';
import { aFigure, aResult } from './builders.js';

describe('bench result format', () => {
  it('accepts a full result with goal, reference, ratio and both kinds of series', () => {
    const r = aResult({
      params: { seconds: 5, transport: 'tcp', quick: true },
      figures: [aFigure({ goal: { op: '<=', value: 2 }, reference: { label: 'mosquitto', value: 4, unit: 'ms' }, ratio: 1.25, note: 'shared machine' })],
      series: [
        { kind: 'timeseries', plot: 'tv-sync-error', id: 'v1', label: 'viewer 1', xUnit: 's', unit: 'ms', points: [[0, 0.1], [1, -0.2]] },
        { kind: 'samples', plot: 'clock-error', chart: 'histogram', id: 'e', label: 'error', unit: 'ms', values: [1, 2, 3] },
      ],
    });
    expect(parseBenchResult(r)).to.equal(r);
  });

  it('accepts a figure that could not be measured (null value)', () => {
    expect(Value.Check(BenchResult, aResult({ figures: [aFigure({ value: null })] }))).to.equal(true);
  });

  for (const [what, bad] of [
    ['an unknown goal operator', aResult({ figures: [aFigure({ goal: { op: '<' as '<=', value: 1 } })] })],
    ['a figure without a unit', { bench: 'api', title: 't', figures: [{ id: 'x', label: 'x', value: 1 }] }],
    ['a NaN value', aResult({ figures: [aFigure({ value: Number.NaN })] })],
    ['an unknown series kind', aResult({ series: [{ kind: 'bars', plot: 'p', id: 'a', label: 'a', unit: '', values: [] } as never] })],
    ['a timeseries point that is not a pair', aResult({ series: [{ kind: 'timeseries', plot: 'p', id: 'a', label: 'a', unit: '', xUnit: 's', points: [[1, 2, 3]] } as never] })],
    ['an upper-case bench id', aResult({ bench: 'API' })],
    ['an extra property', { ...aResult(), extra: 1 }],
  ] as const) {
    it(`rejects ${what} with SS_BENCH_RESULT_INVALID`, () => {
      expect(() => parseBenchResult(bad, 'x.json')).to.throw(BenchResultError).with.property('code', 'SS_BENCH_RESULT_INVALID');
    });
  }

  it('writes a valid result and refuses to write an invalid one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ss-bench-result-'));
    try {
      const path = join(dir, 'r.json');
      await writeBenchResult(path, aResult());
      expect(parseBenchResult(JSON.parse(await readFile(path, 'utf8')))).to.deep.equal(aResult());
      let error: unknown = null;
      await writeBenchResult(join(dir, 'bad.json'), aResult({ figures: [aFigure({ value: Number.POSITIVE_INFINITY })] })).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(BenchResultError);
      expect(await readFile(join(dir, 'bad.json')).catch(() => null)).to.equal(null);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds the output path in --json, --json= or BENCH_JSON', () => {
    expect(jsonOutputPath(['--seconds', '5', '--json', '/tmp/a.json'], {})).to.equal('/tmp/a.json');
    expect(jsonOutputPath(['--json=/tmp/b.json'], { BENCH_JSON: '/tmp/c.json' })).to.equal('/tmp/b.json');
    expect(jsonOutputPath([], { BENCH_JSON: '/tmp/c.json' })).to.equal('/tmp/c.json');
    expect(jsonOutputPath(['--seconds', '5'], {})).to.equal(null);
  });

  it('maps non-finite numbers to null', () => {
    expect([finite(1.5), finite(Number.NaN), finite(Number.NEGATIVE_INFINITY), finite(undefined)]).to.deep.equal([1.5, null, null, null]);
  });

  it('reduces samples to evenly spaced quantiles, keeping the extremes and the median', () => {
    const values = Array.from({ length: 10_001 }, (_, i) => 10_000 - i); // 0..10000, reversed
    const s = quantileSample(values, 101);
    expect(s).to.have.length(101);
    expect(s[0]).to.equal(0);
    expect(s[50]).to.equal(5000);
    expect(s[100]).to.equal(10_000);
    expect(quantileSample([3, Number.NaN, 1], 10)).to.deep.equal([1, 3]);
  });

  it('interpolates a sample from known percentiles', () => {
    const s = sampleFromPercentiles([[0, 0], [50, 10], [100, 20]], 4); // quantiles 12.5, 37.5, 62.5, 87.5
    expect(s).to.deep.equal([2.5, 7.5, 12.5, 17.5]);
    expect(sampleFromPercentiles([], 4)).to.deep.equal([]);
  });
});
