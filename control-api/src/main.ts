// `npm start`: the whole StreamSync TV service in one process. Loads settings.json (+ environment),
// runs the preflight (installs or names the missing system packages), opens the store, resolves the broadcaster key, builds the API and listens; stops cleanly on
// SIGINT/SIGTERM. `--api-only` runs the API alone (for deployments that split the components).
// Logging: one pino root logger from services.log (LOG_LEVEL), a child per component (api, broker,
// store, lineup, preflight, pipeline, tv-app); JSON lines on stdout. Only the start-up summary and the
// preflight's how-to-fix text are plain text, written for the person at the terminal.
//
// Extension points (marked `-- ... --` below), each one short block:
//   1. start broker    — before buildApp: gets `lineup` and `store`, sets `broker`, pushes its stop.
//   2. start pipeline  — after listening: gets `store`, `lineup`, `settings`, pushes its stop.
//   3. serve TV app    — the built app is served by routes/tv-app (registered in app.ts).
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadSettings } from './config/load-settings.js';
import { createLogger, startFailureFields } from './logging/create-logger.js';
import type { Logger } from './contracts/logger.js';
import { openStore } from './store/open-store.js';
import { resolveApiKey } from './api-key.js';
import { buildApp } from './app.js';
import { listen } from './server.js';
import { LineupService } from './services/lineup/index.js';
import { createBrokerNode, type BrokerNode } from './broker/broker-node.js';
import { createServiceNode } from './broker/external/service-node.js';
import type { SyncPublisher } from './app-deps.js';
import { createDeviceIdentity, deviceSecretFrom } from './services/devices/device-identity.js';
import { makePreciseClock } from './broker/precise-clock.js';
import { describePreflightFailure, preflightForStart } from './preflight/index.js';
import { StartupStatus } from './services/startup-status.js';
import { ffmpegSpawner } from './services/live-ts/ffmpeg-spawner.js';
import { mediaToolPaths } from '#pipeline/ffmpeg/runner.js';

const MAIN_DEFAULTS = {
  settingsPath: fileURLToPath(new URL('../../settings.json', import.meta.url)),
  shutdownTimeoutMs: 10_000, // milliseconds before a stuck shutdown gives up
  // milliseconds in which a second signal is the same request arriving twice (a signal to the process
  // group and npm's relay of it both reach this process); a later one means "now", and exits at once
  repeatSignalGraceMs: 2_000,
  /** Until the settings are read: where "could not start" is reported. */
  bootLog: { level: 'info' as const },
};

/** Something to stop on shutdown, in reverse order of start. */
type Stopper = { name: string; stop: () => Promise<void> | void };

async function main(argv: string[]): Promise<void> {
  const apiOnly = argv.includes('--api-only');
  const settings = loadSettings(process.env.STREAMSYNC_SETTINGS ?? MAIN_DEFAULTS.settingsPath);
  const log = createLogger(settings.services.log);
  // Before anything opens or listens: what the running system needs is there, or installed, or we stop.
  const preflightLog = log.child({ component: 'preflight' });
  const preflight = await preflightForStart({ settings, env: process.env, apiOnly, logger: preflightLog });
  if (!preflight.ok) {
    preflightLog.fatal({ code: 'SS_PREFLIGHT_FAILED', problems: preflight.problems, fix: preflight.fix }, 'this machine lacks what StreamSync TV needs');
    // What to do about it, for the person who typed npm start: plain lines, not a JSON record.
    process.stderr.write(`${describePreflightFailure(preflight)}\n`);
    process.exit(1);
  }
  const stoppers: Stopper[] = [];
  let app: FastifyInstance | null = null;
  installShutdown(stoppers, () => app, log);

  const store = await openStore(settings, { logger: log.child({ component: 'store' }) });
  stoppers.push({ name: 'store', stop: () => store.close() });
  const apiKey = await resolveApiKey(settings);
  const lineup = new LineupService({ store, clock: Date.now, logger: log.child({ component: 'lineup' }) });
  await lineup.init();
  stoppers.push({ name: 'lineup', stop: lineup.startVersionPolling() }); // hears other replicas' changes

  // -- start broker (MQTT over TCP, and WS /ws through buildApp; or the service of a standard broker; consumes `lineup`, delivers POST /sync) --
  const s = settings.services;
  const brokerLog = log.child({ component: 'broker' });
  // Device tokens: issued by POST /v1/devices, checked by the broker; both derive them from the key.
  const devices = createDeviceIdentity(deviceSecretFrom(apiKey.key));
  const clock = makePreciseClock();
  const protocolSettings = { mqtt: s.mqtt, time: s.time, chat: s.chat, reactions: s.reactions };
  let broker: BrokerNode | undefined;
  let syncPublisher: SyncPublisher;
  if (s.mqtt.brokerUrl !== null) {
    // A standard broker or cluster (STREAMSYNC_BROKER_URL): this process is its client; TVs connect there.
    const node = await createServiceNode({ url: s.mqtt.brokerUrl, settings: protocolSettings, now: lineup, store, devices, clock, logger: brokerLog });
    stoppers.push({ name: 'broker', stop: () => node.close() });
    syncPublisher = node;
  } else {
    const node = await createBrokerNode({ settings: protocolSettings, now: lineup, store, devices, clock, logger: brokerLog });
    stoppers.push({ name: 'broker', stop: () => node.close() });
    const mqttPort = await node.listenTcp({ host: s.mqtt.host, port: s.mqtt.port });
    brokerLog.info(
      { host: s.mqtt.host, port: mqttPort, ws: '/ws', redis: Boolean(s.mqtt.redisUrl) },
      `MQTT on ${s.mqtt.host}:${mqttPort}, MQTT over WebSocket at /ws${s.mqtt.redisUrl ? ', shared through Redis' : ''}`,
    );
    broker = node;
    syncPublisher = node;
  }

  const startup = new StartupStatus(); // what is still under way after listening: /health shows it
  const apiLog = log.child({ component: 'api' });
  // The MPEG-TS remux runs the same ffmpeg as the pipeline (FFMPEG_PATH, else the one on PATH).
  const liveTs = { spawn: ffmpegSpawner(mediaToolPaths(process.env)) };
  app = await buildApp({ settings, store, apiKey: apiKey.key, devices, lineup, ...(broker ? { broker } : {}), syncPublisher, startup, logger: apiLog, liveTs });
  const { baseUrl } = await listen(app, settings.services.http);
  apiLog.info({ baseUrl }, `until the TV app is built, ${baseUrl}/ shows a page that says it is starting`);

  if (!apiOnly) {
    // -- start pipeline (cron ingest; gets store, lineup, settings) --
    if (settings.services.pipeline.enabled) {
      const { startPipeline } = await import('#pipeline/start.js');
      stoppers.push(await startPipeline({ settings, store, lineup, programming: app.programming, logger: log.child({ component: 'pipeline' }), onDemoStatus: (status) => startup.setDemo(status) }));
    }
  }
  // -- serve TV app: routes/tv-app in app.ts serves tv-app/build at / --
  const tvLog = log.child({ component: 'tv-app' });
  await import('#tv-tools/build.js')
    .then((tv) => tv.buildTvAppIfNeeded({ appDir: tv.DEFAULT_APP_DIR, settingsPath: process.env.STREAMSYNC_SETTINGS ?? MAIN_DEFAULTS.settingsPath, logger: tvLog }))
    .then(() => startup.setTvApp({ state: 'ready', error: null }))
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      startup.setTvApp({ state: 'failed', error: message });
      tvLog.error({ code: 'SS_TV_BUILD_FAILED', err }, `not built: ${message}`);
    });

  log.info({ baseUrl, store: store.kind, apiOnly, apiKeySource: apiKey.source }, 'StreamSync TV is running');
  printBanner({ baseUrl, apiKey, store: store.kind, apiOnly });
}

function printBanner(info: {
  baseUrl: string;
  apiKey: Awaited<ReturnType<typeof resolveApiKey>>;
  store: string;
  apiOnly: boolean;
}): void {
  const { baseUrl, apiKey } = info;
  const lines = [
    `StreamSync TV is running${info.apiOnly ? ' (API only)' : ''} — store: ${info.store}`,
    `  TV app    ${baseUrl}/`,
    `  API docs  ${baseUrl}/docs`,
    `  API       ${baseUrl}/v1/channels   (now: ${baseUrl}/v1/now, EPG: ${baseUrl}/v1/epg)`,
    `  Health    ${baseUrl}/health`,
  ];
  if (apiKey.source === 'generated') {
    lines.push(`  Broadcaster key (generated, stored in ${apiKey.path}):`, `    ${apiKey.key}`);
  } else if (apiKey.source === 'file') {
    lines.push(`  Broadcaster key: in ${apiKey.path}`);
  } else {
    lines.push('  Broadcaster key: from settings (services.apiKey / STREAMSYNC_API_KEY)');
  }
  lines.push('  Mutations need: Authorization: Bearer <broadcaster key>');
  // The one summary for people (URLs to open, where the key is): plain lines, not a log record.
  // The record "StreamSync TV is running" just before it carries the same facts for log tooling.
  process.stdout.write(`${lines.join('\n')}\n`);
}

function installShutdown(stoppers: Stopper[], getApp: () => FastifyInstance | null, log: Logger): void {
  let stoppingSince: number | null = null;
  const shutdown = async (signal: string) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < MAIN_DEFAULTS.repeatSignalGraceMs) {
        log.debug({ signal }, `${signal} again while stopping: the same request (a relay), ignored`);
        return;
      }
      log.error({ signal }, `${signal} again: exiting now`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal }, `${signal}: shutting down`);
    const timer = setTimeout(() => {
      log.error({ code: 'SS_SHUTDOWN_TIMEOUT', timeoutMs: MAIN_DEFAULTS.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, MAIN_DEFAULTS.shutdownTimeoutMs);
    timer.unref();
    const app = getApp();
    const all: Stopper[] = app ? [...stoppers, { name: 'http', stop: () => app.close() }] : stoppers;
    for (const stopper of all.reverse()) {
      try {
        await stopper.stop();
      } catch (err) {
        log.error({ code: 'SS_SHUTDOWN_FAILED', stopper: stopper.name, err }, `${stopper.name} failed to stop`);
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  // The settings may be what failed: a logger with the default level, the same line shape.
  createLogger(MAIN_DEFAULTS.bootLog).fatal(startFailureFields(err, 'SS_START_FAILED'), `StreamSync TV could not start: ${message}`);
  process.exit(1);
});
