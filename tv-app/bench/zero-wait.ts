// bench:tv's "zero wait" figures on one network profile (issue 15), each beside the bare Shaka
// reference measured in the same run (bare-shaka.ts):
// - cold starts, each in a fresh context: navigation to the first frame on screen, to the first
//   correctly-timed frame, and the trace of where the milliseconds go (start-trace.ts); a cold start
//   of the bare page on the same channel follows each one;
// - warm boots: the app reloaded in a page that has run it (its caches and learned lags), as a TV
//   switched on again;
// - zaps in one page: to a neighbour (PageUp / PageDown, alternating) and to a far channel (digits +
//   Enter), key press to the first frame of the new channel (zap-probe.ts), and the stalls of the
//   video on air meanwhile; then the bare page's loads of one asset after the other.
import type { Browser, Page } from 'playwright-core';
import type { NetworkProfile } from './network-profile.js';
import { bareColdStart, bareZaps, type BareShakaServer } from './bare-shaka.js';
import { readPageSteps, type StartTrace } from './start-trace.js';
import { newViewer, syncProbe, tvState, waitUntil } from './tv-viewer.js';
import { readZapProbe, zapFrame, zapPicture } from './zap-probe.js';

export const ZERO_WAIT_DEFAULTS = {
  correctMs: 5, // |media clock - schedule| under which a frame counts as correctly timed (ms)
  joinTimeoutMs: 30_000, // milliseconds a cold start may take to play
  lockTimeoutMs: 10_000, // milliseconds to wait for the lock after the first frame
  zapTimeoutMs: 10_000, // milliseconds a zap may take to show the new channel
  settleMs: 1_500, // milliseconds after a zap (the neighbours get ready)
  neighbourReadyTimeoutMs: 8_000, // milliseconds more a neighbour zap waits for the app to report that channel ready (apps with ready neighbours)
  pollMs: 20, // milliseconds between probe reads while a zap is on its way
  warmBoots: 3, // reloads measured after one unmeasured boot of the same page
};

export interface ZeroWaitOptions {
  network: NetworkProfile;
  runs: number; // cold starts (and bare cold starts)
  zaps: number; // zaps of each kind
  /** The lineup's channel ids: channel number n is channelIds[n - 1]. */
  channelIds: readonly string[];
  /** Two channels airing different assets, for the bare page's loads (and its cold start when the app's channel is unknown). */
  referenceChannels: readonly [string, string];
}

export interface ZeroWaitRun {
  network: NetworkProfile;
  runs: number;
  zaps: number;
  /** Navigation to the first frame on screen, per cold start (ms), and how it was seen. */
  firstFrameMs: number[];
  firstFrameBy: string;
  /** Navigation to the first frame with |media clock - schedule| <= correctMs (ms). */
  firstCorrectFrameMs: number[];
  /** A warm boot: the app reloaded in a page that has run it (HTTP cache, V8's compiled code, the device's learned lags): navigation to the first frame and to the first correctly-timed frame (ms). */
  warmFirstFrameMs: number[];
  warmFirstCorrectFrameMs: number[];
  joinErrorsMs: number[];
  lockTimesMs: number[]; // join to lock, per cold start
  lockAfterFirstFrameMs: number[];
  traces: StartTrace[];
  failures: string[];
  zapNeighbourMs: number[];
  zapFarMs: number[];
  /** How each zap's first frame came: a ready video brought to the front ('swap') or a load ('playing'). */
  zapsBy: Record<'swap' | 'playing', number>;
  /** Key press to the first picture of the new channel, a held (paused) first frame included (ms), and how many were held frames. */
  zapPictureMs: { near: number[]; far: number[] };
  zapHeldFrames: number;
  /** Neighbour zaps made while the app reported that channel ready and playing behind the picture, and the wait for it after the settle (ms). */
  neighbourReady: number;
  neighbourReadyWaitMs: number[];
  /** Zaps whose new channel never showed (within zapTimeoutMs). */
  zapMissed: number;
  /** `waiting` events of the video on air after its first frame, over the zaps; and every `waiting` event. */
  zapStalls: number;
  zapWaiting: number;
  heapBytes: number;
  /** The bare Shaka page: navigation to the first frame, and `player.load()` to the first frame (ms). */
  ref: { firstFrameMs: number[]; firstFrameBy: string; zapMs: number[]; failures: string[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** One cold start of the TV app: its figures, and the channel it started on. */
async function coldStart(browser: Browser, baseUrl: string, network: NetworkProfile, out: ZeroWaitRun): Promise<string | null> {
  const D = ZERO_WAIT_DEFAULTS;
  const page = await newViewer(browser, baseUrl, { network });
  try {
    await waitUntil(page, (s) => s.playing && s.sync !== null && s.sync.joinErrorMs !== null, D.joinTimeoutMs);
    const locked = await waitUntil(page, (s) => s.sync?.lockTimeMs !== null && s.sync?.lockTimeMs !== undefined, D.lockTimeoutMs).catch(() => null);
    const origin = await page.evaluate(() => performance.timeOrigin);
    const zap = await readZapProbe(page);
    const correct = (await syncProbe(page)).errors.find(([, e]) => Math.abs(e) <= D.correctMs);
    const state = locked ?? (await tvState(page));
    const first = zap.first ?? NaN;
    const correctMs = correct ? correct[0] - origin : NaN;
    out.firstFrameMs.push(first);
    out.firstFrameBy = zap.firstBy ?? out.firstFrameBy;
    out.firstCorrectFrameMs.push(correctMs);
    out.joinErrorsMs.push(state.sync?.joinErrorMs ?? NaN); // measured on the settled media clock
    if (state.sync?.lockTimeMs != null) out.lockTimesMs.push(state.sync.lockTimeMs);
    if (state.sync?.lockAfterStartMs != null) out.lockAfterFirstFrameMs.push(state.sync.lockAfterStartMs);
    const steps = await readPageSteps(page, zap.firstUrl);
    out.traces.push({ ...steps, 'first-frame': zap.first, 'first-correct-frame': correct ? correctMs : null });
    return state.channel?.id ?? null;
  } finally {
    await page.context().close();
  }
}

/**
 * Warm boots: one page boots the app once, then reloads it `warmBoots` times, as a TV switched on again
 * with the app in its caches: navigation to the first frame on screen and to the first correctly-timed
 * frame of each reload.
 */
async function warmBoots(browser: Browser, baseUrl: string, network: NetworkProfile, out: ZeroWaitRun): Promise<void> {
  const D = ZERO_WAIT_DEFAULTS;
  const page = await newViewer(browser, baseUrl, { network });
  try {
    for (let i = 0; i <= D.warmBoots; i++) {
      if (i > 0) await page.reload();
      await waitUntil(page, (s) => s.playing && s.sync !== null && s.sync.joinErrorMs !== null, D.joinTimeoutMs);
      await waitUntil(page, (s) => s.sync?.lockTimeMs !== null && s.sync?.lockTimeMs !== undefined, D.lockTimeoutMs).catch(() => null);
      if (i === 0) continue; // the boot that fills the caches
      const origin = await page.evaluate(() => performance.timeOrigin);
      const correct = (await syncProbe(page)).errors.find(([, e]) => Math.abs(e) <= D.correctMs);
      out.warmFirstFrameMs.push((await readZapProbe(page)).first ?? NaN);
      out.warmFirstCorrectFrameMs.push(correct ? correct[0] - origin : NaN);
    }
  } finally {
    await page.context().close();
  }
}

/** Presses the keys of one zap and waits for the first frame of `target`: key press to that frame (ms), or null. */
async function zapOnce(page: Page, keys: readonly string[], target: number, kind: 'near' | 'far', out: ZeroWaitRun): Promise<number | null> {
  const D = ZERO_WAIT_DEFAULTS;
  const keysBefore = (await readZapProbe(page)).keys.length;
  for (const key of keys) await page.keyboard.press(key);
  const until = Date.now() + D.zapTimeoutMs;
  while (Date.now() < until) {
    const z = await readZapProbe(page);
    const key = z.keys.length >= keysBefore + keys.length ? z.keys[z.keys.length - 1] : undefined;
    const frame = key ? zapFrame(z.stamps, key.t, target) : null;
    if (key && frame) {
      out.zapsBy[frame.by]++;
      const picture = zapPicture(z.stamps, key.t, target) ?? frame;
      out.zapPictureMs[kind].push(picture.t - key.t);
      if (picture.by === 'cued') out.zapHeldFrames++;
      return frame.t - key.t;
    }
    await sleep(D.pollMs);
  }
  out.zapMissed++;
  return null;
}

/**
 * Before a neighbour zap, in an app that reports ready neighbours: until it reports `channelId` ready
 * and playing behind the picture (at most neighbourReadyTimeoutMs). Whether it was, and the wait.
 */
async function neighbourReady(page: Page, channelId: string): Promise<{ ready: boolean; waitedMs: number | null }> {
  const D = ZERO_WAIT_DEFAULTS;
  const t0 = Date.now();
  for (;;) {
    const s = await tvState(page);
    if (!s.readyNeighbours) return { ready: false, waitedMs: null }; // an app without ready neighbours
    if (s.readyNeighbours.some((n) => n.channelId === channelId && n.playing)) return { ready: true, waitedMs: Date.now() - t0 };
    if (Date.now() - t0 >= D.neighbourReadyTimeoutMs) return { ready: false, waitedMs: Date.now() - t0 };
    await sleep(D.pollMs * 5);
  }
}

/** Zaps in one page: `zaps` to a neighbour (PageUp and PageDown in turn) and `zaps` to a channel three up. */
async function zapping(browser: Browser, baseUrl: string, p: ZeroWaitOptions, out: ZeroWaitRun): Promise<void> {
  const D = ZERO_WAIT_DEFAULTS;
  const page = await newViewer(browser, baseUrl, { network: p.network });
  try {
    await waitUntil(page, (s) => s.playing, D.joinTimeoutMs);
    await sleep(D.settleMs); // neighbours ready
    const before = await readZapProbe(page);
    const n = p.channelIds.length;
    for (let i = 0; i < p.zaps; i++) {
      for (const kind of ['near', 'far'] as const) {
        const current = (await tvState(page)).channel?.number ?? 1;
        const up = i % 2 === 0;
        // Far: three channels up, so it plays the other asset (channels alternate A and B from one
        // epoch; a channel on the same asset at the same position is switched by a seek, not a load).
        const target = kind === 'far' ? ((current + 2) % n) + 1 : up ? (current % n) + 1 : ((current - 2 + n) % n) + 1;
        const keys = kind === 'far' ? [...String(target)].concat('Enter') : [up ? 'PageUp' : 'PageDown'];
        if (kind === 'near') {
          const ready = await neighbourReady(page, p.channelIds[target - 1] ?? '');
          if (ready.ready) out.neighbourReady++;
          if (ready.waitedMs !== null) out.neighbourReadyWaitMs.push(ready.waitedMs);
        }
        const ms = await zapOnce(page, keys, target, kind, out);
        if (ms !== null) (kind === 'near' ? out.zapNeighbourMs : out.zapFarMs).push(ms);
        await waitUntil(page, (s) => s.channel?.number === target && s.playing, D.zapTimeoutMs).catch(() => null);
        await sleep(D.settleMs);
      }
    }
    const after = await readZapProbe(page);
    out.zapStalls = after.stallTimes.length - before.stallTimes.length;
    out.zapWaiting = after.waiting - before.waiting;
    out.heapBytes = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
  } finally {
    await page.context().close();
  }
}

/** Every zero-wait figure on `p.network`, the TV app's and the bare page's, in one browser. */
export async function measureZeroWait(browser: Browser, baseUrl: string, bare: BareShakaServer, p: ZeroWaitOptions): Promise<ZeroWaitRun> {
  const out: ZeroWaitRun = {
    network: p.network, runs: p.runs, zaps: p.zaps,
    firstFrameMs: [], firstFrameBy: '', firstCorrectFrameMs: [], warmFirstFrameMs: [], warmFirstCorrectFrameMs: [], joinErrorsMs: [], lockTimesMs: [], lockAfterFirstFrameMs: [], traces: [], failures: [],
    zapNeighbourMs: [], zapFarMs: [], zapsBy: { swap: 0, playing: 0 }, zapPictureMs: { near: [], far: [] }, zapHeldFrames: 0, neighbourReady: 0, neighbourReadyWaitMs: [], zapMissed: 0, zapStalls: NaN, zapWaiting: NaN, heapBytes: NaN,
    ref: { firstFrameMs: [], firstFrameBy: '', zapMs: [], failures: [] },
  };
  // Cold starts, the TV app's and the bare page's in turn (the same machine load for both).
  for (let i = 0; i < p.runs; i++) {
    const channelId = await coldStart(browser, baseUrl, p.network, out).catch((err: unknown) => {
      out.failures.push(`cold start ${i + 1}: ${message(err)}`);
      return null;
    });
    try {
      const r = await bareColdStart(browser, bare, baseUrl, channelId ?? p.referenceChannels[0], p.network);
      out.ref.firstFrameMs.push(r.ms);
      out.ref.firstFrameBy = r.by;
    } catch (err) {
      out.ref.failures.push(`cold start ${i + 1}: ${message(err)}`);
    }
  }
  try {
    await warmBoots(browser, baseUrl, p.network, out);
  } catch (err) {
    out.failures.push(`warm boots: ${message(err)}`);
  }
  try {
    await zapping(browser, baseUrl, p, out);
  } catch (err) {
    out.failures.push(`zaps: ${message(err)}`);
  }
  try {
    out.ref.zapMs = await bareZaps(browser, bare, baseUrl, p.referenceChannels, 2 * p.zaps, p.network);
  } catch (err) {
    out.ref.failures.push(`loads: ${message(err)}`);
  }
  return out;
}
