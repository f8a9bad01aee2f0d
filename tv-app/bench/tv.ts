// `npm run bench:tv`: the TV app in headless Chromium against the whole system.
// First the zero-wait figures (issue 15; zero-wait.ts), on loopback and then with the viewer's network
// throttled to 20 Mbit/s and 40 ms RTT (DevTools network conditions; network-profile.ts), each beside
// a bare page that plays the same manifest at the same offset with the project's own Shaka build,
// measured in the same run (bare-shaka.ts): navigation to the first frame on screen and to the first
// correctly-timed frame; zap (key press) to the first frame of a neighbour (CH+/CH-) and of a far
// channel (digits + Enter); stalls of the video on air during the zaps; and where a cold start's
// milliseconds go (start-trace.ts). Then the sync error of three viewers that joined at different
// moments (p50/p95/p99, per viewer and between viewers), lock times and the JS heap after the zaps.
//
// Then the screens (bench/guide-bench.ts): fps while the guide scrolls, JS heap after browsing
// (`--skip-screens` leaves them out).
//
//   npx tsx tv-app/bench/tv.ts [--seconds 60] [--runs 5] [--zaps 6] [--browse-seconds 300] [--scroll-seconds 20] [--skip-screens] [--json result.json]
//
// `--engine wpe`: the same player figures on WPE WebKit (the RDK set-top-box engine) beside Chromium's,
// measured in the same run, and between a WPE and a Chromium viewer of one channel (engine-bench.ts);
// then one viewer per engine watches a channel for `--watch-seconds` (300) across its boundaries:
// waiting events, Shaka's stalls, re-joins and the error of every frame. No bare Shaka reference,
// no throttled network there: Chromium's figures are WPE's reference.
import type { Browser, Page } from 'playwright-core';
import { openBrowser, startSystem } from '../test/browser/system-harness.js';
import { guideArgs, guideBenchOnOwnSystem, guideFigures, printGuideBench } from './guide-bench.js';
import { jsonOutputPath, writeBenchResult } from '#bench-report/bench-result.js';
import { percentileOf, tvBenchResult, TV_GOALS, withZeroWait } from '#bench-report/tv-result.js';
import { measureCrossEngine, measureEngine, measureWatch, printComparison, printWatch } from './engine-bench.js';
import type { RunningSystem } from '../test/browser/system-harness.js';
import { startBareShakaServer, type BareShakaServer } from './bare-shaka.js';
import { NETWORK_PROFILES } from './network-profile.js';
import { clearSyncErrors, newViewer, syncProbe, tvState, waitUntil } from './tv-viewer.js';
import { measureZeroWait, type ZeroWaitRun } from './zero-wait.js';
import { printZeroWait, zeroWaitMeasurements } from './zero-wait-table.js';

const BENCH_DEFAULTS = {
  seconds: 60, // seconds of sync sampling for the three viewers
  runs: 5, // cold starts measured (per network profile; as many of the bare page)
  zaps: 6, // zaps of each kind measured (per network profile; twice as many bare page loads)
  channels: 8, // channels in the lineup (alternating two assets)
  viewerStaggerMs: 4_000, // milliseconds between the three viewers' joins
  watchSeconds: 300, // --engine wpe: seconds one viewer per engine watches one channel across its boundaries
};

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Nearest-rank percentile of the finite values, NaN when there are none (as the JSON result computes it). */
const pctOf = (values: readonly number[], p: number): number => percentileOf(values, p) ?? NaN;

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 0) : 'n/a');

function engineArg(): 'chromium' | 'wpe' {
  const i = process.argv.indexOf('--engine');
  const v = i >= 0 ? process.argv[i + 1] : 'chromium';
  if (v !== 'chromium' && v !== 'wpe') throw new Error(`--engine takes chromium or wpe, not ${String(v)}`);
  return v;
}

/** The goals on WPE WebKit where they differ from Chromium's (ms). */
const WPE_GOALS: Record<string, number> = {
  'first-correct-frame-p50': 1_500,
  'zap-neighbour-p50': 500,
  'zap-far-p50': 700, // Chromium's goal before issue 15 ("zero wait" sets Chromium's, not WPE's)
  'sync-viewer-1-p95': 5,
  'sync-viewer-2-p95': 5,
  'sync-viewer-3-p95': 5,
  'sync-between-p95': 5,
};
const wpeGoal = (id: string): { op: '<='; value: number } | undefined => {
  const value = WPE_GOALS[id];
  return value === undefined ? undefined : { op: '<=', value };
};

/** `--engine wpe`: WPE's figures beside Chromium's from the same run, and across the two engines. */
async function compareEngines(system: RunningSystem, p: { runs: number; zaps: number; seconds: number; watchSeconds: number }): Promise<void> {
  const viewers = 3;
  const chromium = await measureEngine('chromium', system, { ...p, viewers });
  const wpe = await measureEngine('wpe', system, { ...p, viewers });
  const cross = await measureCrossEngine(system, p.seconds);
  const watch = await measureWatch(system, p.watchSeconds);
  console.log(`StreamSync TV bench, WPE WebKit beside Chromium (headless, loopback, same run; ${p.runs} cold starts, ${p.zaps} zaps each, ${p.seconds} s sync sampling, ${viewers} viewers)`);
  printComparison(wpe, chromium, cross);
  printWatch(watch);
  const jsonPath = jsonOutputPath();
  if (jsonPath) {
    const result = tvBenchResult({
      params: { ...p, engine: 'wpe' },
      coldMs: wpe.coldMs, zapNeighbourMs: wpe.zapNeighbourMs, zapFarMs: wpe.zapFarMs, syncSamples: wpe.syncSamples,
      betweenMs: wpe.betweenMs, lockTimesMs: wpe.lockTimesMs, heapBytes: NaN,
    });
    const reference = tvBenchResult({
      params: p, coldMs: chromium.coldMs, zapNeighbourMs: chromium.zapNeighbourMs, zapFarMs: chromium.zapFarMs,
      syncSamples: chromium.syncSamples, betweenMs: chromium.betweenMs, lockTimesMs: chromium.lockTimesMs, heapBytes: NaN,
    });
    // Every WPE figure carries Chromium's from the same run as its reference, and the ratio.
    const chromiumById = new Map(reference.figures.map((x) => [x.id, x]));
    result.figures = result.figures.filter((x) => x.id !== 'heap-mb').map((x) => {
      const ref = chromiumById.get(x.id);
      const goal = wpeGoal(x.id) ?? x.goal;
      if (!ref) return { ...x, ...(goal ? { goal } : {}) };
      const ratio = x.value !== null && ref.value !== null && ref.value !== 0 ? x.value / ref.value : null;
      return { ...x, ...(goal ? { goal } : {}), reference: { value: ref.value, label: 'Chromium, same run', unit: ref.unit }, ratio };
    });
    result.figures.push({
      id: 'sync-cross-engine-p95', label: 'WPE viewer vs Chromium viewer, same channel: |error a - error b| p95',
      value: percentileOf(cross.betweenMs, 95), unit: 'ms', goal: { op: '<=', value: 5 },
    });
    for (const w of watch) {
      result.figures.push({
        id: `watch-stalls-${w.engine}`, label: `${w.engine === 'wpe' ? 'WPE' : 'Chromium'}: waiting events and Shaka stalls in ${w.seconds} s across ${w.boundaries} boundaries`,
        value: w.waiting + w.shakaStalls, unit: 'count', ...(w.engine === 'wpe' ? { goal: { op: '<=' as const, value: 0 } } : {}),
      });
    }
    await writeBenchResult(jsonPath, { ...result, bench: 'tv-wpe', title: 'TV app on WPE WebKit beside Chromium: start, zap, sync, across engines' });
  }
}

/** Three viewers on one channel, joined at different moments, sampled every frame once locked. */
async function syncOfThreeViewers(browser: Browser, baseUrl: string, seconds: number): Promise<{ samples: Array<Array<[number, number]>>; lockTimes: number[]; between: number[] }> {
  const viewers: Page[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const v = await newViewer(browser, baseUrl);
      viewers.push(v);
      await waitUntil(v, (s) => s.playing, 20_000);
      if (i < 2) await v.waitForTimeout(BENCH_DEFAULTS.viewerStaggerMs);
    }
    // Sample once every viewer is locked (lock times are reported per viewer).
    for (const v of viewers) await waitUntil(v, (s) => s.sync?.state === 'locked', 15_000).catch(() => {});
    for (const v of viewers) await clearSyncErrors(v);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const samples = await Promise.all(viewers.map((v) => syncProbe(v).then((p) => p.errors)));
    const lockTimes = await Promise.all(viewers.map((v) => tvState(v).then((s) => s.sync?.lockTimeMs ?? NaN)));
    // Between viewers: pair samples of two viewers taken within 10 ms of each other.
    const between: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        const a = samples[i] ?? [];
        const b = samples[j] ?? [];
        let k = 0;
        for (const [t, e] of a) {
          while (k < b.length - 1 && (b[k + 1]?.[0] ?? Infinity) <= t) k++;
          const other = b[k];
          if (other && Math.abs(other[0] - t) <= 10) between.push(Math.abs(e - other[1]));
        }
      }
    }
    return { samples, lockTimes, between };
  } finally {
    for (const v of viewers) await v.context().close().catch(() => {});
  }
}

async function main(): Promise<void> {
  const seconds = arg('seconds', BENCH_DEFAULTS.seconds);
  const runs = arg('runs', BENCH_DEFAULTS.runs);
  const zaps = arg('zaps', BENCH_DEFAULTS.zaps);
  const skipScreens = process.argv.includes('--skip-screens');
  const engine = engineArg();
  const channelIds = Array.from({ length: BENCH_DEFAULTS.channels }, (_, i) => `ch${i + 1}`);
  const system = await startSystem({
    assets: [
      { id: 'assetA', title: 'Alpha', seconds: 120, hue: 0 },
      { id: 'assetB', title: 'Bravo', seconds: 90, hue: 120 },
    ],
    channels: channelIds.map((id, i) => ({ id, number: i + 1, name: `Channel ${i + 1}`, loop: [i % 2 === 0 ? 'assetA' : 'assetB'] })),
  });
  if (engine === 'wpe') {
    try {
      await compareEngines(system, { runs, zaps, seconds, watchSeconds: arg('watch-seconds', BENCH_DEFAULTS.watchSeconds) });
    } finally {
      await system.stop();
    }
    return;
  }
  let bare: BareShakaServer | null = null;
  let browser: Browser | null = null;
  try {
    bare = await startBareShakaServer();
    browser = await openBrowser();
    console.log(`StreamSync TV bench (headless Chromium; ${runs} cold starts, ${zaps} zaps of each kind, ${seconds} s sync sampling; the zero-wait figures on loopback, then throttled)`);
    // Zero wait (first frame, zaps, stalls), beside the bare Shaka page, on each network profile.
    const zeroWait: ZeroWaitRun[] = [];
    for (const network of [NETWORK_PROFILES.loopback, NETWORK_PROFILES.throttled]) {
      const run = await measureZeroWait(browser, system.baseUrl, bare, { network, runs, zaps, channelIds, referenceChannels: ['ch1', 'ch2'] });
      printZeroWait(run, bare.shakaVersion);
      zeroWait.push(run);
    }
    const loopback = zeroWait[0];
    const heap = loopback?.heapBytes ?? NaN;

    const { samples, lockTimes, between } = await syncOfThreeViewers(browser, system.baseUrl, seconds);
    console.log('');
    samples.forEach((errs, i) => {
      const abs = errs.map(([, e]) => Math.abs(e));
      console.log(`viewer ${i + 1}: |media clock - schedule| p50 ${f(pctOf(abs, 50))} ms  p95 ${f(pctOf(abs, 95))} ms  p99 ${f(pctOf(abs, 99))} ms  (${abs.length} frames; lock ${f(lockTimes[i] ?? NaN)} ms; goal p95 <= ${TV_GOALS.syncP95Ms} ms)`);
    });
    console.log(`between viewers: p50 ${f(pctOf(between, 50))} ms  p95 ${f(pctOf(between, 95))} ms  p99 ${f(pctOf(between, 99))} ms  (${between.length} pairs)`);
    console.log(`JS heap after the zaps (loopback): ${f(heap / 1048576)} MB (goal <= ${TV_GOALS.heapMb} MB)`);
    // The screens: guide scrolling fps (50 channels x 24 h) and the heap over a long browse.
    const guide = skipScreens ? null : await guideBenchOnOwnSystem(browser, guideArgs(process.argv));
    if (guide) printGuideBench(guide);
    else console.log('guide bench skipped (--skip-screens)');
    const jsonPath = jsonOutputPath();
    if (jsonPath) {
      const base = tvBenchResult({
        params: { seconds, runs, zaps, throttled: NETWORK_PROFILES.throttled.label, screens: !skipScreens },
        coldMs: loopback?.firstCorrectFrameMs ?? [],
        zapNeighbourMs: loopback?.zapNeighbourMs ?? [],
        zapFarMs: loopback?.zapFarMs ?? [],
        syncSamples: samples,
        betweenMs: between,
        lockTimesMs: lockTimes,
        heapBytes: heap,
      });
      const shakaVersion = bare.shakaVersion;
      const result = withZeroWait(base, zeroWait.map((run) => zeroWaitMeasurements(run, shakaVersion)));
      if (guide) result.figures.push(...guideFigures(guide));
      await writeBenchResult(jsonPath, result);
    }
  } finally {
    await browser?.close();
    await bare?.close();
    await system.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
