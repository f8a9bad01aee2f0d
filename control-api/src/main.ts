// `npm start`: the whole StreamSync TV service in one process. Loads settings.json (+ environment),
// runs the preflight (installs or names the missing system packages), opens the store, resolves the broadcaster key, builds the API and listens; stops cleanly on
// SIGINT/SIGTERM. `--api-only` runs the API alone (for deployments that split the components).
//
// Extension points (marked `-- ... --` below), each one short block:
//   1. start broker    — before buildApp: gets `lineup` and `store`, sets `broker`, pushes its stop.
//   2. start pipeline  — after listening: gets `store`, `lineup`, `settings`, pushes its stop.
//   3. serve TV app    — the built app is served by routes/tv-app (registered in app.ts).
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadSettings } from './config/load-settings.js';
import { openStore } from './store/open-store.js';
import { resolveApiKey } from './api-key.js';
import { buildApp } from './app.js';
import { listen } from './server.js';
import { LineupService } from './services/lineup/index.js';
import { createBrokerNode } from './broker/broker-node.js';
import { makePreciseClock } from './broker/precise-clock.js';
import { describePreflightFailure, preflightForStart } from './preflight/index.js';
import { StartupStatus } from './services/startup-status.js';

const MAIN_DEFAULTS = {
  settingsPath: fileURLToPath(new URL('../../settings.json', import.meta.url)),
  shutdownTimeoutMs: 10_000, // milliseconds before a stuck shutdown gives up
};

/** Something to stop on shutdown, in reverse order of start. */
type Stopper = { name: string; stop: () => Promise<void> | void };

async function main(argv: string[]): Promise<void> {
  const apiOnly = argv.includes('--api-only');
  const settings = loadSettings(process.env.STREAMSYNC_SETTINGS ?? MAIN_DEFAULTS.settingsPath);
  // Before anything opens or listens: what the running system needs is there, or installed, or we stop.
  const preflight = await preflightForStart({ settings, env: process.env, apiOnly, log: (line) => console.log(`[preflight] ${line}`) });
  if (!preflight.ok) {
    console.error(describePreflightFailure(preflight));
    process.exit(1);
  }
  const stoppers: Stopper[] = [];
  let app: FastifyInstance | null = null;
  installShutdown(stoppers, () => app);

  const store = await openStore(settings, { onWarning: (message) => console.warn(`[store] ${message}`) });
  stoppers.push({ name: 'store', stop: () => store.close() });
  const apiKey = await resolveApiKey(settings);
  const lineup = new LineupService({ store, clock: Date.now, onListenerError: (err) => console.error('[lineup] listener failed', err) });
  await lineup.init();
  stoppers.push({ name: 'lineup', stop: lineup.startVersionPolling() }); // hears other replicas' changes

  // -- start broker (MQTT over TCP, and WS /ws through buildApp; consumes `lineup`, delivers POST /sync) --
  const s = settings.services;
  const broker = await createBrokerNode({
    settings: { mqtt: s.mqtt, time: s.time, chat: s.chat, reactions: s.reactions },
    now: lineup,
    store,
    clock: makePreciseClock(),
    log: (level, message, data) => (level === 'warn' ? console.warn : console.log)(`[broker] ${message}`, data ?? ''),
  });
  stoppers.push({ name: 'broker', stop: () => broker.close() });
  const mqttPort = await broker.listenTcp({ host: s.mqtt.host, port: s.mqtt.port });
  console.log(`[broker] MQTT on ${s.mqtt.host}:${mqttPort}, MQTT over WebSocket at /ws${s.mqtt.redisUrl ? ', shared through Redis' : ''}`);

  const startup = new StartupStatus(); // what is still under way after listening: /health shows it
  app = await buildApp({ settings, store, apiKey: apiKey.key, lineup, broker, startup, logger: { level: 'warn' } });
  const { baseUrl } = await listen(app, settings.services.http);
  console.log(`[http] listening on ${baseUrl}; until the TV app is built, ${baseUrl}/ shows a page that says it is starting`);

  if (!apiOnly) {
    // -- start pipeline (cron ingest; gets store, lineup, settings) --
    if (settings.services.pipeline.enabled) {
      const { startPipeline } = await import('#pipeline/start.js');
      stoppers.push(await startPipeline({ settings, store, lineup, onDemoStatus: (status) => startup.setDemo(status) }));
    }
  }
  // -- serve TV app: routes/tv-app in app.ts serves tv-app/build at / --
  await import('#tv-tools/build.js')
    .then((tv) => tv.buildTvAppIfNeeded({ appDir: tv.DEFAULT_APP_DIR, settingsPath: process.env.STREAMSYNC_SETTINGS ?? MAIN_DEFAULTS.settingsPath, log: (line) => console.log(`[tv-app] ${line}`) }))
    .then(() => startup.setTvApp({ state: 'ready', error: null }))
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      startup.setTvApp({ state: 'failed', error: message });
      console.error(`[tv-app] not built: ${message}`);
    });

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
  console.log(lines.join('\n'));
}

function installShutdown(stoppers: Stopper[], getApp: () => FastifyInstance | null): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      console.error('shutdown timed out');
      process.exit(1);
    }, MAIN_DEFAULTS.shutdownTimeoutMs);
    timer.unref();
    const app = getApp();
    const all: Stopper[] = app ? [...stoppers, { name: 'http', stop: () => app.close() }] : stoppers;
    for (const stopper of all.reverse()) {
      try {
        await stopper.stop();
      } catch (err) {
        console.error(`[shutdown] ${stopper.name} failed`, err);
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  console.error(`StreamSync TV could not start: ${message}`);
  process.exit(1);
});
