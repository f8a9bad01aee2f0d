// The guide's share of `npm run bench:tv`: frames per second while the guide scrolls continuously
// over 50 channels x 24 h (p5 and median, from requestAnimationFrame timestamps in the page), and
// the JS heap over a long browse of every screen (after a forced GC at the start and at the end).
// Runs inside bench/tv.ts, or alone:
//
//   npx tsx tv-app/bench/guide-bench.ts [--browse-seconds 300] [--scroll-seconds 20] [--channels 50]
import { finite, type Figure } from '#bench-report/bench-result.js';
import { percentileOf } from '#bench-report/tv-result.js';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { openBrowser, startSystem, HARNESS_DEFAULTS } from '../test/browser/system-harness.js';

export const GUIDE_BENCH_DEFAULTS = {
  channels: 50, // channels in the lineup
  scrollSeconds: 20, // seconds of continuous scrolling measured
  idleSeconds: 5, // seconds of the guide open and still (the reference)
  keyIntervalMs: 60, // milliseconds between key presses while scrolling (a held key repeats ~16/s)
  browseSeconds: 300, // seconds of browsing before the heap is read
  heapSampleMs: 10_000, // milliseconds between heap samples while browsing
  goals: { fpsP5: 55, heapMb: 150 },
};

export interface GuideBenchResult {
  channels: number;
  frames: number;
  fpsP5: number;
  fpsMedian: number;
  /** Reference in the same run: the guide open and still (no keys), p5 and median. */
  idleFpsP5: number;
  idleFpsMedian: number;
  browseSeconds: number;
  heapStartMb: number;
  heapEndMb: number;
  heapMaxMb: number;
  /** Least-squares slope of the heap samples over the browse, MB per minute. */
  heapSlopeMbPerMin: number;
  /** The same over the second half of the browse (warm caches: a leak still climbs here). */
  heapSlopeLateMbPerMin: number;
}

/** In-page frame log: rAF timestamps while `window.__frames.on` is true. */
const FRAME_PROBE = `(() => {
  const log = { on: false, t: [] };
  window.__frames = log;
  const tick = (t) => { if (log.on) log.t.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();`;

function slopePerMinute(points: Array<[number, number]>): number {
  if (points.length < 2) return NaN;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx > 0 ? (sxy / sxx) * 60_000 : NaN;
}

async function waitForState(page: Page, pred: (s: { playing?: boolean; screens?: { top?: string | null } } | null) => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { streamsyncTv?: { state: () => unknown } }).streamsyncTv?.state() ?? null)) as never).catch(() => null);
    if (pred(s)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for the TV app');
}

async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const log = (window as unknown as { __frames: { on: boolean; t: number[] } }).__frames;
    log.on = false;
    const t = log.t;
    log.t = [];
    return t;
  });
}

/** Frames per second of each frame (from consecutive rAF timestamps). */
function toFps(frames: number[]): number[] {
  const fps: number[] = [];
  for (let i = 1; i < frames.length; i++) {
    const dt = (frames[i] ?? 0) - (frames[i - 1] ?? 0);
    if (dt > 0) fps.push(1000 / dt);
  }
  return fps;
}

async function framesOver(page: Page, during: () => Promise<unknown>): Promise<number[]> {
  await page.evaluate(() => ((window as unknown as { __frames: { on: boolean } }).__frames.on = true));
  await during();
  return toFps(await stopFrames(page));
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / 1048576;
}

/** One scripted pass over the screens (keys only), about `ms` long. */
async function browseOnce(page: Page, step: (key: string, times?: number) => Promise<void>): Promise<void> {
  await step('KeyG');
  await step('ArrowDown', 12);
  await step('ArrowRight', 10);
  await step('ArrowUp', 6);
  await step('PageDown', 2);
  await step('ArrowLeft', 10);
  await step('Escape');
  await step('KeyL');
  await step('ArrowDown', 5);
  await step('Enter');
  await step('Escape');
  await step('KeyC');
  await step('ArrowRight', 2);
  await step('Escape');
  await step('KeyR');
  await step('ArrowRight');
  await step('Escape');
  await step('KeyS');
  await step('ArrowDown');
  await step('Escape');
  await page.waitForTimeout(500);
}

export async function runGuideBench(browser: Browser, baseUrl: string, options: { scrollSeconds: number; browseSeconds: number; channels: number }): Promise<GuideBenchResult> {
  const context = await browser.newContext({ viewport: HARNESS_DEFAULTS.viewport });
  await context.addInitScript(FRAME_PROBE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(`${baseUrl}/`);
    await waitForState(page, (s) => s?.playing === true, 30_000);
    const step = async (key: string, times = 1) => {
      for (let i = 0; i < times; i++) {
        await page.keyboard.press(key);
        await page.waitForTimeout(GUIDE_BENCH_DEFAULTS.keyIntervalMs);
      }
    };

    // Frames while the guide scrolls continuously: down/up through every channel, right/left through hours.
    await step('KeyG');
    await waitForState(page, (s) => s?.screens?.top === 'Guide', 5_000);
    await page.waitForTimeout(1_000); // the first EPG blocks in
    const idle = await framesOver(page, async () => page.waitForTimeout(GUIDE_BENCH_DEFAULTS.idleSeconds * 1000));
    await page.evaluate(() => ((window as unknown as { __frames: { on: boolean } }).__frames.on = true));
    const until = Date.now() + options.scrollSeconds * 1000;
    const pattern: Array<[string, number]> = [['ArrowDown', options.channels - 1], ['ArrowRight', 12], ['ArrowUp', options.channels - 1], ['ArrowLeft', 12]];
    while (Date.now() < until) {
      for (const [key, times] of pattern) {
        for (let i = 0; i < times && Date.now() < until; i++) await step(key);
      }
    }
    const fps = toFps(await stopFrames(page));
    await step('Escape');

    // Heap while browsing every screen for browseSeconds.
    const t0 = Date.now();
    const heapStartMb = await heapMb(cdp);
    const samples: Array<[number, number]> = [[0, heapStartMb]];
    let nextSample = t0 + GUIDE_BENCH_DEFAULTS.heapSampleMs;
    while (Date.now() - t0 < options.browseSeconds * 1000) {
      await browseOnce(page, step);
      if (Date.now() >= nextSample) {
        samples.push([Date.now() - t0, await heapMb(cdp)]);
        nextSample += GUIDE_BENCH_DEFAULTS.heapSampleMs;
      }
    }
    const heapEndMb = await heapMb(cdp);
    samples.push([Date.now() - t0, heapEndMb]);
    return {
      channels: options.channels,
      frames: fps.length,
      fpsP5: percentileOf(fps, 5) ?? NaN,
      fpsMedian: percentileOf(fps, 50) ?? NaN,
      idleFpsP5: percentileOf(idle, 5) ?? NaN,
      idleFpsMedian: percentileOf(idle, 50) ?? NaN,
      browseSeconds: (Date.now() - t0) / 1000,
      heapStartMb,
      heapEndMb,
      heapMaxMb: Math.max(...samples.map(([, y]) => y)),
      heapSlopeMbPerMin: slopePerMinute(samples),
      heapSlopeLateMbPerMin: slopePerMinute(samples.filter(([x]) => x >= (Date.now() - t0) / 2)),
    };
  } finally {
    await context.close();
  }
}

/** Starts its own system (50 looping channels) and runs the guide bench on it. */
export async function guideBenchOnOwnSystem(browser: Browser, options: { scrollSeconds: number; browseSeconds: number; channels: number }): Promise<GuideBenchResult> {
  const system = await startSystem({
    assets: [
      { id: 'assetA', title: 'Alpha', seconds: 120, hue: 0 },
      { id: 'assetB', title: 'Bravo', seconds: 90, hue: 120 },
    ],
    channels: Array.from({ length: options.channels }, (_, i) => ({ id: `g${i + 1}`, number: i + 1, name: `Channel ${i + 1}`, loop: i % 3 === 0 ? ['assetA', 'assetB'] : [i % 2 ? 'assetA' : 'assetB'] })),
  });
  try {
    return await runGuideBench(browser, system.baseUrl, options);
  } finally {
    await system.stop();
  }
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : 'n/a');

export function printGuideBench(r: GuideBenchResult): void {
  const g = GUIDE_BENCH_DEFAULTS.goals;
  console.log(
    `guide scrolling (${r.channels} channels x 24 h, ${r.frames} frames): fps p5 ${f(r.fpsP5)}  median ${f(r.fpsMedian)} (goal p5 >= ${g.fpsP5}); ` +
      `same page still: p5 ${f(r.idleFpsP5)}  median ${f(r.idleFpsMedian)} (ratio p5 ${f(r.fpsP5 / r.idleFpsP5)})`,
  );
  console.log(
    `JS heap after ${f(r.browseSeconds)} s of browsing the screens (after GC): ${f(r.heapEndMb)} MB (start ${f(r.heapStartMb)} MB, max ${f(r.heapMaxMb)} MB, ` +
      `trend ${f(r.heapSlopeMbPerMin)} MB/min, second half ${f(r.heapSlopeLateMbPerMin)} MB/min; goal <= ${g.heapMb} MB and not growing)`,
  );
}

export function guideArgs(argv: readonly string[]): { scrollSeconds: number; browseSeconds: number; channels: number } {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    scrollSeconds: arg('scroll-seconds', GUIDE_BENCH_DEFAULTS.scrollSeconds),
    browseSeconds: arg('browse-seconds', GUIDE_BENCH_DEFAULTS.browseSeconds),
    channels: Math.round(arg('channels', GUIDE_BENCH_DEFAULTS.channels)),
  };
}

async function main(): Promise<void> {
  const browser = await openBrowser();
  try {
    printGuideBench(await guideBenchOnOwnSystem(browser, guideArgs(process.argv)));
  } finally {
    await browser.close();
  }
}

if (process.argv[1]?.endsWith('guide-bench.ts')) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}

/** The guide figures in the shared bench result format (goals from the product: >= 55 fps p5, heap <= 150 MB, flat). */
export function guideFigures(r: GuideBenchResult): Figure[] {
  return [
    { id: 'guide-fps-p5', label: `guide scrolling fps p5 (${r.channels} channels x 24 h)`, value: finite(r.fpsP5), unit: 'fps', goal: { op: '>=', value: 55 }, reference: { label: 'guide open, still', value: finite(r.idleFpsP5), unit: 'fps' } },
    { id: 'guide-fps-median', label: 'guide scrolling fps median', value: finite(r.fpsMedian), unit: 'fps', reference: { label: 'guide open, still', value: finite(r.idleFpsMedian), unit: 'fps' } },
    { id: 'browse-heap-mb', label: `JS heap after ${r.browseSeconds} s of browsing`, value: finite(r.heapEndMb), unit: 'MB', goal: { op: '<=', value: 150 } },
    { id: 'browse-heap-slope', label: 'JS heap trend over the second half of browsing', value: finite(r.heapSlopeLateMbPerMin), unit: 'MB/min' },
  ];
}
