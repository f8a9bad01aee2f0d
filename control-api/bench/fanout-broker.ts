// bench:fanout and bench:capacity helper — the server side of the protocol in its own process.
// By default one Aedes broker node (MQTT/TCP on a free loopback port, beacon, chat and reactions on,
// no store); prints {"port":N} on stdout once listening. With --service-url mqtt://127.0.0.1:P, the
// service of a standard broker instead (control-api/src/broker/external/service-node.ts, as npm start
// runs it with STREAMSYNC_BROKER_URL): answers time requests through shared subscriptions and
// publishes the beacon; prints {"ready":true} once subscribed. Stops on SIGTERM.
// Options: --beacon-ms <ms> (default services.time.beaconIntervalMs), --service-url <url>.
import { randomBytes } from 'node:crypto';
import { createBrokerNode } from '../src/broker/broker-node.js';
import { createServiceNode } from '../src/broker/external/service-node.js';
import { makePreciseClock } from '../src/broker/precise-clock.js';
import { loadSettings } from '../src/config/load-settings.js';
import { createDeviceIdentity } from '../src/services/devices/device-identity.js';
import { positiveArg } from './bench-args.js';
import { arg } from './stats.js';

const settings = loadSettings(new URL('../../settings.json', import.meta.url).pathname, {});
const s = settings.services;
const time = { beaconIntervalMs: positiveArg('beacon-ms', s.time.beaconIntervalMs) };
const serviceUrl = arg('service-url', '');
// The bench measures delivery to viewers already connected: its simulated viewers publish far above a
// TV's rate, and connect all at once (admission pacing would only stretch the set-up).
const tuning = { floodRatePerSecond: 10_000, floodBurst: 10_000, reactionsPerClientPerWindow: 10_000, connectRatePerSecond: 1_000_000, connectBurst: 1_000_000 };
const common = {
  time,
  chat: { ...s.chat, minIntervalMs: 0 },
  reactions: s.reactions,
};

let close: () => Promise<void>;
if (serviceUrl) {
  const node = await createServiceNode({
    url: serviceUrl,
    settings: { ...common, mqtt: { ...s.mqtt, serverPassword: 'bench' } },
    now: null,
    store: null,
    devices: createDeviceIdentity(randomBytes(32)),
    clock: makePreciseClock(),
    beacon: true,
    tuning,
  });
  close = () => node.close();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
} else {
  const node = await createBrokerNode({
    settings: { ...common, mqtt: { ...s.mqtt, serverPassword: 'bench', viewerToken: null, redisUrl: process.env.BROKER_REDIS_URL ?? null } },
    now: null, // relay mode: any well-formed channel id is accepted
    beacon: true,
    store: null,
    clock: makePreciseClock(),
    tuning,
  });
  close = () => node.close();
  const port = await node.listenTcp({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}
process.once('SIGTERM', () => {
  void close().finally(() => process.exit(0));
});
