// Runs a broker node alone (no HTTP API): `tsx control-api/src/broker/standalone.ts [--relay]`.
// Default: opens the store and publishes the beacon, lineup and now-playing from it (one such node
// per deployment). With --relay: a node that only serves viewers and shares everything through
// Redis (BROKER_REDIS_URL) with the publishing node. MQTT over TCP only, on services.mqtt.port.
// Device clients are checked with the broadcaster key's device secret (all nodes and the API need the same key).
// Logs as npm start does: one root logger from services.log (LOG_LEVEL), children per component.
import { resolve } from 'node:path';
import { loadSettings } from '../config/load-settings.js';
import { createLogger, startFailureFields } from '../logging/create-logger.js';
import { openStore } from '../store/open-store.js';
import { LineupService } from '../services/lineup/index.js';
import { resolveApiKey } from '../api-key.js';
import { createDeviceIdentity, deviceSecretFrom } from '../services/devices/device-identity.js';
import { createBrokerNode } from './broker-node.js';
import { makePreciseClock } from './precise-clock.js';

const STANDALONE_DEFAULTS = {
  /** Until the settings are read: where a failure to start is reported. */
  bootLog: { level: 'info' as const },
};

async function main(): Promise<void> {
  const relay = process.argv.includes('--relay');
  const settings = loadSettings(resolve(process.env.STREAMSYNC_SETTINGS ?? 'settings.json'));
  const root = createLogger(settings.services.log);
  const log = root.child({ component: 'broker' });
  const s = settings.services;
  if (relay && !s.mqtt.redisUrl) throw new Error('--relay needs BROKER_REDIS_URL (a relay shares everything through Redis)');
  const clock = makePreciseClock();
  const store = relay ? null : await openStore(settings, { logger: root.child({ component: 'store' }) });
  let lineup: LineupService | null = null;
  if (store) {
    lineup = new LineupService({ store, clock: () => Math.round(clock()), logger: root.child({ component: 'lineup' }) });
    await lineup.init();
  }
  // Device tokens are checked with the secret the API derives from the same broadcaster key
  // (services.apiKey / STREAMSYNC_API_KEY, or the key file of a shared data directory).
  const apiKey = await resolveApiKey(settings);
  const node = await createBrokerNode({
    settings: { mqtt: s.mqtt, time: s.time, chat: s.chat, reactions: s.reactions },
    now: lineup,
    store,
    devices: createDeviceIdentity(deviceSecretFrom(apiKey.key)),
    clock,
    logger: log,
  });
  const port = await node.listenTcp({ host: s.mqtt.host, port: s.mqtt.port });
  log.info({ host: s.mqtt.host, port, relay, redis: Boolean(s.mqtt.redisUrl) }, 'broker listening');
  const stop = async () => {
    await node.close();
    await store?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  // The settings may be what failed: this logger has the default level, same line shape.
  createLogger(STANDALONE_DEFAULTS.bootLog)
    .child({ component: 'broker' })
    .fatal(startFailureFields(err, 'SS_BROKER_START'), `broker could not start: ${String(err)}`);
  process.exit(1);
});
