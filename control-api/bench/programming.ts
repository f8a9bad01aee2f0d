// `npm run bench:programming` — the programming engine at broadcaster scale: 1,000 channels with slot
// programming (200-item collections, padding to the clock, breaks, a fallback slate) in four time
// zones. Time and memory to answer the guide for 6 h of all channels (first answer, then warm), one
// channel's 7 days and a window 90 days ahead; then GET /v1/channels/:id/now under load (autocannon)
// over the programmed channels, side by side with an explicit-schedule channel in the same run.
//
//   npx tsx control-api/bench/programming.ts [--channels 1000] [--items 200] [--duration 5] [--connections 32]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../src/config/load-settings.js';
import { buildApp } from '../src/app.js';
import { listen } from '../src/server.js';
import { EmbeddedStore } from '../src/store/embedded-store.js';
import { LineupService } from '../src/services/lineup/index.js';
import type { Asset } from '../src/contracts/lineup.js';
import type { Slot } from '../src/contracts/programming.js';
import { silentLogger } from '../src/contracts/logger.js';
import { positiveArg } from './bench-args.js';
import { announceAndServe, withChildServer } from './child-server.js';
import { load, type LoadResult } from './load.js';
import { finite, jsonOutputPath, writeBenchResult, type BenchResult } from './report/bench-result.js';

const BENCH_DEFAULTS = {
  channels: 1000,
  items: 200, // per show collection and per filler collection
  durationSeconds: 5, // per load case
  connections: 32, // concurrent keep-alive connections
  warmupSeconds: 1, // per load case, not measured
};
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const KEY = 'bench-broadcaster-key-0123456789';
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];
const EVERY_DAY: Slot['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];


interface Timed {
  ms: number;
  heapMb: number;
  airings: number;
}

interface ServerInfo {
  baseUrl: string;
  programmed: string[];
  explicit: string;
  setupMs: number;
  epgCold: Timed;
  epgWarm: Timed;
  week: Timed;
  ahead90: Timed;
}

const heapMb = () => process.memoryUsage().heapUsed / 1_048_576;

async function timed(run: () => Promise<number>): Promise<Timed> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = heapMb();
  const start = performance.now();
  const airings = await run();
  const ms = performance.now() - start;
  return { ms, heapMb: heapMb() - before, airings };
}

function asset(id: string, durationMs: number): Asset {
  return {
    id, title: id, description: '', durationMs, renditions: [], dashUrl: `/media/${id}/manifest.mpd`, hlsUrl: `/media/${id}/master.m3u8`,
    posterUrl: null, segmentSeconds: 2, status: 'ready', createdAt: 0, updatedAt: 0,
  };
}

/** Child: builds the lineup, measures the guide in process, then serves and prints one JSON line. */
async function serve(): Promise<void> {
  const channels = positiveArg('channels', BENCH_DEFAULTS.channels);
  const items = positiveArg('items', BENCH_DEFAULTS.items);
  const dir = await mkdtemp(join(tmpdir(), 'streamsync-bench-programming-'));
  const store = await EmbeddedStore.open({ dataDir: dir, logger: silentLogger() });
  const lineup = new LineupService({ store, clock: Date.now });
  const base = loadSettings(fileURLToPath(new URL('../../settings.json', import.meta.url)), {});
  const app = await buildApp({ settings: { ...base, dataDir: dir, contentDir: dir }, store, apiKey: KEY, lineup });
  const setupStart = performance.now();

  const ids = (prefix: string) => Array.from({ length: items }, (_, i) => `${prefix}${i}`);
  for (const [i, id] of ids('show').entries()) await lineup.putAsset(asset(id, (1 + ((i * 37) % 60)) * MIN + ((i * 7919) % 60_000)));
  for (const [i, id] of ids('promo').entries()) await lineup.putAsset(asset(id, (5 + ((i * 11) % 36)) * 1000));
  for (const [i, id] of ids('ad').entries()) await lineup.putAsset(asset(id, (10 + ((i * 13) % 21)) * 1000));
  await lineup.putAsset(asset('slate', 30_000));
  await lineup.putAsset(asset('feature', HOUR));
  const rotate = (list: string[], by: number) => [...list.slice(by % list.length), ...list.slice(0, by % list.length)];
  for (let k = 0; k < 10; k++) await app.programming.createCollection({ id: `shows-${k}`, name: `Shows ${k}`, items: rotate(ids('show'), k * 17) });
  await app.programming.createCollection({ id: 'promos', name: 'Promos', items: ids('promo') });
  await app.programming.createCollection({ id: 'ads', name: 'Ads', items: ids('ad') });

  const programmed: string[] = [];
  for (let c = 0; c < channels; c++) {
    const channel = await lineup.createChannel({ id: `prog-${c}`, number: c + 1, name: `Programmed ${c + 1}` });
    programmed.push(channel.id);
    await app.programming.putProgramming(channel.id, {
      timeZone: ZONES[c % ZONES.length] as string,
      slots: [
        { days: EVERY_DAY, start: '06:00', collection: `shows-${c % 10}` },
        { days: ['sat', 'sun'], start: '12:00', collection: `shows-${(c + 3) % 10}`, order: 'shuffle' },
        { days: EVERY_DAY, start: '20:00', collection: `shows-${(c + 5) % 10}`, order: 'random' },
      ],
      padTo: { minutes: 30, filler: 'promos' },
      breaks: { everyMinutes: 15, filler: 'ads', maxSeconds: 120 },
      fallback: 'slate',
    });
  }
  // The reference: an explicit-schedule channel, 7 days of 20-40 minute programs placed one by one.
  const explicit = await lineup.createChannel({ id: 'explicit', number: channels + 1, name: 'Explicit' });
  const now = Date.now();
  const requests = [];
  for (let t = now - DAY, i = 0; t < now + 6 * DAY; i++) {
    requests.push({ assetId: 'feature', startMs: t, durationMs: (20 + (i % 21)) * MIN });
    t += (20 + (i % 21)) * MIN;
  }
  await lineup.replaceSchedule(explicit.id, now - DAY, now + 7 * DAY, requests);
  const setupMs = performance.now() - setupStart;

  const epgOf = async (from: number, to: number) => (await lineup.epg(from, to)).reduce((n, c) => n + c.programs.length, 0);
  const epgCold = await timed(() => epgOf(now, now + 6 * HOUR));
  const epgWarm = await timed(() => epgOf(now, now + 6 * HOUR));
  const week = await timed(async () => (await lineup.window(programmed[1] as string, now, now + 7 * DAY))?.length ?? 0);
  const ahead90 = await timed(async () => (await lineup.window(programmed[2] as string, now + 90 * DAY, now + 90 * DAY + 6 * HOUR))?.length ?? 0);

  const { baseUrl } = await listen(app, { host: '127.0.0.1', port: 0 });
  const info: ServerInfo = { baseUrl, programmed, explicit: explicit.id, setupMs, epgCold, epgWarm, week, ahead90 };
  announceAndServe(info, async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
}

async function main(): Promise<void> {
  const duration = positiveArg('duration', BENCH_DEFAULTS.durationSeconds);
  const connections = positiveArg('connections', BENCH_DEFAULTS.connections);
  await withChildServer<ServerInfo>(fileURLToPath(import.meta.url), { nodeArgs: ['--expose-gc'], args: process.argv.slice(2) }, async (info) => {
    const show = (label: string, t: Timed) => console.log(`${label.padEnd(44)} ${t.ms.toFixed(1).padStart(9)} ms ${t.heapMb.toFixed(1).padStart(8)} MB ${String(t.airings).padStart(9)} airings`);
    console.log(`${info.programmed.length} programmed channels (4 time zones, 200-item collections, padding, breaks) set up in ${(info.setupMs / 1000).toFixed(1)} s\n`);
    show('GET /v1/epg 6 h, all channels, first answer', info.epgCold);
    show('GET /v1/epg 6 h, all channels, again', info.epgWarm);
    show('one channel, 7 days', info.week);
    show('one channel, 6 h window 90 days ahead', info.ahead90);
    const loadOptions = { durationSeconds: duration, connections, warmupSeconds: BENCH_DEFAULTS.warmupSeconds };
    const programmed = await load(info.baseUrl, info.programmed.map((id) => `/v1/channels/${id}/now`), loadOptions);
    const explicit = await load(info.baseUrl, [`/v1/channels/${info.explicit}/now`], loadOptions);
    console.log('\nGET /v1/channels/:id/now            req/s   p50 ms   p99 ms  errors');
    for (const [label, r] of [['programmed (cycling over all)', programmed], ['explicit schedule (reference)', explicit]] as const) {
      console.log(`${label.padEnd(32)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}`);
    }
    const ratio = programmed.rps / explicit.rps;
    console.log(`\nprogrammed / explicit: ${ratio.toFixed(2)} (goal >= 0.8); programmed p99 ${programmed.p99} ms (goal <= 10)`);
    const jsonPath = jsonOutputPath();
    if (jsonPath) await writeBenchResult(jsonPath, programmingResult(info, programmed, explicit, { duration, connections, channels: info.programmed.length }));
  });
}

function programmingResult(info: ServerInfo, programmed: LoadResult, explicit: LoadResult, params: Record<string, number>): BenchResult {
  const timedFigures = ([['epg-6h-first', 'guide 6 h, all channels, first answer', info.epgCold], ['epg-6h-warm', 'guide 6 h, all channels, again', info.epgWarm], ['week-one-channel', 'one channel, 7 days', info.week], ['ahead-90-days', 'one channel, 6 h 90 days ahead', info.ahead90]] as const).flatMap(
    ([id, label, t]) => [
      { id: `${id}-ms`, label, value: finite(t.ms), unit: 'ms' },
      { id: `${id}-heap`, label: `${label}, heap growth`, value: finite(t.heapMb), unit: 'MB' },
    ],
  );
  return {
    bench: 'programming',
    title: 'Programming engine: guide windows and now at 1,000 programmed channels',
    params,
    figures: [
      ...timedFigures,
      {
        id: 'now-rps',
        label: 'GET /now req/s, programmed channels',
        value: finite(programmed.rps),
        unit: 'req/s',
        reference: { label: 'explicit-schedule channel', value: finite(explicit.rps), unit: 'req/s' },
        ratio: finite(programmed.rps / explicit.rps),
      },
      { id: 'now-rps-ratio', label: 'GET /now req/s, programmed / explicit-schedule channel', value: finite(programmed.rps / explicit.rps), unit: '', goal: { op: '>=', value: 0.8 } },
      { id: 'now-p99', label: 'GET /now p99, programmed channels', value: finite(programmed.p99), unit: 'ms', goal: { op: '<=', value: 10 }, reference: { label: 'explicit-schedule channel', value: finite(explicit.p99), unit: 'ms' } },
    ],
  };
}

if (process.argv.includes('--serve')) await serve();
else await main();
