// `npm run bench:live` — the live output at broadcaster scale: 1,000 programmed channels (slots,
// padding to the clock, breaks, a fallback slate) over assets with packaged-style manifests. HLS media
// playlist and DASH MPD requests per second and p99 on loopback, cycling over every channel, side by
// side with the same bytes served as a static file in the same run; CPU used by idle channels; and the
// first playlist of a channel created a week ago (its sequence numbers counted from its creation).
// Then the tune time of hls.js in Chromium on a channel's live HLS vs the same asset's VOD playlist
// (tv-app/bench/live-tune.ts, in a child: it plays real media through the TV app's system harness).
//
//   npx tsx control-api/bench/live.ts [--channels 1000] [--duration 5] [--connections 32] [--tunes 7] [--no-tune]
// (--no-tune: the load figures only, no browser; bench:capacity runs it so)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../src/config/load-settings.js';
import { buildApp } from '../src/app.js';
import { listen } from '../src/server.js';
import { EmbeddedStore } from '../src/store/embedded-store.js';
import { LineupService } from '../src/services/lineup/index.js';
import { ProgrammingService } from '../src/services/programming/programming-service.js';
import type { Asset } from '../src/contracts/lineup.js';
import type { Slot } from '../src/contracts/programming.js';
import { silentLogger } from '../src/contracts/logger.js';
import { positiveArg } from './bench-args.js';
import { announceAndServe, runChildBench, withChildServer } from './child-server.js';
import { load, type LoadResult } from './load.js';
import { finite, jsonOutputPath, writeBenchResult, type BenchResult } from './report/bench-result.js';

const BENCH_DEFAULTS = {
  channels: 1000,
  durationSeconds: 5, // per load case
  connections: 32, // concurrent keep-alive connections
  warmupSeconds: 1, // per load case, not measured
  idleSeconds: 5, // CPU sampled with no request
  tunes: 7, // cold hls.js tunes per side (live, VOD)
};
/** The browser half: it needs the TV app's system harness, so it lives (and is run) in tv-app/bench. */
const LIVE_TUNE_SCRIPT = 'tv-app/bench/live-tune.ts'; // from the repository root
const SECOND = 1000;
const MIN = 60 * SECOND;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const KEY = 'bench-broadcaster-key-0123456789';
const EVERY_DAY: Slot['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const SEGMENT_MS = 2000;
const LIVE_TITLE = 'Live output: HLS playlists and DASH MPDs of 1,000 programmed channels; hls.js tune time, live vs VOD';

/** The DASH manifest ffmpeg's dash muxer writes for a 720p + 240p ladder and AAC audio of `durationMs`. */
function packagedMpd(durationMs: number): string {
  const full = Math.floor(durationMs / SEGMENT_MS);
  const tail = durationMs - full * SEGMENT_MS;
  const video = `<S t="0" d="25600" r="${full - 1}" />${tail > 0 ? `<S d="${Math.round(tail * 12.8)}" />` : ''}`;
  const frame = 1024;
  const audioS: string[] = [];
  let prev = 0;
  for (let i = 1; i <= full + (tail > 0 ? 1 : 0); i += 1) {
    const end = Math.ceil((Math.min(i * SEGMENT_MS, durationMs) * 48) / frame) * frame;
    audioS.push(`<S ${i === 1 ? 't="0" ' : ''}d="${end - prev}" />`);
    prev = end;
  }
  const rep = (id: number, h: number, w: number, codecs: string) =>
    `<Representation id="${id}" mimeType="video/mp4" codecs="${codecs}" bandwidth="${h * 5000}" width="${w}" height="${h}"><SegmentTemplate timescale="12800" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1"><SegmentTimeline>${video}</SegmentTimeline></SegmentTemplate></Representation>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT${durationMs / 1000}S">
<Period id="0" start="PT0.0S">
<AdaptationSet id="0" contentType="video" frameRate="25/1">${rep(0, 720, 1280, 'avc1.64001f')}${rep(1, 240, 426, 'avc1.42c01e')}</AdaptationSet>
<AdaptationSet id="1" contentType="audio"><Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="48000"><SegmentTemplate timescale="48000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1"><SegmentTimeline>${audioS.join('')}</SegmentTimeline></SegmentTemplate></Representation></AdaptationSet>
</Period>
</MPD>
`;
}

function asset(id: string, durationMs: number): Asset {
  return {
    id, title: id, description: '', durationMs, dashUrl: `/media/${id}/manifest.mpd`, hlsUrl: `/media/${id}/master.m3u8`, posterUrl: null, segmentSeconds: 2, status: 'ready', createdAt: 0, updatedAt: 0,
    renditions: [
      { name: '720p', width: 1280, height: 720, bandwidth: 3_128_000, codecs: 'avc1.64001f,mp4a.40.2', frameRate: 25 },
      { name: '240p', width: 426, height: 240, bandwidth: 528_000, codecs: 'avc1.42c01e,mp4a.40.2', frameRate: 25 },
    ],
  };
}

interface ServerInfo {
  baseUrl: string;
  channels: string[];
  setupMs: number;
  idleCpuMsPerSecond: number;
  weekOldFirstMs: number;
  weekOldAgainMs: number;
  staticPlaylist: string;
  staticMpd: string;
}

/** Child: builds the library and the channels, measures idle CPU and a cold count, serves, prints one JSON line. */
async function serve(): Promise<void> {
  const channels = positiveArg('channels', BENCH_DEFAULTS.channels);
  const dir = await mkdtemp(join(tmpdir(), 'streamsync-bench-live-'));
  const store = await EmbeddedStore.open({ dataDir: dir, logger: silentLogger() });
  const lineup = new LineupService({ store, clock: Date.now });
  const base = loadSettings(fileURLToPath(new URL('../../settings.json', import.meta.url)), {});
  const settings = { ...base, dataDir: dir, contentDir: dir };
  const app = await buildApp({ settings, store, apiKey: KEY, lineup });
  const setupStart = performance.now();

  const library: Array<[string, number]> = [
    ...Array.from({ length: 60 }, (_, i) => [`show${i}`, (1 + ((i * 37) % 20)) * MIN + ((i * 7919) % 60) * SEGMENT_MS] as [string, number]),
    ...Array.from({ length: 20 }, (_, i) => [`promo${i}`, (5 + ((i * 11) % 15)) * SEGMENT_MS] as [string, number]),
    ...Array.from({ length: 20 }, (_, i) => [`ad${i}`, (5 + ((i * 13) % 10)) * SEGMENT_MS + 700] as [string, number]),
    ['slate', 30 * SECOND],
  ];
  for (const [id, ms] of library) {
    await mkdir(join(dir, 'media', id), { recursive: true });
    await writeFile(join(dir, 'media', id, 'manifest.mpd'), packagedMpd(ms));
    await lineup.putAsset(asset(id, ms));
  }
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  for (let k = 0; k < 10; k++) await app.programming.createCollection({ id: `shows-${k}`, name: `Shows ${k}`, items: ids('show', 60).slice(k * 3).concat(ids('show', 60).slice(0, k * 3)) });
  await app.programming.createCollection({ id: 'promos', name: 'Promos', items: ids('promo', 20) });
  await app.programming.createCollection({ id: 'ads', name: 'Ads', items: ids('ad', 20) });
  const rules = (c: number) => ({
    timeZone: 'UTC',
    slots: [{ days: EVERY_DAY, start: '00:00', collection: `shows-${c % 10}` }, { days: EVERY_DAY, start: '12:00', collection: `shows-${(c + 5) % 10}`, order: 'shuffle' as const }],
    padTo: { minutes: 30, filler: 'promos' },
    breaks: { everyMinutes: 10, filler: 'ads', maxSeconds: 60 },
    fallback: 'slate',
  });
  // Channels created (and programmed) in the past, through services on a clock that far back: an
  // hour for the measured ones (their window is full), a week for one (a long history to count).
  const createdAgo = async (agoMs: number, id: string, number: number, c: number) => {
    const clock = () => Date.now() - agoMs;
    const past = new LineupService({ store, clock });
    await past.createChannel({ id, number, name: `Live ${number}` });
    await new ProgrammingService({ lineup: past, store, clock }).putProgramming(id, rules(c));
  };
  const list: string[] = [];
  for (let c = 0; c < channels; c++) {
    await createdAgo(HOUR, `live-${c}`, c + 1, c);
    list.push(`live-${c}`);
  }
  await createdAgo(7 * DAY, 'week-old', channels + 1, 1);
  await lineup.assetsChanged();
  const setupMs = performance.now() - setupStart;

  const t0 = performance.now();
  const first = await app.inject({ url: '/live/week-old/240p.m3u8' });
  const weekOldFirstMs = performance.now() - t0;
  const t1 = performance.now();
  await app.inject({ url: '/live/week-old/240p.m3u8' });
  const weekOldAgainMs = performance.now() - t1;
  if (first.statusCode !== 200) throw new Error(`week-old playlist: ${first.statusCode} ${first.body}`);

  // The references: one channel's playlist and MPD, as static files of the media origin.
  await mkdir(join(dir, 'media', 'reference'), { recursive: true });
  const playlist = (await app.inject({ url: `/live/${list[0]}/240p.m3u8` })).body;
  const segments = playlist.split('\n').filter((l) => l.startsWith('#EXTINF')).length;
  if (segments < 25) throw new Error(`a measured channel's playlist holds ${segments} segments, not a full window:\n${playlist}`);
  await writeFile(join(dir, 'media', 'reference', 'playlist.m3u8'), playlist);
  await writeFile(join(dir, 'media', 'reference', 'manifest.mpd'), (await app.inject({ url: `/live/${list[0]}/manifest.mpd` })).body);

  const { baseUrl } = await listen(app, { host: '127.0.0.1', port: 0 });
  // Idle: every channel's live output exists; nothing asks for it.
  const cpuBefore = process.cpuUsage();
  await new Promise((r) => setTimeout(r, BENCH_DEFAULTS.idleSeconds * 1000));
  const cpu = process.cpuUsage(cpuBefore);
  const idleCpuMsPerSecond = (cpu.user + cpu.system) / 1000 / BENCH_DEFAULTS.idleSeconds;

  const info: ServerInfo = { baseUrl, channels: list, setupMs, idleCpuMsPerSecond, weekOldFirstMs, weekOldAgainMs, staticPlaylist: '/media/reference/playlist.m3u8', staticMpd: '/media/reference/manifest.mpd' };
  announceAndServe(info, async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
}

async function main(): Promise<void> {
  const duration = positiveArg('duration', BENCH_DEFAULTS.durationSeconds);
  const connections = positiveArg('connections', BENCH_DEFAULTS.connections);
  const tunes = positiveArg('tunes', BENCH_DEFAULTS.tunes);
  const measured: { load?: { info: ServerInfo; r: Record<LoadCase, LoadResult> } } = {};
  await withChildServer<ServerInfo>(fileURLToPath(import.meta.url), { args: process.argv.slice(2) }, async (info) => {
    const o = { durationSeconds: duration, connections, warmupSeconds: BENCH_DEFAULTS.warmupSeconds };
    const hls = await load(info.baseUrl, info.channels.map((id) => `/live/${id}/240p.m3u8`), o);
    const hlsStatic = await load(info.baseUrl, [info.staticPlaylist], o);
    const dash = await load(info.baseUrl, info.channels.map((id) => `/live/${id}/manifest.mpd`), o);
    const dashStatic = await load(info.baseUrl, [info.staticMpd], o);
    console.log(`${info.channels.length} programmed channels (padding, breaks, fallback slate) set up in ${(info.setupMs / 1000).toFixed(1)} s\n`);
    console.log('                                       req/s   p50 ms   p99 ms  errors');
    for (const [label, r] of [['HLS media playlist (cycling over all)', hls], ['  same bytes, static file', hlsStatic], ['DASH MPD (cycling over all)', dash], ['  same bytes, static file', dashStatic]] as const) {
      console.log(`${label.padEnd(38)} ${r.rps.toFixed(0).padStart(6)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}`);
    }
    console.log(`\nHLS playlist / static: ${(hls.rps / hlsStatic.rps).toFixed(2)}; DASH MPD / static: ${(dash.rps / dashStatic.rps).toFixed(2)}`);
    console.log(`idle: the server process used ${info.idleCpuMsPerSecond.toFixed(2)} ms of CPU per second with ${info.channels.length} channels and no viewer (its own timers; the live output runs nothing per channel; goal 0 per channel)`);
    console.log(`first playlist of a channel created 7 days ago: ${info.weekOldFirstMs.toFixed(0)} ms (counting its history), then ${info.weekOldAgainMs.toFixed(1)} ms`);
    measured.load = { info, r: { hls, hlsStatic, dash, dashStatic } };
  });
  // After the load server has gone: the two do not share the cores.
  const skipTune = process.argv.includes('--no-tune');
  const tune = skipTune ? null : await runChildBench(LIVE_TUNE_SCRIPT, ['--tunes', String(tunes)]); // it prints its own figures
  const jsonPath = jsonOutputPath();
  if (jsonPath && measured.load) {
    const { info, r } = measured.load;
    await writeBenchResult(jsonPath, liveResult(info, r, { duration, connections, channels: info.channels.length, tunes }, tune));
  }
  if (!tune && !skipTune) process.exitCode = 1;
}

type LoadCase = 'hls' | 'hlsStatic' | 'dash' | 'dashStatic';

/** The load figures, then live-tune.ts's figures and series as it wrote them (none when it failed). */
function liveResult(info: ServerInfo, r: Record<LoadCase, LoadResult>, params: Record<string, number>, tune: BenchResult | null): BenchResult {
  const pair = (key: string, what: string, route: LoadResult, file: LoadResult) => [
    { id: `${key}-rps`, label: `${what} req/s`, value: finite(route.rps), unit: 'req/s', reference: { label: 'same bytes as a static file', value: finite(file.rps), unit: 'req/s' }, ratio: finite(route.rps / file.rps) },
    { id: `${key}-p99`, label: `${what} p99`, value: finite(route.p99), unit: 'ms', note: 'autocannon, whole ms', reference: { label: 'same bytes as a static file', value: finite(file.p99), unit: 'ms' } },
  ];
  return {
    bench: 'live',
    title: LIVE_TITLE,
    params,
    figures: [
      ...pair('hls', 'HLS media playlist', r.hls, r.hlsStatic),
      ...pair('dash', 'DASH MPD', r.dash, r.dashStatic),
      { id: 'idle-cpu', label: 'server CPU with every channel idle (no viewer), whole process', value: finite(info.idleCpuMsPerSecond), unit: 'ms/s', note: 'the process timers; nothing runs per channel' },
      { id: 'week-old-first', label: 'first playlist of a channel created 7 days ago', value: finite(info.weekOldFirstMs), unit: 'ms' },
      ...(tune?.figures ?? []),
    ],
    ...(tune?.series ? { series: tune.series } : {}),
  };
}

if (process.argv.includes('--serve')) await serve();
else await main();
