// The whole system (npm start's entry in a child process, port 0, temp data and content) for the
// fault scenarios: it can be stopped and started again on the same port with the same data (an API
// restart, the in-process broker with it), seeds multi-rung media, and edits the lineup through
// the API. Plus viewer helpers: true sync error against the API's schedule, and a broker
// connection that the test can drop and refuse (a broker restart as a viewer sees it).
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import type { Asset } from '#contracts/lineup.js';
import { createMediaRunner, mediaToolPaths } from '#pipeline/ffmpeg/runner.js';
import type { Evaluates } from './tv-browser.js';
import { HARNESS_DEFAULTS, seedLineup, spawnServer } from './system-harness.js';
import { awaitsRecovery } from './sync-bound.js';
import { makeLadderAssets, type FixtureAssetSpec } from './ladder-fixture.js';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export const SCENARIO_DEFAULTS = {
  apiKey: 'scenario-broadcaster-key-0123456789abcdef',
  stopGraceMs: 5_000, // milliseconds before SIGKILL
};

export interface ScenarioOptions {
  /** Packaged by the pipeline's ladder builder (ladder-fixture.ts), a tiny two-rung ladder by default. */
  assets: FixtureAssetSpec[];
  /** Looping channels seeded in the store. */
  loops: Array<{ id: string; number: number; name: string; loop: string[] }>;
  epochMs?: number;
}

export interface ApiProgramLite {
  id: string;
  assetId: string;
  startMs: number;
  endMs: number;
  inMs: number;
  dashUrl: string;
}

export class ScenarioSystem {
  private child: ChildProcess | null = null;
  private output = '';
  private port = 0;
  baseUrl = '';
  /** The seeded asset documents (as the pipeline built them from its output). */
  assets: Asset[] = [];
  /** The last restart: how long the old process took to exit and the new one to serve, ms. */
  lastRestart: { stopMs: number; startMs: number; output: string } | null = null;

  private constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(options: ScenarioOptions): Promise<ScenarioSystem> {
    const root = await mkdtemp(join(tmpdir(), 'ss-tv-scenario-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env, HOST: '127.0.0.1', MQTT_PORT: '0', STREAMSYNC_DATA_DIR: join(root, 'data'), STREAMSYNC_CONTENT_DIR: join(root, 'content'),
      STREAMSYNC_PIPELINE: 'false', STREAMSYNC_API_KEY: SCENARIO_DEFAULTS.apiKey,
    };
    const system = new ScenarioSystem(root, env);
    try {
      await system.seed(options);
      await system.launch();
      return system;
    } catch (err) {
      await system.stop();
      throw err;
    }
  }

  private async seed(options: ScenarioOptions): Promise<void> {
    const mediaDir = join(this.root, 'content', 'media');
    const runner = createMediaRunner(mediaToolPaths(process.env));
    this.assets = (await makeLadderAssets(runner, mediaDir, options.assets)).map((made) => made.asset);
    await seedLineup(this.env, this.assets, options.loops, options.epochMs);
  }

  /** Starts the server (first on port 0, later on the port it got) and waits for its banner. */
  private async launch(): Promise<void> {
    const server = spawnServer({ ...this.env, PORT: String(this.port) }, (tail) => (this.output = tail));
    this.child = server.proc;
    this.output = '';
    this.baseUrl = await server.ready;
    this.port = Number(new URL(this.baseUrl).port);
  }

  /** Stops the server process (SIGTERM, then SIGKILL after a grace period). */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_DEFAULTS.stopGraceMs);
    await exited;
    clearTimeout(timer);
  }

  /** An API restart: the process goes away for `downMs`, then starts again on the same port and data. */
  async restart(options: { downMs: number }): Promise<void> {
    const t0 = Date.now();
    await this.kill();
    const stopMs = Date.now() - t0;
    const output = this.output;
    await new Promise((r) => setTimeout(r, options.downMs));
    const before = this.baseUrl;
    const t1 = Date.now();
    await this.launch();
    this.lastRestart = { stopMs, startMs: Date.now() - t1, output };
    if (this.baseUrl !== before) throw new Error(`restarted on ${this.baseUrl}, not ${before}`);
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.root, { recursive: true, force: true });
  }

  /** A broadcaster call to the API; throws on a non-2xx answer. */
  async api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${SCENARIO_DEFAULTS.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** The channel's programs over [now - 1 min, now + 10 min). */
  async programs(channelId: string): Promise<ApiProgramLite[]> {
    const t = Date.now();
    const body = await this.api<{ programs: ApiProgramLite[] }>('GET', `/v1/channels/${channelId}/schedule?from=${t - 60_000}&to=${t + 600_000}`);
    return body.programs;
  }
}

// ------------------------------------------------------------------------------------------ viewers

type Target = Evaluates; // a playwright Page or Frame, or a TvPage of any engine

export interface ViewerClock {
  currentTime: number;
  paused: boolean;
  readyState: number;
  wallMs: number;
  programId: string | null;
  mediaUrl: string | null;
  /** The app's estimate of the server's time, read in the same task (null before it has one). */
  serverNowMs: number | null;
}

/** The viewer's <video> clock and what it says it plays, read in one task with the host wall clock. */
export async function viewerClock(target: Target): Promise<ViewerClock | null> {
  return target.evaluate(() => {
    // The player on air (two players take turns at program boundaries).
    const v = document.querySelector<HTMLVideoElement>('video[data-on-air]') ?? document.querySelector('video');
    const tv = (window as unknown as { streamsyncTv?: { state: () => { program: { id: string } | null; mediaUrl: string | null; serverNowMs?: number | null } } }).streamsyncTv;
    if (!v || !tv) return null;
    const s = tv.state();
    return {
      currentTime: v.currentTime, paused: v.paused, readyState: v.readyState, wallMs: Date.now(),
      programId: s.program?.id ?? null, mediaUrl: s.mediaUrl, serverNowMs: s.serverNowMs ?? null,
    };
  });
}

/** The page's wall clock (the server's: same machine) and the monotonic clock the app's clock runs on. */
export interface HostClocks {
  wallMs: number;
  monotonicMs: number;
}

export async function hostClocks(target: Target): Promise<HostClocks> {
  return target.evaluate(() => ({ wallMs: Date.now(), monotonicMs: performance.timeOrigin + performance.now() }));
}

/**
 * How fast the wall clock ran against the monotonic clock between two readings (ppm). Not 0 where
 * the machine's clock is being slewed or stepped (a VM catching up with its host): the server
 * (wall clock) then drifts against every viewer on the machine by that much, on top of a
 * simulated drift.
 */
export function wallAgainstMonotonicPpm(from: HostClocks, to: HostClocks): number {
  return ((to.wallMs - from.wallMs) / (to.monotonicMs - from.monotonicMs) - 1) * 1e6;
}

/**
 * |media clock − schedule| in ms against the API's programs, using the host's wall clock (the
 * server's clock: same machine), never the viewer's (possibly skewed) one. Null when the viewer is
 * not playing the program on air (a boundary, a join).
 */
export function trueErrorMs(clock: ViewerClock | null, programs: ApiProgramLite[]): number | null {
  if (!clock || clock.paused || clock.readyState < 2) return null;
  const p = programs.find((x) => clock.wallMs >= x.startMs && clock.wallMs < x.endMs);
  if (!p || p.id !== clock.programId || !(clock.mediaUrl ?? '').endsWith(p.dashUrl)) return null;
  return (clock.currentTime - (p.inMs + clock.wallMs - p.startMs) / 1000) * 1000;
}

/**
 * Samples the true error every `everyMs` for `forMs`; returns the samples (nulls left out), how many
 * were null, and beside each sample the error of the app's clock estimate (estimated server time −
 * host wall clock, ms; NaN without an estimate), which tells a clock fault from a playback one.
 */
/**
 * True-error samples every `everyMs` for `forMs`; with `boundMs`, sampled on while the window ends
 * inside a disturbance that may still recover (awaitsRecovery).
 */
export async function sampleErrors(target: Target, programs: () => ApiProgramLite[], options: { forMs: number; everyMs: number; boundMs?: number }): Promise<{ errors: number[]; clockErrors: number[]; misses: number }> {
  const errors: number[] = [];
  const clockErrors: number[] = [];
  let misses = 0;
  const until = Date.now() + options.forMs;
  const bound = options.boundMs;
  while (Date.now() < until || (bound !== undefined && awaitsRecovery(errors, bound))) {
    const clock = await viewerClock(target);
    const e = trueErrorMs(clock, programs());
    if (e === null) misses++;
    else {
      errors.push(e);
      clockErrors.push(clock?.serverNowMs != null ? clock.serverNowMs - clock.wallMs : Number.NaN);
    }
    await new Promise((r) => setTimeout(r, options.everyMs));
  }
  return { errors, clockErrors, misses };
}

/** Counts the <video>'s `waiting` events (rebuffering) and marks the document, so a reload shows. */
export async function installWatch(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __ssWatch?: { waiting: number; bootedAt: number } };
    w.__ssWatch = { waiting: 0, bootedAt: Date.now() };
    document.addEventListener('waiting', () => {
      if (w.__ssWatch) w.__ssWatch.waiting++;
    }, true);
  });
}

export async function watchOf(target: Target): Promise<{ waiting: number; bootedAt: number }> {
  return target.evaluate(() => {
    const w = window as unknown as { __ssWatch?: { waiting: number; bootedAt: number } };
    return w.__ssWatch ?? { waiting: -1, bootedAt: -1 };
  });
}

/**
 * The viewer's MQTT-over-WebSocket connection through a switch: `restart()` closes every broker
 * connection (1012, service restart) and refuses new ones for `downMs`, then lets them through.
 */
export class BrokerSwitch {
  private up = true;
  private readonly sockets = new Set<WebSocketRoute>();
  connections = 0;

  async install(page: Page): Promise<void> {
    await page.routeWebSocket(/\/ws$/, (ws) => {
      if (!this.up) {
        void ws.close({ code: 1012, reason: 'broker restarting' });
        return;
      }
      this.connections++;
      ws.connectToServer();
      this.sockets.add(ws);
      ws.onClose(() => this.sockets.delete(ws));
    });
  }

  async restart(downMs: number): Promise<void> {
    this.up = false;
    for (const ws of [...this.sockets]) await ws.close({ code: 1012, reason: 'broker restarting' });
    this.sockets.clear();
    await new Promise((r) => setTimeout(r, downMs));
    this.up = true;
  }
}

export async function openViewer(browser: Browser, baseUrl: string, options: { query?: string; before?: (page: Page) => Promise<void> } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: HARNESS_DEFAULTS.viewport });
  await installWatch(page);
  await options.before?.(page);
  await page.goto(`${baseUrl}/${options.query ?? ''}`);
  return page;
}
