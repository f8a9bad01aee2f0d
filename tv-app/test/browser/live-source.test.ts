// The TV app playing a channel through its live stream (`?source=live`: the channel's dynamic DASH
// MPD) instead of each program's own manifest, beside a viewer on the programs in the same run. The
// live viewer is held `liveLatencyMs` behind the schedule by the same sync core; what that costs in
// sync is measured here against the schedule itself: the media time of the live stream is the
// schedule's instant (epoch seconds), so the error of every sample is known without the app's help.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { TV_CONFIG_DEFAULTS } from '../../src/lib/util/app-config.js';
import { liveChannelSystem } from './live-channel-fixture.js';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { qaState, videoClock, waitFor, waitPlaying } from './tv-page.js';

const WATCH_MS = Number(process.env.LIVE_SOURCE_WATCH_MS ?? 40_000); // milliseconds sampled once both play
const SAMPLE_MS = 100; // milliseconds between samples
const SETTLE_MS = 3_000; // milliseconds after the first frame left to the join's lock
const P95_BOUND_MS = 40; // |error| p95 bound once settled, live viewer (generous: a loaded 2-core CI)

interface Sample {
  wallMs: number;
  /** The instant of the schedule on screen: live media time x 1000 (live), or the program's offset mapped back (programs). */
  shownMs: number;
  paused: boolean;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

describe('TV app on the live manifests (?source=live) in Chromium, beside a viewer on the programs', function () {
  this.timeout(WATCH_MS + 180_000);
  let system: RunningSystem;
  let browser: Browser;
  let live: Page;
  let programs: Page;

  before(async () => {
    system = await startSystem(liveChannelSystem());
    browser = await openBrowser();
    live = await openTv(browser, system.baseUrl, { query: '?source=live' });
    programs = await openTv(browser, system.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it(`holds the live stream ${TV_CONFIG_DEFAULTS.liveLatencyMs / 1000} s behind the schedule across airing boundaries, in sync as the programs viewer is`, async () => {
    await waitPlaying(live, 1, 30_000);
    await waitPlaying(programs, 1, 30_000);
    expect((await qaState(live)).mediaUrl, 'the live viewer plays the MPD').to.match(/\/live\/live\/manifest\.mpd$/);
    expect((await qaState(programs)).mediaUrl, 'the programs viewer plays an asset').to.match(/\/media\//);
    const latency = TV_CONFIG_DEFAULTS.liveLatencyMs;
    const samples: Record<'live' | 'programs', Sample[]> = { live: [], programs: [] };
    const joinsBefore = (await qaState(live)).sync?.joins ?? 0;
    const until = Date.now() + WATCH_MS;
    while (Date.now() < until) {
      const [l, p] = await Promise.all([videoClock(live), programs.evaluate(() => {
        const v = document.querySelector<HTMLVideoElement>('video[data-on-air]') ?? document.querySelector('video');
        const tv = (window as unknown as { streamsyncTv?: { state: () => { program: { startMs: number; inMs: number } | null } } }).streamsyncTv;
        const prog = tv?.state().program;
        return v && prog ? { wallMs: Date.now(), shownMs: prog.startMs + v.currentTime * 1000 - prog.inMs, paused: v.paused } : null;
      })]);
      if (l) samples.live.push({ wallMs: l.wallMs, shownMs: l.currentTime * 1000 + latency, paused: l.paused });
      if (p) samples.programs.push(p);
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
    const figures = (list: Sample[]) => {
      const start = (list[0]?.wallMs ?? 0) + SETTLE_MS;
      const errors = list.filter((s) => s.wallMs >= start && !s.paused).map((s) => Math.abs(s.shownMs - s.wallMs));
      return { p50: percentile(errors, 50), p95: percentile(errors, 95), max: Math.max(...errors), n: errors.length };
    };
    const fl = figures(samples.live);
    const fp = figures(samples.programs);
    const schedule = (await (await fetch(`${system.baseUrl}/v1/channels/live/schedule?from=${Date.now() - WATCH_MS - 60_000}&to=${Date.now()}`)).json()) as { programs: Array<{ startMs: number; endMs: number }> };
    const firstShown = (samples.live[0]?.shownMs ?? 0) - latency;
    const lastShown = (samples.live[samples.live.length - 1]?.shownMs ?? 0) - latency;
    const boundaries = schedule.programs.filter((p) => p.startMs > firstShown && p.startMs <= lastShown).length;
    const after = await qaState(live);
    console.log(`      live (${latency} ms behind): |error| p50 ${fl.p50.toFixed(1)} ms, p95 ${fl.p95.toFixed(1)} ms, max ${fl.max.toFixed(1)} ms over ${fl.n} samples, ${boundaries} airing boundaries, joins ${after.sync?.joins}, restarts ${after.sync?.restarts}`);
    console.log(`      programs (on the schedule): |error| p50 ${fp.p50.toFixed(1)} ms, p95 ${fp.p95.toFixed(1)} ms, max ${fp.max.toFixed(1)} ms over ${fp.n} samples`);
    expect(after.source).to.equal('live');
    // The banner follows the picture: the program it names is the one the schedule aired the latency ago.
    const shownAt = (after.serverNowMs ?? NaN) - latency;
    const onScreen = schedule.programs.find((p) => p.startMs <= shownAt && shownAt < p.endMs);
    expect(after.program?.startMs, 'the program named is the one on screen').to.equal(onScreen?.startMs);
    expect(boundaries, 'airing boundaries crossed inside the live stream').to.be.at.least(2);
    expect(after.sync?.joins ?? 0, 'no re-join while watching').to.equal(joinsBefore);
    expect(samples.live.filter((s) => s.paused).length, 'never paused').to.equal(0);
    expect(fl.p95, 'live viewer |error| p95 (ms)').to.be.at.most(P95_BOUND_MS);
  });
});
