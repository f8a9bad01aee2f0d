// bench:tv's reference, measured in the same run: a bare page that loads the project's own Shaka
// build (node_modules/shaka-player/dist/shaka-player.compiled.js, read from disk) with its default
// configuration, and plays the SAME manifest as the TV app (the channel's current program on the
// running system) at the offset the schedule says at the moment of the load, muted. The page and the
// script come from a tiny node:http server of its own on 127.0.0.1 (nothing from outside); the media
// comes from the system, whose media origin answers any origin.
//   cold start: navigation to the first frame (the first requestVideoFrameCallback, `playing` plus
//               a requestAnimationFrame where the engine lacks it), each in a fresh context;
//   zap:        `player.load(url, offset)` to the first frame of the new asset, in a page that plays,
//               measured like the TV app's zaps (its `playing`, then the next requestAnimationFrame).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import type { ChannelNow } from '#core/wire.js';
import { HARNESS_DEFAULTS } from '../test/browser/system-harness.js';
import { applyNetworkProfile, type NetworkProfile } from './network-profile.js';

export const BARE_SHAKA_DEFAULTS = {
  frameTimeoutMs: 20_000, // milliseconds a load may take to show its first frame before the run fails
  pollMs: 20, // milliseconds between reads of the page's figures
  programEndGuardMs: 5_000, // milliseconds: a program ending sooner is waited out (its manifest would run out under the load)
  zapSettleMs: 1_000, // milliseconds of playing between two loads
  positionSlackS: 1, // seconds: a `playing` farther than this from the load's offset is still the asset before
};

const require = createRequire(import.meta.url);
const SHAKA_SCRIPT = require.resolve('shaka-player/dist/shaka-player.compiled.js');
const SHAKA_VERSION = (require('shaka-player/package.json') as { version: string }).version;

/** The page's own script (plain JavaScript: it runs as it is). */
const BARE_PAGE_SCRIPT = `(() => {
  const bare = { first: null, firstBy: null, loads: [], error: null };
  window.__bare = bare;
  const video = document.getElementById('v');
  video.muted = true;
  video.autoplay = true;
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.addEventListener('error', (e) => { bare.error = 'Shaka error ' + (e.detail && e.detail.code); });
  const attached = player.attach(video);
  if (typeof video.requestVideoFrameCallback === 'function') {
    video.requestVideoFrameCallback(() => { bare.first = performance.now(); bare.firstBy = 'requestVideoFrameCallback'; });
  }
  window.__bareLoad = (url, startMs, inMs) => attached.then(() => {
    const entry = { t0: performance.now(), offsetS: (inMs + Date.now() - startMs) / 1000, frame: null, error: null };
    bare.loads.push(entry);
    const onPlaying = () => requestAnimationFrame(() => {
      if (entry.frame !== null || Math.abs(video.currentTime - entry.offsetS) > ${BARE_SHAKA_DEFAULTS.positionSlackS}) return;
      entry.frame = performance.now();
      video.removeEventListener('playing', onPlaying);
      if (bare.first === null) { bare.first = entry.frame; bare.firstBy = 'playing'; }
    });
    video.addEventListener('playing', onPlaying);
    return player.load(url, entry.offsetS).then(
      () => { video.play().catch(() => {}); },
      (e) => { entry.error = 'load failed: ' + ((e && (e.code || e.message)) || String(e)); },
    );
  });
  const q = new URLSearchParams(location.search);
  const manifest = q.get('manifest');
  if (manifest) window.__bareLoad(manifest, Number(q.get('startMs')), Number(q.get('inMs')));
})();`;

const BARE_PAGE_HTML = [
  '<!doctype html>',
  '<html lang="en"><head><meta charset="utf-8"><title>bare Shaka</title>',
  '<style>html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%}</style>',
  '</head><body><video id="v" muted autoplay playsinline></video>',
  '<script src="/shaka-player.compiled.js"></script>',
  `<script>${BARE_PAGE_SCRIPT}</script>`,
  '</body></html>',
].join('\n');

export interface BareShakaServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The Shaka version the page loads. */
  shakaVersion: string;
  close(): Promise<void>;
}

/** Serves the bare page at `/` and the project's Shaka build at `/shaka-player.compiled.js`. */
export async function startBareShakaServer(): Promise<BareShakaServer> {
  const script = await readFile(SHAKA_SCRIPT);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(BARE_PAGE_HTML);
    } else if (path === '/shaka-player.compiled.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': script.length, 'cache-control': 'no-cache' });
      res.end(script);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    shakaVersion: SHAKA_VERSION,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** What the bare page needs of a channel's current program: its manifest and where the schedule is in it. */
export interface ProgramOnAir {
  manifestUrl: string; // absolute
  startMs: number; // epoch ms the program started
  inMs: number; // ms into the asset at startMs
  endMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The channel's current program (GET /v1/channels/:id/now); one ending within the guard is waited out. */
export async function programOnAir(baseUrl: string, channelId: string): Promise<ProgramOnAir> {
  for (;;) {
    const res = await fetch(`${baseUrl}/v1/channels/${encodeURIComponent(channelId)}/now`);
    if (!res.ok) throw new Error(`GET /v1/channels/${channelId}/now: ${res.status}`);
    const now = (await res.json()) as ChannelNow;
    const p = now.current;
    if (!p || !p.dashUrl) throw new Error(`channel ${channelId}: nothing on air`);
    const left = p.endMs - now.serverTimeMs;
    if (left >= BARE_SHAKA_DEFAULTS.programEndGuardMs) {
      return { manifestUrl: new URL(p.dashUrl, baseUrl).href, startMs: p.startMs, inMs: p.inMs, endMs: p.endMs };
    }
    await sleep(left + 200);
  }
}

interface BareState {
  first: number | null;
  firstBy: string | null;
  error: string | null;
  loads: Array<{ t0: number; offsetS: number; frame: number | null; error: string | null }>;
}

const readBare = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __bare?: unknown }).__bare ?? null)) as BareState | null);

async function waitBare(page: Page, done: (s: BareState) => boolean, what: string): Promise<BareState> {
  const until = Date.now() + BARE_SHAKA_DEFAULTS.frameTimeoutMs;
  let last: BareState | null = null;
  while (Date.now() < until) {
    last = await readBare(page).catch(() => null);
    const failed = last?.error ?? last?.loads.find((l) => l.error)?.error;
    if (failed) throw new Error(`bare Shaka page, ${what}: ${failed}`);
    if (last && done(last)) return last;
    await sleep(BARE_SHAKA_DEFAULTS.pollMs);
  }
  throw new Error(`bare Shaka page, ${what}: no frame in ${BARE_SHAKA_DEFAULTS.frameTimeoutMs} ms`);
}

/** A fresh context on `network`, the bare page playing `program`; resolves at its first frame. */
async function openBarePage(browser: Browser, server: BareShakaServer, program: ProgramOnAir, network: NetworkProfile): Promise<{ page: Page; firstMs: number; by: string }> {
  const context = await browser.newContext({ viewport: HARNESS_DEFAULTS.viewport });
  try {
    const page = await context.newPage();
    await applyNetworkProfile(page, network);
    const q = new URLSearchParams({ manifest: program.manifestUrl, startMs: String(program.startMs), inMs: String(program.inMs) });
    await page.goto(`${server.origin}/?${q}`);
    const s = await waitBare(page, (b) => b.first !== null, 'cold start');
    return { page, firstMs: s.first ?? NaN, by: s.firstBy ?? '' };
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}

/** One cold start of the bare page on `channelId`'s current program: navigation to the first frame (ms). */
export async function bareColdStart(browser: Browser, server: BareShakaServer, baseUrl: string, channelId: string, network: NetworkProfile): Promise<{ ms: number; by: string }> {
  const { page, firstMs, by } = await openBarePage(browser, server, await programOnAir(baseUrl, channelId), network);
  await page.context().close();
  return { ms: firstMs, by };
}

/**
 * `count` loads in one bare page that plays, alternating between the current programs of the two
 * channels (two assets): each `player.load(url, offset)` call to the first frame of the new asset (ms).
 */
export async function bareZaps(browser: Browser, server: BareShakaServer, baseUrl: string, channelIds: readonly [string, string], count: number, network: NetworkProfile): Promise<number[]> {
  const { page } = await openBarePage(browser, server, await programOnAir(baseUrl, channelIds[0]), network);
  const out: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      await sleep(BARE_SHAKA_DEFAULTS.zapSettleMs);
      const program = await programOnAir(baseUrl, channelIds[(i + 1) % 2] ?? channelIds[0]);
      const index = await page.evaluate((p: ProgramOnAir) => {
        const w = window as unknown as { __bare: { loads: unknown[] }; __bareLoad: (url: string, startMs: number, inMs: number) => Promise<void> };
        const n = w.__bare.loads.length;
        void w.__bareLoad(p.manifestUrl, p.startMs, p.inMs);
        return n;
      }, program);
      const s = await waitBare(page, (b) => (b.loads[index]?.frame ?? null) !== null, `load ${i + 1}`);
      const load = s.loads[index];
      if (load && load.frame !== null) out.push(load.frame - load.t0);
    }
  } finally {
    await page.context().close();
  }
  return out;
}
