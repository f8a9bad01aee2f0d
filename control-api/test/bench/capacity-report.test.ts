import { expect } from 'chai';
import { capacityResult, measuredInputs, modelFigures, type BrokerSearch } from '../../bench/capacity-report.js';
import type { ExchangeRun, LevelRun } from '../../bench/capacity-broker.js';
import { ASSUMPTION_DEFAULTS, STEADY_DEFAULTS, planCapacity } from '../../bench/capacity-model.js';
import { parseCapacityOptions } from '../../bench/capacity-options.js';
import { planLevels } from '../../bench/capacity-search.js';
import { parseBenchResult, type BenchResult } from '../../bench/report/bench-result.js';
import { aFigure, aResult } from './builders.js';

const options = parseCapacityOptions(['node', 'capacity.ts', '--levels', '1000,2000']);

function aLevelRun(viewers: number): LevelRun {
  return { viewers, connected: viewers, seconds: 36, deliveries: [5, 10, 20, 40], beacon: [5, 10], timeRtt: [2, 3], timeSent: 2, timeAnswered: 2 };
}

function aSearch(engine: 'aedes' | 'mosquitto', maxViewers: number | null, firstFailure: number | null): BrokerSearch {
  const plan = planLevels([1000, 2000], { maxViewers: 40_000, fdLimit: 20_000 });
  return {
    engine, plan,
    result: { maxViewers, firstFailure, boundedBy: firstFailure === null ? 'levels' : null },
    held: maxViewers === null ? null : aLevelRun(maxViewers),
    levels: [{ viewers: 1000, holds: maxViewers !== null }, ...(maxViewers === 1000 ? [{ viewers: 2000, holds: false }] : [])],
  };
}

const anExchangeRun = (exchanges: number): ExchangeRun => ({ clients: 200, seconds: 5, exchanges, rtt: [1, 2, 3] });
const child = (bench: string, ids: Record<string, number>): BenchResult =>
  aResult({ bench, figures: Object.entries(ids).map(([id, value]) => aFigure({ id, value, unit: 'req/s', reference: { label: 'static file, same bytes', value: value / 2, unit: 'req/s' }, goal: { op: '>=', value: 1 } })) });

function aFullResult(): BenchResult {
  return capacityResult({
    options,
    fdLimit: 20_000,
    searches: [aSearch('aedes', 1000, 2000), aSearch('mosquitto', 2000, null)],
    exchanges: new Map([['aedes', anExchangeRun(50_000)], ['mosquitto', anExchangeRun(20_000)]]),
    children: {
      api: child('api', { 'now-rps': 9000, 'epg-rps': 800 }),
      live: child('live', { 'hls-rps': 4000, 'dash-rps': 3000 }),
      media: aResult({ bench: 'rung-bytes', figures: [aFigure({ id: 'bytes-per-viewer-hour-720p', value: 1_350_000_000, unit: 'B/h' })] }),
    },
  });
}

describe('bench:capacity result', () => {
  it('is a valid BenchResult, with Aedes beside mosquitto as its reference', () => {
    const r = parseBenchResult(aFullResult());
    const aedes = r.figures.find((f) => f.id === 'viewers-per-node-aedes');
    expect(aedes?.value).to.equal(1000);
    expect(aedes?.reference).to.deep.equal({ label: 'mosquitto node (with the service node)', value: 2000, unit: 'viewers' });
    expect(r.figures.find((f) => f.id === 'viewers-per-node-mosquitto')?.note).to.contain('a floor');
  });

  it('takes the API figures of its children under its own ids, references kept and goals left to them', () => {
    const now = aFullResult().figures.find((f) => f.id === 'api-now-rps');
    expect(now?.value).to.equal(9000);
    expect(now?.reference?.value).to.equal(4500);
    expect(now?.goal).to.equal(undefined);
  });

  it('marks an API figure as not measured when its child failed', () => {
    const r = capacityResult({ options, fdLimit: 20_000, searches: [], exchanges: new Map(), children: { api: null, live: null, media: null } });
    expect(r.figures.find((f) => f.id === 'api-now-rps')?.value).to.equal(null);
  });

  it('gives the model every measured input, the typical rung in bits per second', () => {
    const m = measuredInputs(aFullResult(), '720p');
    expect(m).to.deep.equal({
      aedesViewersPerNode: 1000, mosquittoViewersPerNode: 2000, aedesExchangesPerSecond: 10_000, serviceExchangesPerSecond: 4000,
      nowRps: 9000, epgRps: 800, playlistRps: 4000, typicalRungBitsPerSecond: 3_000_000,
    });
  });

  it('gives the model nothing when an input is missing (another rung, a failed search)', () => {
    expect(measuredInputs(aFullResult(), '1080p')).to.equal(null);
    const r = aFullResult();
    const noAedes = { ...r, figures: r.figures.map((f) => (f.id === 'viewers-per-node-aedes' ? { ...f, value: null } : f)) };
    expect(measuredInputs(noAedes, '720p')).to.equal(null);
  });

  it('adds the model rows as figures a BenchResult accepts', () => {
    const m = measuredInputs(aFullResult(), '720p');
    if (!m) throw new Error('no inputs');
    const row = planCapacity(100_000, 500, STEADY_DEFAULTS, m, { ...ASSUMPTION_DEFAULTS, clusterViewersPerNode: 2000, exchangesPerJoin: 80, ladderBitsPerSecond: 10_728_000 });
    const figures = modelFigures([row]);
    expect(figures.find((f) => f.id === 'model-100000-broker-nodes')?.value).to.equal(row.brokerNodes);
    parseBenchResult({ ...aFullResult(), figures });
  });
});
