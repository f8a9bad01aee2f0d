// Tune time of a channel's live HLS in hls.js (Chromium), side by side with the same hls.js loading
// the on-air asset's VOD playlist: `loadSource` to the first frame (the first requestVideoFrameCallback,
// or `loadeddata` and `playing` where the engine lacks it), each tune cold in a fresh page (a new
// browser context: nothing cached) against the same warm server, live and VOD alternating. hls.js keeps
// its default configuration for both: live starts at its default live sync position, VOD at 0.
// Run by `npm run bench:live` (control-api/bench/live.ts) after its playlist load; writes its figures
// in the shared result format with `--json <file>`.
//
//   npx tsx tv-app/bench/live-tune.ts [--tunes 7] [--json result.json]
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import type HlsType from 'hls.js';
import { liveHlsMasterPath } from '#core/live-paths.js';
import type { ChannelNow } from '#core/wire.js';
import { finite, jsonOutputPath, writeBenchResult, type BenchResult } from '#bench-report/bench-result.js';
import { percentileOf } from '#bench-report/tv-result.js';
import { openBrowser, startSystem } from '../test/browser/system-harness.js';

const LIVE_TUNE_DEFAULTS = {
  tunes: 7, // cold tunes measured per side (live, VOD), alternating
  frameTimeoutMs: 20_000, // milliseconds a tune may take before the run fails
  goalRatio: 1.2, // live p50 / VOD p50 at most
  assetSeconds: 30, // seconds of each looped asset
};

const CHANNEL_ID = 'live';
const HLS_SCRIPT = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');

interface Tune {
  ms: number;
  /** How the first frame was seen: 'requestVideoFrameCallback' or 'loadeddata+playing'. */
  by: string;
  /** Height of that frame, pixels (the rung hls.js started on). */
  height: number;
}

/** One cold tune: a fresh page, hls.js with its defaults, `loadSource(src)` to the first frame. */
async function tuneOnce(browser: Browser, baseUrl: string, src: string): Promise<Tune> {
  const page = await browser.newPage(); // its own context: an empty HTTP cache
  try {
    await page.goto(`${baseUrl}/live/time`); // the origin, so every request is same-origin
    await page.evaluate('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
    await page.addScriptTag({ path: HLS_SCRIPT });
    return await page.evaluate(
      async ({ url, timeoutMs }) => {
        const Hls = (window as unknown as { Hls: typeof HlsType }).Hls;
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        video.width = 320;
        document.body.appendChild(video);
        const hls = new Hls();
        const frame = new Promise<string>((resolve, reject) => {
          if (typeof video.requestVideoFrameCallback === 'function') {
            video.requestVideoFrameCallback(() => resolve('requestVideoFrameCallback'));
          } else {
            const seen = new Set<string>();
            for (const type of ['loadeddata', 'playing']) {
              video.addEventListener(type, () => {
                seen.add(type);
                if (seen.size === 2) resolve('loadeddata+playing');
              }, { once: true });
            }
          }
          hls.on(Hls.Events.ERROR, (_event, data) => {
            if (data.fatal) reject(new Error(`hls.js fatal error ${data.details} on ${url}`));
          });
          setTimeout(() => reject(new Error(`no frame of ${url} in ${timeoutMs} ms`)), timeoutMs);
        });
        const t0 = performance.now();
        hls.loadSource(url);
        hls.attachMedia(video);
        void video.play().catch(() => undefined);
        const by = await frame;
        const ms = performance.now() - t0;
        const height = video.videoHeight;
        hls.destroy();
        return { ms, by, height };
      },
      { url: src, timeoutMs: LIVE_TUNE_DEFAULTS.frameTimeoutMs },
    );
  } finally {
    await page.close();
  }
}

interface TuneTimes {
  live: number[];
  vod: number[];
  by: string;
  /** Heights of the first frames seen, per side. */
  heights: Record<'live' | 'vod', Set<number>>;
  liveUrl: string;
  vodUrl: string;
}

/** A warm-up tune of each side (not counted), then `tunes` of each, alternating which goes first. */
async function measureTunes(browser: Browser, baseUrl: string, liveUrl: string, vodUrl: string, tunes: number): Promise<TuneTimes> {
  await tuneOnce(browser, baseUrl, liveUrl);
  await tuneOnce(browser, baseUrl, vodUrl);
  const out: TuneTimes = { live: [], vod: [], by: '', heights: { live: new Set(), vod: new Set() }, liveUrl, vodUrl };
  for (let i = 0; i < tunes; i++) {
    const order = i % 2 === 0 ? (['live', 'vod'] as const) : (['vod', 'live'] as const);
    for (const side of order) {
      const t = await tuneOnce(browser, baseUrl, side === 'live' ? liveUrl : vodUrl);
      out[side].push(t.ms);
      out.heights[side].add(t.height);
      out.by = t.by;
    }
  }
  return out;
}

const p = (values: readonly number[], q: number) => percentileOf(values, q) ?? NaN;
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');

function printTunes(t: TuneTimes): void {
  const ratio = p(t.live, 50) / p(t.vod, 50);
  const rungs = (side: 'live' | 'vod') => [...t.heights[side]].map((h) => `${h}p`).join('/');
  console.log(`\nhls.js tune time in Chromium, loadSource to the first frame (${t.by}), ${t.live.length} cold tunes each in fresh pages, alternating (first frames: live ${rungs('live')}, VOD ${rungs('vod')}):`);
  console.log('                                                  p50 ms   p95 ms   all ms');
  for (const [label, values] of [[`live  ${t.liveUrl}`, t.live], [`VOD   ${t.vodUrl}`, t.vod]] as const) {
    console.log(`${label.padEnd(48)} ${ms(p(values, 50)).padStart(8)} ${ms(p(values, 95)).padStart(8)}   ${values.map(ms).join(' ')}`);
  }
  const met = ratio <= LIVE_TUNE_DEFAULTS.goalRatio ? 'met' : 'NOT met';
  console.log(`live / VOD p50: ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'} (goal <= ${LIVE_TUNE_DEFAULTS.goalRatio}): ${met}`);
}

function tuneResult(t: TuneTimes): BenchResult {
  const reference = (q: number) => ({ label: `same hls.js, the asset's VOD playlist, p${q}`, value: finite(p(t.vod, q)), unit: 'ms' });
  const note = `hls.js defaults, loadSource to the first frame (${t.by}), ${t.live.length} cold tunes each`;
  return {
    bench: 'live-tune',
    title: 'hls.js tune time in Chromium: live HLS vs the asset\'s VOD playlist',
    params: { tunes: t.live.length },
    figures: [
      {
        id: 'tune-live-p50', label: 'hls.js tune time, live HLS master, p50', value: finite(p(t.live, 50)), unit: 'ms', note,
        goal: { op: '<=', value: LIVE_TUNE_DEFAULTS.goalRatio * p(t.vod, 50) }, reference: reference(50), ratio: finite(p(t.live, 50) / p(t.vod, 50)),
      },
      { id: 'tune-live-p95', label: 'hls.js tune time, live HLS master, p95', value: finite(p(t.live, 95)), unit: 'ms', reference: reference(95) },
    ],
    series: [
      { kind: 'samples', plot: 'live-tune', plotTitle: 'hls.js tune time (loadSource to first frame)', id: 'tune-live', label: 'live HLS', unit: 'ms', valueLabel: 'tune time', values: t.live },
      { kind: 'samples', plot: 'live-tune', id: 'tune-vod', label: 'VOD HLS (same asset)', unit: 'ms', valueLabel: 'tune time', values: t.vod },
    ],
  };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--tunes');
  const tunes = at >= 0 ? Number(process.argv[at + 1]) : LIVE_TUNE_DEFAULTS.tunes;
  if (!Number.isInteger(tunes) || tunes <= 0) throw new Error(`--tunes: expected a positive whole number, got ${process.argv[at + 1]}`);
  const seconds = LIVE_TUNE_DEFAULTS.assetSeconds;
  const system = await startSystem({
    assets: [
      { id: 'news', title: 'News', seconds, hue: 30 },
      { id: 'film', title: 'Film', seconds, hue: 200 },
    ],
    channels: [{ id: CHANNEL_ID, number: 1, name: 'Live', loop: ['news', 'film'] }],
    epochMs: Date.now() - 5 * 60_000, // on air for minutes: the live window is full
  });
  let browser: Browser | null = null;
  try {
    browser = await openBrowser();
    const now = (await (await fetch(`${system.baseUrl}/v1/channels/${CHANNEL_ID}/now`)).json()) as ChannelNow;
    if (!now.current) throw new Error('nothing on air on the bench channel');
    const times = await measureTunes(browser, system.baseUrl, liveHlsMasterPath(CHANNEL_ID), now.current.hlsUrl, tunes);
    printTunes(times);
    const jsonPath = jsonOutputPath();
    if (jsonPath) await writeBenchResult(jsonPath, tuneResult(times));
  } finally {
    await browser?.close();
    await system.stop();
  }
}

await main();
