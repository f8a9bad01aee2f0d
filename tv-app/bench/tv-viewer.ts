// A viewer of the TV app for bench:tv (Chromium, playwright-core): a fresh browser context (an empty
// HTTP cache) with the probes installed before the app runs, on the network profile asked for; and
// the reads the bench makes of it: the sync probe, the app's own state (`window.streamsyncTv.state()`).
import type { Browser, Page } from 'playwright-core';
import { HARNESS_DEFAULTS } from '../test/browser/system-harness.js';
import { applyNetworkProfile, NETWORK_PROFILES, type NetworkProfile } from './network-profile.js';
import { START_TRACE_SETUP_SOURCE } from './start-trace.js';
import { ZAP_PROBE_SOURCE } from './zap-probe.js';

export const TV_VIEWER_DEFAULTS = {
  pollMs: 20, // milliseconds between state polls
};

/** In-page sync probe: `playing` of the video on air, key presses, and a per-frame sync error log. */
const SYNC_PROBE_SOURCE = `(() => {
  const probe = { playing: [], keys: [], errors: [], sampling: true };
  window.__probe = probe;
  // The player on air only (the second player starts the next program behind it).
  document.addEventListener('playing', (e) => {
    if (e.target && e.target.hasAttribute && e.target.hasAttribute('data-on-air')) probe.playing.push(performance.now());
  }, true);
  window.addEventListener('keydown', () => probe.keys.push(performance.now()), true);
  const frame = () => {
    if (probe.sampling) {
      const v = document.querySelector('video[data-on-air]') || document.querySelector('video');
      const tv = window.streamsyncTv && window.streamsyncTv.state();
      const p = tv && tv.program;
      if (v && p && !v.paused && v.currentTime > 0 && tv.sync && tv.sync.state !== 'joining') {
        const wall = performance.timeOrigin + performance.now();
        probe.errors.push([wall, (v.currentTime - (p.inMs + wall - p.startMs) / 1000) * 1000]);
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

export interface SyncProbeState {
  playing: number[];
  keys: number[];
  /** Every sampled frame: [wall clock ms, signed media clock - schedule in ms]. */
  errors: Array<[number, number]>;
}

/** What the bench reads of `window.streamsyncTv.state()`. */
export interface TvBrief {
  channel: { id: string; number: number } | null;
  playing: boolean;
  mediaUrl: string | null;
  /** The channels the app keeps playing behind the picture (apps with ready neighbours only). */
  readyNeighbours?: Array<{ channelId: string; playing: boolean }>;
  sync: { state: string; lockTimeMs: number | null; joinErrorMs: number | null; lockAfterStartMs?: number | null } | null;
}

export async function syncProbe(page: Page): Promise<SyncProbeState> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __probe: unknown }).__probe)) as never);
}

/** Clears the sync probe's error log (sampling starts afresh). */
export async function clearSyncErrors(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __probe: { errors: unknown[] } }).__probe.errors = []));
}

export async function tvState(page: Page): Promise<TvBrief> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { streamsyncTv?: { state: () => unknown } }).streamsyncTv?.state() ?? null)) as never);
}

export async function waitUntil(page: Page, pred: (s: TvBrief) => boolean, timeoutMs: number): Promise<TvBrief> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await tvState(page).catch(() => null);
    if (s && pred(s)) return s;
    await new Promise((r) => setTimeout(r, TV_VIEWER_DEFAULTS.pollMs));
  }
  const last = await tvState(page).catch(() => null);
  throw new Error(`timed out after ${timeoutMs} ms (channel ${last?.channel?.number ?? '-'}, playing ${String(last?.playing)}, sync ${last?.sync?.state ?? '-'})`);
}

/** Opens the TV app in a fresh context with both probes, on `network` (default loopback). Close it with `page.context().close()`. */
export async function newViewer(browser: Browser, baseUrl: string, options: { network?: NetworkProfile } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: HARNESS_DEFAULTS.viewport });
  try {
    await context.addInitScript(SYNC_PROBE_SOURCE);
    await context.addInitScript(ZAP_PROBE_SOURCE);
    await context.addInitScript(START_TRACE_SETUP_SOURCE);
    const page = await context.newPage();
    await applyNetworkProfile(page, options.network ?? NETWORK_PROFILES.loopback);
    await page.goto(`${baseUrl}/`);
    return page;
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}
