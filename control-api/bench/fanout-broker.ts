// bench:fanout helper — one Aedes broker node in its own process (MQTT/TCP on a free loopback
// port, beacon at services.time.beaconIntervalMs, chat and reactions on, no store). Prints
// {"port":N} on stdout once listening; stops on SIGTERM.
import { createBrokerNode } from '../src/broker/broker-node.js';
import { makePreciseClock } from '../src/broker/precise-clock.js';
import { loadSettings } from '../src/config/load-settings.js';

const settings = loadSettings(new URL('../../settings.json', import.meta.url).pathname, {});
const s = settings.services;
const node = await createBrokerNode({
  settings: {
    mqtt: { ...s.mqtt, serverPassword: 'bench', viewerToken: null, redisUrl: process.env.BROKER_REDIS_URL ?? null },
    time: s.time,
    chat: { ...s.chat, minIntervalMs: 0 },
    reactions: s.reactions,
  },
  now: null, // relay mode: any well-formed channel id is accepted
  beacon: true,
  store: null,
  clock: makePreciseClock(),
  // The bench measures delivery to viewers already connected: its simulated viewers publish far above a
  // TV's rate, and connect all at once (admission pacing would only stretch the set-up).
  tuning: { floodRatePerSecond: 10_000, floodBurst: 10_000, reactionsPerClientPerWindow: 10_000, connectRatePerSecond: 1_000_000, connectBurst: 1_000_000 },
});
const port = await node.listenTcp({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.once('SIGTERM', () => {
  void node.close().finally(() => process.exit(0));
});
