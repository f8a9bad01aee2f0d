// `npm run bench:capacity` — what one machine of this size serves, as the inputs of the capacity model
// (docs/capacity.md), each beside a reference measured the same way in the same run:
//   1. viewers one broker node holds in the steady state (one MQTT connection and a TV's subscription
//      set per viewer, spread over --channels; the beacon every --beacon-ms, a clock refresh of
//      --refresh-burst time exchanges every --refresh-ms, chat, aggregated reactions and now-playing at
//      their rates) at p95 delivery <= 100 ms: an upward search over --levels, bounded by --max-viewers
//      and by the file descriptors a process may hold (`ulimit -n`), on the built-in Aedes node;
//      Debian's mosquitto with the service node as its client is the reference;
//   2. time exchanges per second one node answers (closed loop), with the round trip p95;
//   3. GET /now, GET /v1/epg and the live HLS playlist per second per API process (bench:api and
//      bench:live --no-tune in children), each vs a static file of the same bytes;
//   4. bytes per viewer-hour of each rung of the ladder (pipeline/bench/rung-bytes.ts), vs its nominal rate;
// then the model's rows for 10k, 100k and 1M viewers on --channels channels from those figures.
//
//   npx tsx control-api/bench/capacity.ts [--levels 2000,5000,10000,20000,40000] [--seconds 36] [--parts broker,time,api,media] ...
// Every option, its unit and default: CAPACITY_DEFAULTS below (`--help` prints them).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../src/config/load-settings.js';
import { runChildBench } from './child-server.js';
import { runExchanges, runLevel, type Engine, type ExchangeRun, type LevelRun } from './capacity-broker.js';
import { ASSUMPTION_DEFAULTS, exchangesPerJoin, planCapacity, viewerRates, type SteadyRates } from './capacity-model.js';
import { SEARCH_DEFAULTS, judgeLevel, planLevels, searchResult, shouldContinue, type SearchResult, type Verdict } from './capacity-search.js';
import { parseCapacityOptions, capacityUsage, type CapacityOptions } from './capacity-options.js';
import { capacityResult, measuredInputs, modelFigures, printFigures, printPlan, type BrokerSearch, type ChildFigures } from './capacity-report.js';
import { CLOCK_ESTIMATOR_DEFAULTS } from '#core/sync/clock-types.js';
import { fmt, summary } from './stats.js';
import { jsonOutputPath, writeBenchResult, type BenchResult } from './report/bench-result.js';

/** Every rung of settings.json's ladder plus its audio, nominal, bit/s. */
function nominalLadderBitsPerSecond(): number {
  const p = loadSettings(fileURLToPath(new URL('../../settings.json', import.meta.url)), {}).services.pipeline;
  return (p.ladder.reduce((a, r) => a + r.videoKbps, 0) + p.audioKbps) * 1000;
}

/** Concurrent viewers the model's table is computed for. */
const MODEL_SIZES = [10_000, 100_000, 1_000_000];

/** The soft limit on open files of processes started from here (`ulimit -n`); Infinity when unlimited. */
function fileDescriptorLimit(): number {
  const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
}

function printLevel(engine: Engine, r: LevelRun, verdict: Verdict): void {
  const d = summary(r.deliveries);
  const t = summary(r.timeRtt);
  console.log(
    `${engine.padEnd(9)} ${String(r.viewers).padStart(6)} viewers (${r.connected} connected)  deliveries ${String(d.n).padStart(7)} p50 ${fmt(d.p50, 1)} p95 ${fmt(d.p95, 1)} p99 ${fmt(d.p99, 1)} ms` +
      `  time exchanges ${r.timeAnswered}/${r.timeSent} rtt p95 ${fmt(t.p95, 1)} ms  ${verdict.holds ? 'holds' : `FAILS: ${verdict.reason}`}`,
  );
}

async function searchBroker(engine: Engine, o: CapacityOptions, fdLimit: number): Promise<BrokerSearch> {
  const plan = planLevels(o.levels, { maxViewers: o.maxViewers, fdLimit });
  const runs: Array<{ viewers: number; verdict: Verdict; run: LevelRun }> = [];
  for (const viewers of plan.levels) {
    if (!shouldContinue(runs.map((r) => r.verdict))) break;
    const run = await runLevel(engine, viewers, o.seconds, { workers: o.workers, channels: o.channels, rates: o.rates, burstGapMs: CLOCK_ESTIMATOR_DEFAULTS.burstSpacingMs, settleMs: o.settleMs });
    const d = summary(run.deliveries);
    const verdict = judgeLevel({ viewers, connected: run.connected, deliveryP95Ms: Number.isFinite(d.p95) ? d.p95 : null, timeSent: run.timeSent, timeAnswered: run.timeAnswered });
    printLevel(engine, run, verdict);
    runs.push({ viewers, verdict, run });
  }
  const result: SearchResult = searchResult(plan, runs);
  const held = runs.filter((r) => r.verdict.holds).at(-1)?.run ?? null;
  const found = result.maxViewers === null ? 'none of the levels' : `${result.boundedBy ? '>= ' : ''}${result.maxViewers} viewers`;
  const why = result.boundedBy ? ` (every level held; stopped by ${result.boundedBy})` : result.firstFailure !== null ? ` (${result.firstFailure} failed)` : '';
  console.log(`${engine}: one node holds ${found}${why}`);
  return { engine, plan, result, held, levels: runs.map((r) => ({ viewers: r.viewers, holds: r.verdict.holds })) };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(capacityUsage());
    return;
  }
  const o = parseCapacityOptions(process.argv);
  const rates: SteadyRates = o.rates;
  const v = viewerRates(rates);
  const fdLimit = fileDescriptorLimit();
  const plan = planLevels(o.levels, { maxViewers: o.maxViewers, fdLimit });
  console.log(`bench:capacity  parts=${o.parts.join(',')} brokers=${o.brokers.join(',')} channels=${o.channels} seconds/level=${o.seconds} workers=${o.workers}`);
  console.log(
    `steady state per viewer: beacon every ${rates.beaconMs} ms, ${rates.refreshBurst} time exchanges every ${rates.refreshMs} ms, chat ${rates.chatPerChannelMin}/channel/min, reactions ${rates.reactionBurstsPerChannelMin}/channel/min, now every ${rates.programMin} min` +
      ` = ${fmt(v.down, 4)} msg/s down (${fmt(v.idle, 4)} of them beacon + refresh), ${fmt(v.up, 4)} msg/s up`,
  );
  console.log(`levels ${plan.levels.join(', ')}; ulimit -n ${fdLimit}: one process holds at most ${plan.fdViewers} viewers (${SEARCH_DEFAULTS.fdReserve} descriptors kept)${plan.boundedBy ? `; the search is bounded by ${plan.boundedBy}` : ''}`);

  const searches: BrokerSearch[] = [];
  const exchanges = new Map<Engine, ExchangeRun>();
  const children: ChildFigures = { api: null, live: null, media: null };
  // The result so far is written after each part: a run stopped at its time budget keeps what it measured.
  const jsonPath = jsonOutputPath();
  const save = async (result = capacityResult({ options: o, fdLimit, searches, exchanges, children })) => {
    if (jsonPath) await writeBenchResult(jsonPath, result);
  };
  if (o.parts.includes('broker')) {
    console.log('\n-- viewers per broker node (steady state, p95 delivery <= 100 ms)');
    for (const engine of o.brokers) {
      searches.push(await searchBroker(engine, o, fdLimit));
      await save();
    }
  }
  if (o.parts.includes('time')) {
    console.log('\n-- time exchanges per second per node (closed loop)');
    for (const engine of o.brokers) {
      const r = await runExchanges(engine, o.exchangeClients, o.exchangeSeconds, { workers: o.workers, rates });
      exchanges.set(engine, r);
      console.log(`${(engine === 'aedes' ? 'aedes' : 'mosquitto + service node').padEnd(25)} ${r.clients} clients  ${fmt(r.exchanges / r.seconds, 0)} exchanges/s  rtt p50 ${fmt(summary(r.rtt).p50, 2)} p95 ${fmt(summary(r.rtt).p95, 2)} ms`);
    }
    await save();
  }
  if (o.parts.includes('api')) {
    console.log('\n-- API requests per second per process (bench:api, bench:live --no-tune)');
    children.api = await runChildBench('control-api/bench/api.ts', ['--duration', String(o.apiSeconds), '--channels', String(o.channels), '--days', '1']);
    children.live = await runChildBench('control-api/bench/live.ts', ['--no-tune', '--duration', String(o.apiSeconds), '--channels', String(o.channels)]);
    await save();
  }
  if (o.parts.includes('media')) {
    console.log('\n-- bytes per viewer-hour per rung');
    children.media = await runChildBench('pipeline/bench/rung-bytes.ts', ['--duration', String(o.mediaSeconds), '--width', String(Math.round((o.mediaHeight * 16) / 9 / 2) * 2), '--height', String(o.mediaHeight), '--fps', '30']);
  }

  const result: BenchResult = capacityResult({ options: o, fdLimit, searches, exchanges, children });
  printFigures(result);
  const measured = measuredInputs(result, o.typicalRung);
  if (measured) {
    const assumptions = {
      ...ASSUMPTION_DEFAULTS,
      clusterViewersPerNode: measured.mosquittoViewersPerNode, // a cluster node of this size taken to hold what one mosquitto holds
      exchangesPerJoin: exchangesPerJoin({ burstSize: CLOCK_ESTIMATOR_DEFAULTS.burstSize, rampStartMs: CLOCK_ESTIMATOR_DEFAULTS.refreshRampStartMs, refreshMs: rates.refreshMs }),
      ladderBitsPerSecond: nominalLadderBitsPerSecond(),
    };
    const rows = MODEL_SIZES.map((viewers) => planCapacity(viewers, o.channels, rates, measured, assumptions));
    printPlan(rows);
    result.figures.push(...modelFigures(rows));
  } else {
    console.log('\n(the capacity model needs every part: run with --parts broker,time,api,media for its table)');
  }
  await save(result);
  if ([...searches.map((s) => s.result.maxViewers !== null), children.api !== null || !o.parts.includes('api'), children.media !== null || !o.parts.includes('media')].includes(false)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
