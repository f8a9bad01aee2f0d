// Runs a broker node alone (no HTTP API): `tsx control-api/src/broker/standalone.ts [--relay]`.
// Default: opens the store and publishes the beacon, lineup and now-playing from it (one such node
// per deployment). With --relay: a node that only serves viewers and shares everything through
// Redis (BROKER_REDIS_URL) with the publishing node. MQTT over TCP only, on services.mqtt.port.
import { resolve } from 'node:path';
import { loadSettings } from '../config/load-settings.js';
import { openStore } from '../store/open-store.js';
import { LineupService } from '../services/lineup/index.js';
import { createBrokerNode } from './broker-node.js';
import { makePreciseClock } from './precise-clock.js';

async function main(): Promise<void> {
  const relay = process.argv.includes('--relay');
  const settings = loadSettings(resolve(process.env.STREAMSYNC_SETTINGS ?? 'settings.json'));
  const s = settings.services;
  if (relay && !s.mqtt.redisUrl) throw new Error('--relay needs BROKER_REDIS_URL (a relay shares everything through Redis)');
  const clock = makePreciseClock();
  const store = relay ? null : await openStore(settings);
  let lineup: LineupService | null = null;
  if (store) {
    lineup = new LineupService({ store, clock: () => Math.round(clock()) });
    await lineup.init();
  }
  const log = (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) =>
    console[level === 'warn' ? 'error' : 'log'](JSON.stringify({ level, message, ...data }));
  const node = await createBrokerNode({
    settings: { mqtt: s.mqtt, time: s.time, chat: s.chat, reactions: s.reactions },
    now: lineup,
    store,
    clock,
    log,
  });
  const port = await node.listenTcp({ host: s.mqtt.host, port: s.mqtt.port });
  log('info', 'broker listening', { host: s.mqtt.host, port, relay, redis: Boolean(s.mqtt.redisUrl) });
  const stop = async () => {
    await node.close();
    await store?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 'error', code: (err as { code?: string }).code ?? 'SS_BROKER_START', message: String(err) }));
  process.exit(1);
});
