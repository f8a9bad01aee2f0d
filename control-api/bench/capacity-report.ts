// bench:capacity's output: the figures (the BenchResult every bench writes, read by `npm run bench`)
// and the printed table of the capacity model's rows.
import type { Engine, ExchangeRun, LevelRun } from './capacity-broker.js';
import { ENGINE_LABELS, type CapacityRow, type MeasuredInputs } from './capacity-model.js';
import type { CapacityOptions } from './capacity-options.js';
import type { LevelPlan, SearchResult } from './capacity-search.js';
import { SEARCH_DEFAULTS } from './capacity-search.js';
import { finite, quantileSample, type BenchResult, type Figure } from './report/bench-result.js';
import { fmt, summary } from './stats.js';

export interface BrokerSearch {
  engine: Engine;
  plan: LevelPlan;
  result: SearchResult;
  /** The run of the highest level held, or null. */
  held: LevelRun | null;
  levels: Array<{ viewers: number; holds: boolean }>;
}

/** Results of the benches run as children (null: not run or failed). */
export interface ChildFigures {
  api: BenchResult | null;
  live: BenchResult | null;
  media: BenchResult | null;
}

const ENGINE_REF = { aedes: 'Aedes node (built-in)', mosquitto: 'mosquitto node (with the service node)' } as const;

function searchNote(s: BrokerSearch): string {
  const r = s.result;
  const levels = s.levels.map((l) => `${l.viewers} ${l.holds ? 'held' : 'failed'}`).join(', ');
  if (r.boundedBy) return `a floor: every level held (${levels}); the search stopped at ${r.boundedBy === 'levels' ? 'the last level' : r.boundedBy === 'file descriptors' ? `ulimit -n (${s.plan.fdViewers} viewers per process)` : '--max-viewers'}`;
  return `levels: ${levels}`;
}

/** A figure of the child bench `from` under another id, its reference kept, its goal left to that bench (null value when it did not run). */
function copied(from: BenchResult | null, id: string, as: string, label: string): Figure {
  const f = from?.figures.find((x) => x.id === id);
  if (!f) return { id: as, label, value: null, unit: 'req/s', note: 'not measured' };
  return { id: as, label, value: f.value, unit: f.unit, ...(f.reference ? { reference: f.reference } : {}), ...(f.ratio !== undefined ? { ratio: f.ratio } : {}), note: `bench:${from?.bench ?? '?'} figure ${id}` };
}

export function capacityResult(o: { options: CapacityOptions; fdLimit: number; searches: BrokerSearch[]; exchanges: Map<Engine, ExchangeRun>; children: ChildFigures }): BenchResult {
  const { options } = o;
  const figures: Figure[] = [];
  const series: NonNullable<BenchResult['series']> = [];
  const search = (e: Engine) => o.searches.find((s) => s.engine === e);
  for (const s of o.searches) {
    const peer = s.engine === 'aedes' ? search('mosquitto') : undefined;
    figures.push({
      id: `viewers-per-node-${s.engine}`,
      label: `viewers one ${ENGINE_REF[s.engine]} holds at p95 delivery <= ${SEARCH_DEFAULTS.deliveryP95LimitMs} ms (steady state, ${options.channels} channels)`,
      value: s.result.maxViewers,
      unit: 'viewers',
      ...(peer ? { reference: { label: ENGINE_REF.mosquitto, value: peer.result.maxViewers, unit: 'viewers' } } : {}),
      note: searchNote(s),
    });
    if (s.held) {
      const d = summary(s.held.deliveries);
      figures.push({ id: `delivery-p95-${s.engine}`, label: `delivery p95 at ${s.held.viewers} viewers, ${ENGINE_REF[s.engine]}`, value: finite(d.p95), unit: 'ms', goal: { op: '<=', value: SEARCH_DEFAULTS.deliveryP95LimitMs } });
      series.push({ kind: 'samples', plot: 'capacity-delivery', plotTitle: 'Steady-state delivery latency at the highest level held (CDF)', id: `delivery-${s.engine}`, label: `${ENGINE_REF[s.engine]}, ${s.held.viewers} viewers`, valueLabel: 'delivery latency', unit: 'ms', values: quantileSample(s.held.deliveries) });
    }
  }
  for (const [engine, r] of o.exchanges) {
    const peer = engine === 'aedes' ? o.exchanges.get('mosquitto') : undefined;
    const rate = (x: ExchangeRun) => finite(x.exchanges / x.seconds);
    figures.push(
      { id: `time-exchanges-per-second-${engine}`, label: `time exchanges per second, one ${ENGINE_REF[engine]} (${r.clients} clients, closed loop)`, value: rate(r), unit: 'exchanges/s', ...(peer ? { reference: { label: ENGINE_REF.mosquitto, value: rate(peer), unit: 'exchanges/s' } } : {}) },
      { id: `time-rtt-p95-${engine}`, label: `time exchange round trip p95 at that rate, ${ENGINE_REF[engine]}`, value: finite(summary(r.rtt).p95), unit: 'ms', ...(peer ? { reference: { label: ENGINE_REF.mosquitto, value: finite(summary(peer.rtt).p95), unit: 'ms' } } : {}) },
    );
  }
  if (options.parts.includes('api')) {
    figures.push(
      copied(o.children.api, 'now-rps', 'api-now-rps', `GET /v1/channels/:id/now per API process (${options.channels} channels)`),
      copied(o.children.api, 'epg-rps', 'api-epg-rps', `GET /v1/epg (6 h, ${options.channels} channels) per API process`),
      copied(o.children.live, 'hls-rps', 'api-hls-playlist-rps', `live HLS media playlist per API process (${options.channels} programmed channels)`),
      copied(o.children.live, 'dash-rps', 'api-dash-mpd-rps', `live DASH MPD per API process (${options.channels} programmed channels)`),
    );
  }
  if (options.parts.includes('media')) figures.push(...(o.children.media?.figures ?? [{ id: 'bytes-per-viewer-hour', label: 'bytes per viewer-hour per rung', value: null, unit: 'B/h', note: 'not measured' }]));
  return {
    bench: 'capacity',
    title: 'Capacity of one machine: viewers per broker node, time exchanges, API requests, bytes per rung',
    params: {
      levels: options.levels.join(','), maxViewers: options.maxViewers, seconds: options.seconds, workers: options.workers, channels: options.channels,
      brokers: options.brokers.join(','), parts: options.parts.join(','), ulimitN: o.fdLimit, beaconMs: options.rates.beaconMs, refreshMs: options.rates.refreshMs,
      refreshBurst: options.rates.refreshBurst, chatPerChannelMin: options.rates.chatPerChannelMin, reactionsPerChannelMin: options.rates.reactionBurstsPerChannelMin, programMin: options.rates.programMin,
    },
    figures,
    ...(series.length > 0 ? { series } : {}),
  };
}

/** The model's rows as figures of the result (no reference: they are derived, not measured). */
export function modelFigures(rows: readonly CapacityRow[]): Figure[] {
  return rows.flatMap((r) => {
    const at = `${r.viewers} viewers, ${r.channels} channels`;
    const id = `model-${r.viewers}`;
    return [
      { id: `${id}-broker-nodes`, label: `model: broker nodes (${r.engine}), ${at}`, value: r.brokerNodes, unit: 'nodes' },
      { id: `${id}-service-nodes`, label: `model: time service nodes, ${at}`, value: r.serviceNodes, unit: 'nodes' },
      { id: `${id}-api-processes`, label: `model: API processes, ${at}`, value: r.apiProcesses, unit: 'processes' },
      { id: `${id}-cdn-gbps`, label: `model: CDN egress, ${at}`, value: finite(r.cdnEgressGbps), unit: 'Gbit/s' },
      { id: `${id}-origin-gbps`, label: `model: origin egress, ${at}`, value: finite(r.originEgressGbps), unit: 'Gbit/s' },
    ];
  });
}

/** The model's measured inputs from this run's figures; null when one is missing. */
export function measuredInputs(r: BenchResult, typicalRung: string): MeasuredInputs | null {
  const value = (id: string) => r.figures.find((f) => f.id === id)?.value ?? null;
  const m = {
    aedesViewersPerNode: value('viewers-per-node-aedes'),
    mosquittoViewersPerNode: value('viewers-per-node-mosquitto'),
    aedesExchangesPerSecond: value('time-exchanges-per-second-aedes'),
    serviceExchangesPerSecond: value('time-exchanges-per-second-mosquitto'),
    nowRps: value('api-now-rps'),
    epgRps: value('api-epg-rps'),
    playlistRps: value('api-hls-playlist-rps'),
    typicalRungBitsPerSecond: ((value(`bytes-per-viewer-hour-${typicalRung}`) ?? Number.NaN) * 8) / 3600,
  };
  return Object.values(m).every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0) ? (m as MeasuredInputs) : null;
}

/** The measured figures as one table: value, the reference of the same run, value / reference. */
export function printFigures(r: BenchResult): void {
  const num = (x: number | null | undefined) => (typeof x === 'number' ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2)) : 'n/a');
  console.log('\n-- figures (value, reference in the same run, ratio)');
  for (const f of r.figures.filter((x) => !x.id.startsWith('model-'))) {
    const ref = f.reference ? `${num(f.reference.value)} ${f.reference.unit} (${f.reference.label})` : '';
    const ratio = f.ratio ?? (f.reference?.value && f.value !== null && f.reference.unit === f.unit ? f.value / f.reference.value : null);
    console.log(`${f.label.padEnd(100)} ${`${num(f.value)} ${f.unit}`.padStart(20)}  ${ref.padEnd(48)} ${ratio === null ? '' : `x${ratio.toFixed(2)}`}`);
  }
}

export function printPlan(rows: readonly CapacityRow[]): void {
  console.log('\n-- capacity model (docs/capacity.md), machines of this size, from this run\'s figures');
  console.log('viewers    broker engine  nodes  connections  deliveries/s  exchanges/s  service  API req/s  API procs  CDN Gbit/s  CDN TB/day  origin Gbit/s  origin machines');
  for (const r of rows) {
    console.log(
      `${String(r.viewers).padEnd(10)} ${r.engine.padEnd(14)} ${String(r.brokerNodes).padStart(5)}  ${String(r.connections).padStart(11)}  ${fmt(r.deliveriesPerSecond, 0).padStart(12)}  ${fmt(r.timeExchangesPerSecond, 0).padStart(11)}  ${String(r.serviceNodes).padStart(7)}` +
        `  ${fmt(r.apiRequestsPerSecond, 0).padStart(9)}  ${String(r.apiProcesses).padStart(9)}  ${fmt(r.cdnEgressGbps, 1).padStart(10)}  ${fmt(r.cdnTerabytesPerDay, 1).padStart(10)}  ${fmt(r.originEgressGbps, 2).padStart(13)}  ${String(r.originMachines).padStart(15)}`,
    );
  }
  for (const e of new Set(rows.map((r) => r.engine))) console.log(`  ${e}: ${ENGINE_LABELS[e]}`);
}
