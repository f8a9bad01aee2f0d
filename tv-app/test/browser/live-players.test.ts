// Standard players on a channel's live streams, in Chromium: hls.js and Shaka on the HLS master,
// dash.js on the DASH MPD, side by side in one page for two minutes of a channel whose airings change
// every few seconds. Each plays with no stall over 500 ms, crosses airing boundaries, and its program
// date time at the playhead maps to its media time the same way across every boundary (a date mapped
// wrongly would step) and stays a steady latency behind the wall clock (the schedule's time).
import { expect } from 'chai';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { openBrowser, startSystem, type RunningSystem } from './system-harness.js';

const require = createRequire(import.meta.url);
const WATCH_MS = Number(process.env.LIVE_PLAYERS_WATCH_MS ?? 120_000); // milliseconds of playback watched
const STALL_MS = 500; // longest time the playhead may stand still once playing
const SAMPLE_MS = 200; // how often the page samples every player
const JUMP_MS = 120; // largest step of (program date time - media time) between two samples (3 frames at 25 fps: players date by their own frame timing)
const SPREAD_MS = 2_000; // largest drift of (wall - program date time) over the watch, once settled

interface Sample {
  wall: number;
  current: number;
  /** Epoch ms the player says is at its playhead (its program date time), null before it knows. */
  date: number | null;
}

const PLAYERS = ['hls.js', 'dash.js', 'Shaka'] as const;
type PlayerName = (typeof PLAYERS)[number];

describe('live streams in standard players (hls.js, dash.js, Shaka) in Chromium', function () {
  this.timeout(WATCH_MS + 240_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'red', title: 'Red', seconds: 7, hue: 0 },
        { id: 'green', title: 'Green', seconds: 5, hue: 120 },
        { id: 'blue', title: 'Blue', seconds: 9, hue: 240 },
      ],
      channels: [{ id: 'live', number: 1, name: 'Live', loop: ['red', 'green', 'blue'] }],
      epochMs: Date.now() - 5 * 60_000, // on air for minutes: the live window is full
    });
    browser = await openBrowser();
    page = await browser.newPage();
    await page.goto(`${system.baseUrl}/live/time`);
    await page.evaluate('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
    await page.addScriptTag({ path: require.resolve('hls.js/dist/hls.min.js') });
    await page.addScriptTag({ path: require.resolve('dashjs') /* its "require" export: the UMD build */ });
    await page.addScriptTag({ path: require.resolve('shaka-player/dist/shaka-player.compiled.js') });
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('plays two minutes across airing boundaries with no stall over 500 ms, at a steady latency from the schedule', async () => {
    await page.evaluate(
      async ({ sampleMs }) => {
        const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        const video = () => {
          const v = document.createElement('video');
          v.muted = true;
          v.autoplay = true;
          v.width = 320;
          document.body.appendChild(v);
          return v;
        };
        const players: Record<string, { video: HTMLVideoElement; date: () => number | null }> = {};
        const hlsVideo = video();
        const hls = new w.Hls();
        hls.loadSource('/live/live/master.m3u8');
        hls.attachMedia(hlsVideo);
        players['hls.js'] = { video: hlsVideo, date: () => hls.playingDate?.getTime() ?? null };
        const dashVideo = video();
        const dash = w.dashjs.MediaPlayer().create();
        dash.initialize(dashVideo, '/live/live/manifest.mpd', true);
        players['dash.js'] = { video: dashVideo, date: () => (dashVideo.readyState > 0 ? Math.round(dash.timeAsUTC() * 1000) : null) };
        w.shaka.polyfill.installAll();
        const shakaVideo = video();
        const shaka = new w.shaka.Player();
        await shaka.attach(shakaVideo);
        try {
          await shaka.load('/live/live/master.m3u8');
        } catch (e) {
          const err = e as { code?: number; data?: unknown };
          throw new Error(`Shaka could not load the live HLS: error ${err.code} ${JSON.stringify(err.data)?.slice(0, 500)}`);
        }
        players.Shaka = { video: shakaVideo, date: () => shaka.getPlayheadTimeAsDate()?.getTime() ?? null };
        for (const v of [hlsVideo, dashVideo, shakaVideo]) void v.play().catch(() => undefined);
        w.__samples = Object.fromEntries(Object.keys(players).map((k) => [k, []]));
        setInterval(() => {
          for (const [name, p] of Object.entries(players)) {
            let date: number | null = null;
            try {
              date = p.date();
            } catch {
              date = null;
            }
            w.__samples[name].push({ wall: Date.now(), current: p.video.currentTime, date: Number.isFinite(date) ? date : null });
          }
        }, sampleMs);
      },
      { sampleMs: SAMPLE_MS },
    );
    // Watch until every player has played WATCH_MS (real media time: the subject of the test).
    await page.waitForFunction(
      (watchMs) => {
        const all = (window as unknown as { __samples: Record<string, Array<{ wall: number; current: number }>> }).__samples;
        return Object.values(all).every((list) => {
          const start = list.find((s) => s.current > 0);
          const last = list[list.length - 1];
          return start !== undefined && last !== undefined && last.wall - start.wall >= watchMs;
        });
      },
      WATCH_MS,
      { polling: 1000, timeout: WATCH_MS + 60_000 },
    );
    const samples = (await page.evaluate('window.__samples')) as Record<PlayerName, Sample[]>;
    const schedule = (await (await fetch(`${system.baseUrl}/v1/channels/live/schedule?from=${Date.now() - WATCH_MS - 120_000}&to=${Date.now()}`)).json()) as { programs: Array<{ startMs: number }> };

    for (const name of PLAYERS) {
      const all = samples[name];
      const startAt = all.findIndex((s) => s.current > 0 && s.date !== null);
      expect(startAt, `${name} started within 30 s`).to.be.within(0, 30_000 / SAMPLE_MS);
      const playing = all.slice(startAt);
      // Stalls: the longest stretch of wall time with the playhead standing still.
      let longest = 0;
      let still = playing[0] as Sample;
      for (const s of playing) {
        if (s.current !== still.current) still = s;
        else longest = Math.max(longest, s.wall - still.wall);
      }
      // The program date time at the playhead runs with the wall clock: latency = wall - date stays put.
      const latencies = playing.filter((s) => s.date !== null).map((s) => s.wall - (s.date ?? 0));
      const settled = latencies.slice(Math.floor(latencies.length / 10)); // after the first tenth (start-up catch-up)
      const spread = Math.max(...settled) - Math.min(...settled);
      // The player's date for a media time: steady across airing boundaries unless a date is mapped wrongly
      // (a stall or a slow machine moves the latency, never this).
      const mapping = playing.filter((x) => x.date !== null).map((x) => (x.date ?? 0) - x.current * 1000);
      const jump = mapping.slice(1).reduce((m, v, i) => Math.max(m, Math.abs(v - (mapping[i] ?? v))), 0);
      const firstDate = playing.find((s) => s.date !== null)?.date ?? 0;
      const lastDate = playing[playing.length - 1]?.date ?? 0;
      const boundaries = schedule.programs.filter((p) => p.startMs > firstDate && p.startMs <= lastDate).length;
      const median = [...settled].sort((a, b) => a - b)[Math.floor(settled.length / 2)] ?? NaN;
      if (process.env.LIVE_PLAYERS_TRACE) {
        const lat = playing.filter((x) => x.date !== null);
        const rows: string[] = [];
        for (let i = 0; i < lat.length; i += 10) rows.push(`${((lat[i]?.wall ?? 0) - (lat[0]?.wall ?? 0)) / 1000 | 0}s:${(lat[i]?.wall ?? 0) - (lat[i]?.date ?? 0)}/${(lat[i]?.current ?? 0).toFixed(2)}`);
        console.log(`      ${name} trace ${rows.join(' ')}`);
      }
      console.log(`      ${name}: latency behind the schedule ${(median / 1000).toFixed(2)} s (drift ${spread} ms), date-to-media mapping steady within ${Math.round(jump)} ms, longest stall ${longest} ms, ${boundaries} airing boundaries crossed`);
      expect(longest, `${name}: longest stall`).to.be.at.most(STALL_MS);
      expect(boundaries, `${name}: airing boundaries crossed`).to.be.at.least(2);
      expect(median, `${name}: latency`).to.be.within(0, 60_000);
      expect(jump, `${name}: largest step of (program date time - media time) between samples`).to.be.at.most(JUMP_MS);
      expect(spread, `${name}: spread of (wall - program date time) once settled`).to.be.at.most(SPREAD_MS);
    }
  });
});
