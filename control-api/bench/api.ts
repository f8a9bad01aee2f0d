// `npm run bench:api` — load on the lineup API with autocannon on loopback, side by side with a
// static JSON file of the same size served by the same Fastify in the same run (the ratio is the
// figure). The API runs in a child process (as in production); this process only generates load.
//
//   npx tsx control-api/bench/api.ts [--duration 10] [--connections 32] [--channels 50] [--days 7]
//
// Setup: 50 channels x 7 days of explicit schedule (programs of 20-40 minutes) in an embedded store
// in a temp folder. Cases: GET /v1/channels/:id/now (cycling over channels) and GET /v1/epg (a fixed
// 6 h window), each against a static file holding a real response of that route.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { loadSettings } from '../src/config/load-settings.js';
import { buildApp } from '../src/app.js';
import { listen } from '../src/server.js';
import { EmbeddedStore } from '../src/store/embedded-store.js';
import { LineupService } from '../src/services/lineup/index.js';
import type { Asset } from '../src/contracts/lineup.js';
import { finite, jsonOutputPath, sampleFromPercentiles, writeBenchResult, type BenchResult } from './report/bench-result.js';
import { silentLogger } from '../src/contracts/logger.js';
import { positiveArg } from './bench-args.js';

const BENCH_DEFAULTS = {
  durationSeconds: 10, // per case
  connections: 32, // concurrent keep-alive connections
  channels: 50,
  days: 7, // of schedule per channel
  epgWindowMs: 6 * 3_600_000, // milliseconds
  warmupSeconds: 1, // per case, not measured
};
const HOUR = 3_600_000;
const KEY = 'bench-broadcaster-key-0123456789';


interface ServerInfo {
  baseUrl: string;
  channelIds: string[];
  epgQuery: string;
  programs: number;
}

/** Child: builds the lineup, writes the reference files, serves, prints one JSON line. */
async function serve(): Promise<void> {
  const channels = positiveArg('channels', BENCH_DEFAULTS.channels);
  const days = positiveArg('days', BENCH_DEFAULTS.days);
  const dir = await mkdtemp(join(tmpdir(), 'streamsync-bench-'));
  const store = await EmbeddedStore.open({ dataDir: dir, logger: silentLogger() });
  const lineup = new LineupService({ store, clock: Date.now });
  const base = loadSettings(fileURLToPath(new URL('../../settings.json', import.meta.url)), {});
  const settings = { ...base, dataDir: dir, contentDir: dir };
  const staticDir = join(dir, 'static');
  const inMemory = new Map<string, Buffer>();
  const reference = async (app: FastifyInstance) => {
    // The reference: the same bytes as a static file (@fastify/static), and straight from memory.
    await app.register(fastifyStatic, { root: staticDir, prefix: '/bench-static/', decorateReply: false });
    app.get<{ Params: { name: string } }>('/bench-memory/:name', async (request, reply) => {
      const body = inMemory.get(request.params.name);
      if (!body) return reply.code(404).send();
      return reply.type('application/json; charset=utf-8').send(body);
    });
  };
  const app = await buildApp({ settings, store, apiKey: KEY, lineup, plugins: [reference] });

  const assets: Asset[] = [];
  for (let i = 0; i < 8; i++) {
    const id = `bench-asset-${i}`;
    const durationMs = (20 + i * 3) * 60_000;
    assets.push(await lineup.putAsset({
      id, title: `Bench asset ${i}`, description: '', durationMs, renditions: [], dashUrl: `/media/${id}/manifest.mpd`,
      hlsUrl: `/media/${id}/master.m3u8`, posterUrl: `/media/${id}/poster.jpg`, segmentSeconds: 2, status: 'ready', createdAt: 0, updatedAt: 0,
    }));
  }
  const now = Date.now();
  const from = now - (now % HOUR) - 24 * HOUR;
  const to = from + days * 24 * HOUR;
  const channelIds: string[] = [];
  let programs = 0;
  for (let c = 0; c < channels; c++) {
    const ch = await lineup.createChannel({ id: `bench-${c}`, number: c + 1, name: `Bench ${c + 1}` });
    channelIds.push(ch.id);
    const requests = [];
    for (let t = from, i = c; ; i++) {
      const asset = assets[i % assets.length] as Asset;
      if (t + asset.durationMs > to) break;
      requests.push({ assetId: asset.id, startMs: t });
      t += asset.durationMs;
    }
    programs += (await lineup.replaceSchedule(ch.id, from, to, requests)).length;
  }
  const epgFrom = now - (now % HOUR);
  const epgQuery = `from=${epgFrom}&to=${epgFrom + BENCH_DEFAULTS.epgWindowMs}`;
  // Reference files: a real response of each route, as a static file.
  const { mkdir } = await import('node:fs/promises');
  await mkdir(staticDir, { recursive: true });
  for (const [name, url] of [['now.json', `/v1/channels/${channelIds[0]}/now`], ['epg.json', `/v1/epg?${epgQuery}`]] as const) {
    const body = (await app.inject({ url })).rawPayload;
    await writeFile(join(staticDir, name), body);
    inMemory.set(name, body);
  }

  const { baseUrl } = await listen(app, { host: '127.0.0.1', port: 0 });
  const info: ServerInfo = { baseUrl, channelIds, epgQuery, programs };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const stop = async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop()); // the parent went away
  process.stdin.resume();
}

interface CaseResult {
  name: string;
  bytes: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  latencySample: number[]; // ms, interpolated from autocannon's percentiles (for the report's plots)
}

async function load(name: string, url: string, paths: string[], duration: number, connections: number): Promise<CaseResult> {
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  await autocannon({ url, connections, duration: BENCH_DEFAULTS.warmupSeconds, requests });
  const r = await autocannon({ url, connections, duration, requests });
  const sample = await fetch(url + (paths[0] ?? '/'));
  const bytes = (await sample.arrayBuffer()).byteLength;
  const l = r.latency;
  const known: Array<[number, number | undefined]> = [
    [0, l.min], [0.001, l.p0_001], [0.01, l.p0_01], [0.1, l.p0_1], [1, l.p1], [2.5, l.p2_5], [10, l.p10], [25, l.p25], [50, l.p50],
    [75, l.p75], [90, l.p90], [97.5, l.p97_5], [99, l.p99], [99.9, l.p99_9], [99.99, l.p99_99], [99.999, l.p99_999], [100, l.max],
  ];
  const latencySample = sampleFromPercentiles(known.filter((k): k is [number, number] => typeof k[1] === 'number'));
  return { name, bytes, rps: r.requests.average, p50: l.p50, p99: l.p99, errors: r.errors + r.non2xx + r.timeouts, latencySample };
}

async function main(): Promise<void> {
  const duration = positiveArg('duration', BENCH_DEFAULTS.durationSeconds);
  const connections = positiveArg('connections', BENCH_DEFAULTS.connections);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', ...process.argv.slice(2)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    const info = JSON.parse(line) as ServerInfo;
    console.log(`lineup: ${info.channelIds.length} channels, ${info.programs} programs; ${connections} connections, ${duration} s per case\n`);
    const nowPaths = info.channelIds.map((id) => `/v1/channels/${id}/now`);
    const groups: CaseResult[][] = [];
    for (const [label, paths, file] of [
      ['now  GET /v1/channels/:id/now', nowPaths, 'now.json'],
      ['epg  GET /v1/epg (6 h window)', [`/v1/epg?${info.epgQuery}`], 'epg.json'],
    ] as const) {
      groups.push([
        await load(label, info.baseUrl, [...paths], duration, connections),
        await load('     same bytes, static file', info.baseUrl, [`/bench-static/${file}`], duration, connections),
        await load('     same bytes, from memory', info.baseUrl, [`/bench-memory/${file}`], duration, connections),
      ]);
    }
    console.log('case                                bytes     req/s   p50 ms   p99 ms  errors  route/reference');
    for (const [route, ...refs] of groups) {
      if (!route) continue;
      for (const r of [route, ...refs]) {
        const ratio = r === route ? '' : (route.rps / r.rps).toFixed(2);
        console.log(
          `${r.name.padEnd(34)} ${String(r.bytes).padStart(7)} ${r.rps.toFixed(0).padStart(9)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}  ${ratio}`,
        );
      }
    }
    console.log('\ngoal: now >= 20000 req/s, p99 <= 10 ms on 2 cores, route/static file >= 0.8');
    const jsonPath = jsonOutputPath();
    if (jsonPath) await writeBenchResult(jsonPath, apiResult(groups, { duration, connections, channels: info.channelIds.length, programs: info.programs }));
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/** The machine-readable result: per route, its figures against the same bytes as a static file. */
function apiResult(groups: CaseResult[][], params: Record<string, number>): BenchResult {
  const figures: BenchResult['figures'] = [];
  const series: NonNullable<BenchResult['series']> = [];
  for (const [i, key] of (['now', 'epg'] as const).entries()) {
    const [route, file, memory] = groups[i] ?? [];
    if (!route || !file) continue;
    const what = key === 'now' ? 'GET /v1/channels/:id/now' : 'GET /v1/epg (6 h window)';
    const ref = (value: number, unit: string) => ({ reference: { label: 'static file, same bytes', value: finite(value), unit } });
    figures.push(
      { id: `${key}-rps`, label: `${what} throughput`, value: finite(route.rps), unit: 'req/s', ...ref(file.rps, 'req/s'), ...(key === 'now' ? { goal: { op: '>=' as const, value: 20_000 } } : {}) },
      { id: `${key}-rps-vs-static`, label: `${what} req/s, route / static file`, value: finite(route.rps / file.rps), unit: '', goal: { op: '>=', value: 0.8 } },
      { id: `${key}-p50`, label: `${what} latency p50`, value: finite(route.p50), unit: 'ms', note: 'autocannon, whole ms', ...ref(file.p50, 'ms') },
      { id: `${key}-p99`, label: `${what} latency p99`, value: finite(route.p99), unit: 'ms', note: 'autocannon, whole ms', ...ref(file.p99, 'ms'), ...(key === 'now' ? { goal: { op: '<=' as const, value: 10 } } : {}) },
      { id: `${key}-errors`, label: `${what} errors (incl. non-2xx, timeouts)`, value: route.errors, unit: '', goal: { op: '<=', value: 0 } },
    );
    for (const [label, r] of [['route', route], ['static file', file], ['from memory', memory]] as const) {
      if (!r || r.latencySample.length === 0) continue;
      series.push({ kind: 'samples', plot: `${key}-latency`, plotTitle: `API latency, ${what} vs the same bytes (CDF, from autocannon percentiles)`, id: `${key}-${label.replace(' ', '-')}`, label, valueLabel: 'latency', unit: 'ms', values: r.latencySample });
    }
  }
  return { bench: 'api', title: 'Lineup API under load vs a static file of the same size', params, figures, series };
}

if (process.argv.includes('--serve')) {
  serve().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
