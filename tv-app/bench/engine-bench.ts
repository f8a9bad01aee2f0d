// bench:tv on another engine (`--engine wpe`): the same figures as on Chromium (cold start to the
// first correctly-timed frame, zaps, sync error of viewers, lock), measured on WPE WebKit through
// the shared browser harness, beside the same figures measured on Chromium in the same run, plus
// the cross-engine figure: |error a - error b| between a WPE viewer and a Chromium viewer watching
// the same channel. Both engines run on the same machine clock, so each page's
// |media clock - schedule| is against the same time.
import type { RunningSystem } from '../test/browser/system-harness.js';
import { ChromiumTvPage, openTvBrowser, type EngineName, type TvBrowser, type TvPage } from '../test/browser/tv-browser.js';
import { percentileOf } from '#bench-report/tv-result.js';
import { readZapProbe, zapFrame, ZAP_PROBE_SOURCE } from './zap-probe.js';

export const ENGINE_BENCH_DEFAULTS = {
  correctMs: 5, // |media clock - schedule| under which a frame counts as correctly timed (ms)
  joinTimeoutMs: 30_000, // milliseconds for a cold start to play
  zapTimeoutMs: 15_000, // milliseconds for a zap to play
  settleMs: 1_500, // milliseconds after a zap (neighbours preload)
  viewerStaggerMs: 4_000, // milliseconds between the viewers' joins
  pairWithinMs: 10, // two viewers' samples closer than this in wall time are compared (ms)
  pollMs: 50, // milliseconds between state polls (WebDriver round trips are slower than CDP's)
  callTimeoutMs: 15_000, // milliseconds one page call may take (a WPE session has hung on execute-script)
};

/** What one engine measured (figures in ms). */
export interface EngineFigures {
  engine: EngineName;
  coldMs: number[]; // navigation to the first correctly-timed frame
  coldFailures: string[]; // cold starts that did not play (why)
  firstFrameMs: number[]; // navigation to the first frame
  joinErrorsMs: number[];
  lockAfterFirstFrameMs: number[];
  zapNeighbourMs: number[];
  zapFarMs: number[];
  /** Per viewer: [wall ms, signed error ms] for every sampled frame. */
  syncSamples: Array<Array<[number, number]>>;
  betweenMs: number[];
  lockTimesMs: number[];
  restarts: number[]; // timed restarts per viewer during sampling
  rateChanges: number[]; // rate changes per viewer during sampling
}

/**
 * In-page probe: `playing` of the player on air, key presses, and the error of every animation
 * frame. A frame frozen by a timed restart (paused, state 'correcting') counts too.
 */
const PROBE_SOURCE = `(() => {
  if (window.__probe) return;
  const probe = { playing: [], keys: [], errors: [], sampling: true, waiting: 0, programs: [] };
  window.__probe = probe;
  document.addEventListener('playing', (e) => {
    if (e.target && e.target.hasAttribute && e.target.hasAttribute('data-on-air')) probe.playing.push(performance.now());
  }, true);
  document.addEventListener('waiting', (e) => {
    if (e.target && e.target.hasAttribute && e.target.hasAttribute('data-on-air')) probe.waiting++;
  }, true);
  window.addEventListener('keydown', () => probe.keys.push(performance.now()), true);
  const frame = () => {
    if (probe.sampling) {
      const v = document.querySelector('video[data-on-air]') || document.querySelector('video');
      const tv = window.streamsyncTv && window.streamsyncTv.state();
      const p = tv && tv.program;
      const s = tv && tv.sync;
      if (p && probe.programs[probe.programs.length - 1] !== p.id) probe.programs.push(p.id);
      if (v && p && s && v.currentTime > 0 && s.state !== 'joining' && s.state !== 'idle' && (!v.paused || s.state === 'correcting')) {
        const wall = performance.timeOrigin + performance.now();
        probe.errors.push([wall, (v.currentTime - (p.inMs + wall - p.startMs) / 1000) * 1000]);
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

interface ProbeState {
  playing: number[];
  keys: number[];
  errors: Array<[number, number]>;
  /** `waiting` events of the player on air (rebuffering). */
  waiting: number;
  /** The programs on air, in turn. */
  programs: string[];
}

interface TvBrief {
  channel: number | null;
  playing: boolean;
  sync: { state: string; lockTimeMs: number | null; joinErrorMs: number | null; lockAfterStartMs: number | null; restarts: number; rateChanges: number } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `work`, or a rejection once it took callTimeoutMs (the page is then given up by the caller). */
function bounded<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ENGINE_BENCH_DEFAULTS.callTimeoutMs} ms`)), ENGINE_BENCH_DEFAULTS.callTimeoutMs);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

async function installProbe(page: TvPage): Promise<void> {
  await bounded(page.evaluate((src: string) => {
    new Function(src)();
    return true;
  }, `${PROBE_SOURCE};\n${ZAP_PROBE_SOURCE}`), 'install probe');
}

async function probe(page: TvPage): Promise<ProbeState> {
  return bounded(page.evaluate(() => {
    const p = (window as unknown as { __probe?: ProbeState }).__probe;
    return JSON.parse(JSON.stringify(p ?? { playing: [], keys: [], errors: [], waiting: 0, programs: [] })) as ProbeState;
  }), 'probe');
}

async function brief(page: TvPage): Promise<TvBrief | null> {
  return bounded(page.evaluate(() => {
    const api = (window as unknown as { streamsyncTv?: { state: () => { channel: { number: number } | null; playing: boolean; sync: TvBrief['sync'] } } }).streamsyncTv;
    const s = api?.state();
    if (!s) return null;
    const sync = s.sync;
    return {
      channel: s.channel ? s.channel.number : null,
      playing: s.playing,
      sync: sync ? { state: sync.state, lockTimeMs: sync.lockTimeMs, joinErrorMs: sync.joinErrorMs, lockAfterStartMs: sync.lockAfterStartMs, restarts: sync.restarts ?? 0, rateChanges: sync.rateChanges } : null,
    };
  }), 'state');
}

async function waitUntil(page: TvPage, pred: (s: TvBrief) => boolean, timeoutMs: number): Promise<TvBrief> {
  const until = Date.now() + timeoutMs;
  let last: TvBrief | null = null;
  while (Date.now() < until) {
    last = await brief(page).catch(() => null);
    if (last && pred(last)) return last;
    await sleep(ENGINE_BENCH_DEFAULTS.pollMs);
  }
  throw new Error(`${page.engine}: timed out after ${timeoutMs} ms (channel ${last?.channel ?? '-'}, playing ${String(last?.playing)}, sync ${last?.sync?.state ?? '-'})`);
}

/** A viewer on the TV app with the probe in place (from the first script on Chromium, right after load on WPE). */
async function openViewer(browser: TvBrowser, baseUrl: string): Promise<TvPage> {
  const page = await browser.newPage();
  try {
    if (page instanceof ChromiumTvPage) {
      await page.page.addInitScript(PROBE_SOURCE);
      await page.page.addInitScript(ZAP_PROBE_SOURCE);
    }
    await bounded(page.goto(`${baseUrl}/`), 'navigation');
    await installProbe(page);
  } catch (err) {
    await page.close().catch(() => {});
    throw err;
  }
  return page;
}

/** |error a - error b| for samples of two viewers taken within pairWithinMs of each other. */
export function pairedDifferences(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[] = [];
  let k = 0;
  for (const [t, e] of a) {
    while (k < b.length - 1 && (b[k + 1]?.[0] ?? Infinity) <= t) k++;
    const here = b[k];
    const next = b[k + 1];
    const other = next && Math.abs(next[0] - t) < Math.abs((here?.[0] ?? Infinity) - t) ? next : here;
    if (other && Math.abs(other[0] - t) <= ENGINE_BENCH_DEFAULTS.pairWithinMs) out.push(Math.abs(e - other[1]));
  }
  return out;
}

/** Cold starts, zaps and sync of `viewers` viewers on one engine against `system`. */
export async function measureEngine(engine: EngineName, system: RunningSystem, p: { runs: number; zaps: number; seconds: number; viewers: number }): Promise<EngineFigures> {
  const D = ENGINE_BENCH_DEFAULTS;
  const browser = await openTvBrowser(engine);
  const out: EngineFigures = {
    engine, coldMs: [], coldFailures: [], firstFrameMs: [], joinErrorsMs: [], lockAfterFirstFrameMs: [], zapNeighbourMs: [], zapFarMs: [],
    syncSamples: [], betweenMs: [], lockTimesMs: [], restarts: [], rateChanges: [],
  };
  try {
    for (let i = 0; i < p.runs; i++) {
      const page = await openViewer(browser, system.baseUrl).catch((err: unknown) => {
        out.coldFailures.push(err instanceof Error ? err.message : String(err));
        return null;
      });
      if (!page) continue;
      try {
        await waitUntil(page, (s) => s.playing && s.sync !== null && s.sync.joinErrorMs !== null, D.joinTimeoutMs);
        const locked = await waitUntil(page, (s) => s.sync?.lockTimeMs !== null && s.sync?.lockTimeMs !== undefined, 10_000).catch(() => null);
        const origin = await page.evaluate(() => performance.timeOrigin);
        const pr = await probe(page);
        const first = pr.playing[0];
        if (first !== undefined) out.firstFrameMs.push(first);
        const correct = pr.errors.find(([, e]) => Math.abs(e) <= D.correctMs);
        if (correct) out.coldMs.push(correct[0] - origin);
        const s = locked ?? (await brief(page));
        out.joinErrorsMs.push(s?.sync?.joinErrorMs ?? NaN);
        if (s?.sync?.lockAfterStartMs != null) out.lockAfterFirstFrameMs.push(s.sync.lockAfterStartMs);
      } catch (err) {
        out.coldFailures.push(err instanceof Error ? err.message : String(err));
      } finally {
        await page.close();
      }
    }

    const page = await openViewer(browser, system.baseUrl);
    try {
      await waitUntil(page, (s) => s.playing, D.joinTimeoutMs);
      await sleep(D.settleMs);
      for (let i = 0; i < p.zaps; i++) {
        for (const kind of ['near', 'far'] as const) {
          const current = (await brief(page))?.channel ?? 1;
          // Far: three up, the other asset (channels alternate A and B from one epoch).
          const target = kind === 'near' ? (current % 8) + 1 : ((current + 2) % 8) + 1;
          const keys = kind === 'near' ? ['PageUp'] : [String(target), 'Enter'];
          const keysBefore = (await bounded(readZapProbe(page), 'zap probe')).keys.length;
          for (const key of keys) await page.press(key);
          // Key press to the first frame of the new channel: a load's `playing`, or a ready
          // neighbour brought to the front (zap-probe.ts), at the next animation frame.
          const until = Date.now() + D.zapTimeoutMs;
          while (Date.now() < until) {
            const z = await bounded(readZapProbe(page), 'zap probe');
            const key = z.keys.length >= keysBefore + keys.length ? z.keys[z.keys.length - 1] : undefined;
            const frame = key ? zapFrame(z.stamps, key.t, target) : null;
            if (key && frame) {
              (kind === 'near' ? out.zapNeighbourMs : out.zapFarMs).push(frame.t - key.t);
              break;
            }
            await sleep(D.pollMs);
          }
          await waitUntil(page, (s) => s.channel === target && s.playing, D.zapTimeoutMs);
          await sleep(D.settleMs);
        }
      }
    } finally {
      await page.close();
    }

    const pages: TvPage[] = [];
    try {
      for (let i = 0; i < p.viewers; i++) {
        const v = await openViewer(browser, system.baseUrl);
        pages.push(v);
        await waitUntil(v, (s) => s.playing, D.joinTimeoutMs);
        if (i < p.viewers - 1) await sleep(D.viewerStaggerMs);
      }
      const sampled = await sampleTogether(pages, p.seconds);
      out.syncSamples = sampled.samples;
      out.lockTimesMs = sampled.lockTimes;
      out.restarts = sampled.restarts;
      out.rateChanges = sampled.rateChanges;
      for (let i = 0; i < sampled.samples.length; i++) {
        for (let j = i + 1; j < sampled.samples.length; j++) out.betweenMs.push(...pairedDifferences(sampled.samples[i] ?? [], sampled.samples[j] ?? []));
      }
    } finally {
      for (const v of pages) await v.close().catch(() => {});
    }
  } finally {
    await browser.close();
  }
  return out;
}

/** Waits for lock, clears the probes, samples every page for `seconds`. */
async function sampleTogether(pages: TvPage[], seconds: number): Promise<{ samples: Array<Array<[number, number]>>; lockTimes: number[]; restarts: number[]; rateChanges: number[] }> {
  for (const v of pages) await waitUntil(v, (s) => s.sync?.state === 'locked', 15_000).catch(() => null);
  const before = await Promise.all(pages.map((v) => brief(v)));
  for (const v of pages) {
    await v.evaluate(() => {
      const p = (window as unknown as { __probe?: { errors: unknown[] } }).__probe;
      if (p) p.errors = [];
      return true;
    });
  }
  await sleep(seconds * 1000);
  const samples = await Promise.all(pages.map((v) => probe(v).then((p) => p.errors)));
  const after = await Promise.all(pages.map((v) => brief(v)));
  return {
    samples,
    lockTimes: after.map((s) => s?.sync?.lockTimeMs ?? NaN),
    restarts: after.map((s, i) => (s?.sync?.restarts ?? NaN) - (before[i]?.sync?.restarts ?? NaN)),
    rateChanges: after.map((s, i) => (s?.sync?.rateChanges ?? NaN) - (before[i]?.sync?.rateChanges ?? NaN)),
  };
}

/** One viewer per engine on the same channel, sampled together: |error a - error b| across engines. */
export async function measureCrossEngine(system: RunningSystem, seconds: number): Promise<{ wpe: Array<[number, number]>; chromium: Array<[number, number]>; betweenMs: number[] }> {
  const wpe = await openTvBrowser('wpe');
  const chromium = await openTvBrowser('chromium');
  const pages: TvPage[] = [];
  try {
    for (const b of [wpe, chromium]) {
      const v = await openViewer(b, system.baseUrl);
      pages.push(v);
      await waitUntil(v, (s) => s.playing, ENGINE_BENCH_DEFAULTS.joinTimeoutMs);
    }
    const sampled = await sampleTogether(pages, seconds);
    const [w, c] = sampled.samples;
    return { wpe: w ?? [], chromium: c ?? [], betweenMs: pairedDifferences(w ?? [], c ?? []) };
  } finally {
    for (const v of pages) await v.close().catch(() => {});
    await wpe.close();
    await chromium.close();
  }
}

/** What one viewer saw watching one channel for a while, across program boundaries. */
export interface WatchFigures {
  engine: EngineName;
  seconds: number;
  /** Program boundaries crossed on air. */
  boundaries: number;
  /** `waiting` events of the player on air (rebuffering), and the stalls Shaka detected. */
  waiting: number;
  shakaStalls: number;
  /** Joins after the first one (a boundary on the prepared deck is no join). */
  rejoins: number;
  /** |media clock - schedule| of every frame (ms). */
  errorsMs: number[];
}

/** One viewer per engine watches the same channel for `seconds`, across its boundaries: does it ever stall? */
export async function measureWatch(system: RunningSystem, seconds: number): Promise<WatchFigures[]> {
  const engines: EngineName[] = ['wpe', 'chromium'];
  const browsers = await Promise.all(engines.map((e) => openTvBrowser(e)));
  const pages: TvPage[] = [];
  try {
    for (const b of browsers) {
      const v = await openViewer(b, system.baseUrl);
      pages.push(v);
      await waitUntil(v, (s) => s.sync?.state === 'locked', ENGINE_BENCH_DEFAULTS.joinTimeoutMs);
    }
    const shaka = (v: TvPage) => bounded(v.evaluate(() => {
      const api = (window as unknown as { streamsyncTv?: { state: () => { media: { stallsDetected: number } | null; sync: { joins: number } | null } } }).streamsyncTv;
      const s = api?.state();
      return { stalls: s?.media?.stallsDetected ?? 0, joins: s?.sync?.joins ?? 0 };
    }), 'watch state');
    const before = await Promise.all(pages.map(shaka));
    const probesBefore = await Promise.all(pages.map(probe));
    await sleep(seconds * 1000);
    const after = await Promise.all(pages.map(shaka));
    const probes = await Promise.all(pages.map(probe));
    return pages.map((_, i) => {
      const p = probes[i];
      const p0 = probesBefore[i];
      const boundaries = Math.max(0, (p?.programs.length ?? 0) - (p0?.programs.length ?? 0));
      return {
        engine: engines[i] ?? 'chromium',
        seconds,
        boundaries,
        waiting: (p?.waiting ?? 0) - (p0?.waiting ?? 0),
        shakaStalls: (after[i]?.stalls ?? 0) - (before[i]?.stalls ?? 0),
        // Each boundary is one join of the standby deck (it prepares the next program).
        rejoins: (after[i]?.joins ?? 0) - (before[i]?.joins ?? 0) - boundaries,
        errorsMs: (p?.errors ?? []).slice(p0?.errors.length ?? 0).map(([, e]) => Math.abs(e)),
      };
    });
  } finally {
    for (const v of pages) await v.close().catch(() => {});
    for (const b of browsers) await b.close();
  }
}

const f = (x: number | null) => (x !== null && Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 0) : 'n/a');
const pct = (values: readonly number[], p: number) => percentileOf(values, p);

/** One line per figure: WPE's value beside Chromium's (same run), and the ratio. */
export function printComparison(w: EngineFigures, c: EngineFigures, cross: { betweenMs: number[]; wpe: Array<[number, number]>; chromium: Array<[number, number]> }): void {
  const rows: Array<[string, number | null, number | null, string]> = [
    ['cold start to first correctly-timed frame p50 (ms)', pct(w.coldMs, 50), pct(c.coldMs, 50), 'WPE goal <= 1500'],
    ['cold start to first correctly-timed frame p95 (ms)', pct(w.coldMs, 95), pct(c.coldMs, 95), ''],
    ['navigation to first frame p50 (ms)', pct(w.firstFrameMs, 50), pct(c.firstFrameMs, 50), ''],
    ['|join error| p50 (ms)', pct(w.joinErrorsMs.map(Math.abs), 50), pct(c.joinErrorsMs.map(Math.abs), 50), ''],
    ['first frame to lock p50 (ms)', pct(w.lockAfterFirstFrameMs, 50), pct(c.lockAfterFirstFrameMs, 50), ''],
    ['zap to preloaded neighbour p50 (ms)', pct(w.zapNeighbourMs, 50), pct(c.zapNeighbourMs, 50), 'WPE goal <= 500'],
    ['zap to preloaded neighbour p95 (ms)', pct(w.zapNeighbourMs, 95), pct(c.zapNeighbourMs, 95), ''],
    ['zap to far channel p50 (ms)', pct(w.zapFarMs, 50), pct(c.zapFarMs, 50), ''],
  ];
  const viewers = Math.max(w.syncSamples.length, c.syncSamples.length);
  for (let i = 0; i < viewers; i++) {
    const wa = (w.syncSamples[i] ?? []).map(([, e]) => Math.abs(e));
    const ca = (c.syncSamples[i] ?? []).map(([, e]) => Math.abs(e));
    rows.push([`viewer ${i + 1} |media clock - schedule| p50 (ms)`, pct(wa, 50), pct(ca, 50), '']);
    rows.push([`viewer ${i + 1} |media clock - schedule| p95 (ms)`, pct(wa, 95), pct(ca, 95), 'WPE goal <= 5']);
    rows.push([`viewer ${i + 1} |media clock - schedule| p99 (ms)`, pct(wa, 99), pct(ca, 99), '']);
  }
  rows.push(['between viewers of one engine p95 (ms)', pct(w.betweenMs, 95), pct(c.betweenMs, 95), '']);
  console.log(`${'figure'.padEnd(52)} ${'WPE'.padStart(9)} ${'Chromium'.padStart(9)} ${'WPE/Chr'.padStart(8)}`);
  for (const [label, a, b, goal] of rows) {
    const ratio = a !== null && b !== null && b !== 0 ? a / b : null;
    console.log(`${label.padEnd(52)} ${f(a).padStart(9)} ${f(b).padStart(9)} ${(ratio === null ? 'n/a' : ratio.toFixed(2)).padStart(8)}  ${goal}`);
  }
  for (const [name, e] of [['WPE', w], ['Chromium', c]] as const) {
    if (e.coldFailures.length > 0) console.log(`${name}: ${e.coldFailures.length} cold start(s) did not play: ${e.coldFailures.join('; ')}`);
  }
  console.log(`timed restarts during sampling, per WPE viewer: ${w.restarts.join(', ')}; rate changes: WPE ${w.rateChanges.join(', ')}, Chromium ${c.rateChanges.join(', ')}`);
  console.log(`samples per viewer: WPE ${w.syncSamples.map((s) => s.length).join(', ')}; Chromium ${c.syncSamples.map((s) => s.length).join(', ')}`);
  const cw = cross.wpe.map(([, e]) => Math.abs(e));
  const cc = cross.chromium.map(([, e]) => Math.abs(e));
  console.log(`cross-engine, one WPE and one Chromium viewer on the same channel: |error WPE - error Chromium| p50 ${f(pct(cross.betweenMs, 50))} ms  p95 ${f(pct(cross.betweenMs, 95))} ms  p99 ${f(pct(cross.betweenMs, 99))} ms (${cross.betweenMs.length} pairs; goal p95 <= 5)`);
  console.log(`  meanwhile |media clock - schedule| p95: WPE ${f(pct(cw, 95))} ms, Chromium ${f(pct(cc, 95))} ms`);
}

/** The watch: one line per engine (goal on WPE: no stall in 5 minutes across boundaries). */
export function printWatch(watch: readonly WatchFigures[]): void {
  for (const w of watch) {
    console.log(
      `watch, ${w.seconds} s on one channel, ${w.engine === 'wpe' ? 'WPE' : 'Chromium'}: ${w.boundaries} boundaries crossed, ${w.waiting} waiting events, ` +
        `${w.shakaStalls} Shaka stalls, ${w.rejoins} re-joins; |media clock - schedule| p95 ${f(pct(w.errorsMs, 95))} ms, p99 ${f(pct(w.errorsMs, 99))} ms, max ${f(w.errorsMs.length ? Math.max(...w.errorsMs) : null)} ms (${w.errorsMs.length} frames)` +
        (w.engine === 'wpe' ? '  WPE goal: no stall' : ''),
    );
  }
}
