// Starts the whole system as `npm start` does (control-api/src/main.ts in a child process) on port 0,
// with temp data and content folders seeded with tiny test media and a lineup of looping channels,
// and opens the TV app in Debian's Chromium through playwright-core (tv-browser.ts opens it in any
// engine). Everything is torn down after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadSettings } from '#control-api/config/load-settings.js';
import { openStore } from '#control-api/store/open-store.js';
import type { Asset, Channel } from '#contracts/lineup.js';
import type { ProgrammingRules } from '#contracts/programming.js';
import { createMediaRunner, mediaToolPaths } from '#pipeline/ffmpeg/runner.js';
import { makeLadderAssets, packageWithPipeline, type FixtureAssetSpec, type PipelineSourceSpec } from './ladder-fixture.js';
import { TV_BROWSER_DEFAULTS } from './tv-browser.js';
import { waitPlaying } from './tv-page.js';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export const HARNESS_DEFAULTS = {
  startTimeoutMs: 120_000, // milliseconds for the server to print its URL (includes a TV app build)
  chromiumPath: TV_BROWSER_DEFAULTS.chromiumPath,
  chromiumArgs: TV_BROWSER_DEFAULTS.chromiumArgs,
  viewport: TV_BROWSER_DEFAULTS.viewport, // CSS pixels: the 1920x1080 stage scaled by half
};

export interface SeedChannel {
  id: string;
  number: number;
  name: string;
  /** Asset ids looped in order. */
  loop: string[];
  /** Slot programming taking over from the loop at the time this gives for the seeding's (earlier: it has been on air since). */
  programming?: { rules: ProgrammingRules; collections: Record<string, string[]>; effectiveFromMs: (seededAtMs: number) => number };
}

export interface SystemOptions {
  /** Packaged by the pipeline's ladder builder (ladder-fixture.ts), a tiny two-rung ladder by default. */
  assets: FixtureAssetSpec[];
  /** Sources packaged by the pipeline's worker step (audio languages, text tracks); channels name them by alias. */
  sources?: PipelineSourceSpec[];
  channels: SeedChannel[];
  /** Loop epoch, epoch ms (default: 10 minutes ago). */
  epochMs?: number;
  /** More environment for the server (e.g. a standard broker's STREAMSYNC_BROKER_URL). */
  env?: Record<string, string>;
}

export interface RunningSystem {
  baseUrl: string;
  /** The broadcaster key (Authorization: Bearer) of this system's API. */
  apiKey: string;
  /** The seeded asset documents (as the pipeline built them from its output). */
  assets: Asset[];
  stop(): Promise<void>;
}

/** Writes ready assets, looping channels (from `epochMs`, default 10 minutes ago) and their programming into the store `env` points at. */
export async function seedLineup(env: NodeJS.ProcessEnv, assets: Asset[], channels: SeedChannel[], epochMs?: number): Promise<void> {
  const store = await openStore(loadSettings(join(REPO, 'settings.json'), env));
  try {
    const t = Date.now();
    for (const asset of assets) await store.putAsset(asset);
    const epoch = epochMs ?? t - 600_000;
    for (const c of channels) {
      const channel: Channel = {
        id: c.id, number: c.number, name: c.name, logoUrl: null, group: 'test', enabled: true,
        loop: { epochMs: epoch, items: c.loop.map((assetId) => ({ assetId })) }, createdAt: t, updatedAt: t,
      };
      await store.createChannel(channel);
      if (c.programming) {
        const { rules, collections, effectiveFromMs } = c.programming;
        await store.appendProgrammingVersion({ channelId: c.id, version: 1, effectiveFromMs: effectiveFromMs(t), rules, collections, createdAt: t });
      }
    }
  } finally {
    await store.close();
  }
}

/**
 * Spawns npm start's entry with `env`; `ready` resolves with its base URL once it prints the TV
 * app's URL, and rejects if it exits first or takes too long. `onOutput` sees the output's tail.
 */
export function spawnServer(env: NodeJS.ProcessEnv, onOutput: (tail: string) => void = () => {}): { proc: ChildProcess; ready: Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'control-api/src/main.ts')], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out.slice(-3000)}`)), HARNESS_DEFAULTS.startTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      onOutput(out.slice(-4000));
      const m = /TV app\s+(http:\/\/[^\s/]+)\//.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
  return { proc, ready };
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const root = await mkdtemp(join(tmpdir(), 'ss-tv-system-'));
  const dataDir = join(root, 'data');
  const contentDir = join(root, 'content');
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    STREAMSYNC_DATA_DIR: dataDir,
    STREAMSYNC_CONTENT_DIR: contentDir,
    STREAMSYNC_PIPELINE: 'false',
    STREAMSYNC_API_KEY: 'test-broadcaster-key-0123456789abcdef',
    ...options.env,
  };
  let child: ChildProcess | null = null;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    const runner = createMediaRunner(mediaToolPaths(process.env));
    const assets = (await makeLadderAssets(runner, join(contentDir, 'media'), options.assets)).map((made) => made.asset);
    const packaged = await packageWithPipeline(runner, contentDir, options.sources ?? []);
    assets.push(...packaged.values());
    const channels = options.channels.map((c) => ({ ...c, loop: c.loop.map((id) => packaged.get(id)?.id ?? id) }));
    await seedLineup(env, assets, channels, options.epochMs);

    const server = spawnServer(env);
    child = server.proc;
    const baseUrl = await server.ready;
    return { baseUrl, apiKey: env.STREAMSYNC_API_KEY, assets, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * One system and one TV on it, for a describe block: in its `before`, the system starts, `prepare` runs
 * (broadcaster calls), and the TV boots and plays channel 1; its `after` closes both.
 */
export function oneTvOnSystem(options: SystemOptions, prepare?: (system: RunningSystem) => Promise<void>): { readonly system: RunningSystem; readonly page: Page } {
  const made: { system?: RunningSystem; browser?: Browser; page?: Page } = {};
  before(async () => {
    made.system = await startSystem(options);
    await prepare?.(made.system);
    made.browser = await openBrowser();
    made.page = await openTv(made.browser, made.system.baseUrl);
    await waitPlaying(made.page, 1, 30_000);
  });
  after(async () => {
    await made.browser?.close();
    await made.system?.stop();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the system is not started (use it inside a test)');
    return v;
  };
  return {
    get system() {
      return need(made.system);
    },
    get page() {
      return need(made.page);
    },
  };
}

export async function openBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: HARNESS_DEFAULTS.chromiumPath, args: HARNESS_DEFAULTS.chromiumArgs });
}

/** A broadcaster's request to the system's API, with its key: the reply's JSON (null for 204); an error status throws with the reply. */
export async function broadcasterApi(system: Pick<RunningSystem, 'baseUrl' | 'apiKey'>, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${system.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${system.apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : null,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

export async function openTv(browser: Browser, baseUrl: string, options: { beforeGoto?: (page: Page) => Promise<void>; query?: string } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: HARNESS_DEFAULTS.viewport });
  await options.beforeGoto?.(page);
  await page.goto(`${baseUrl}/${options.query ?? ''}`);
  return page;
}
