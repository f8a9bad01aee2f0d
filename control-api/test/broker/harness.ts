// Starts a real broker for integration tests: a Fastify instance with the broker plugin (WS /ws)
// listening on 127.0.0.1:0 plus MQTT/TCP on port 0, fed by a FakeLineup, on the real clock or a given one,
// with a device identity of its own (the test issues device credentials with it).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { brokerPlugin } from '../../src/broker/plugin.js';
import { createDeviceIdentity, type DeviceIdentity } from '../../src/services/devices/device-identity.js';
import type { BrokerTuning } from '../../src/broker/defaults.js';
import type { Settings } from '../../src/contracts/settings-schema.js';
import { FakeLineup, MemoryChatStore, testSettings } from './helpers.js';

/** What viewers and tests need of a running protocol server, whichever broker carries it. */
export interface ProtocolServer {
  lineup: FakeLineup;
  store: MemoryChatStore;
  /** The server's device identity: issues device credentials, names chat senders. */
  devices: DeviceIdentity;
  settings: Settings;
  tcpUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** The built-in broker (Aedes) in a Fastify app. */
export interface Harness extends ProtocolServer {
  app: FastifyInstance;
  tcpPort: number;
  httpPort: number;
}

export async function startHarness(
  options: {
    programMs?: number;
    settings?: Settings;
    tcpPort?: number;
    httpPort?: number;
    lineup?: FakeLineup;
    store?: MemoryChatStore;
    /** The broker's clock (default: the real one, sub-millisecond). */
    clock?: () => number;
    /** The app's logger (default: none). */
    logger?: FastifyBaseLogger;
    /** Broker constants to override. */
    tuning?: Partial<BrokerTuning>;
    /** Address the broker listens on (default 127.0.0.1). */
    host?: string;
    /** Device identity (default: one with a fresh secret). */
    devices?: DeviceIdentity;
  } = {},
): Promise<Harness> {
  const settings = options.settings ?? testSettings();
  const lineup = options.lineup ?? new FakeLineup(['ch1', 'ch2'], options.programMs ?? 60_000);
  const store = options.store ?? new MemoryChatStore();
  const devices = options.devices ?? createDeviceIdentity(randomBytes(32));
  const app = options.logger ? Fastify({ loggerInstance: options.logger }) : Fastify({ logger: false });
  app.decorate('settings', settings);
  app.decorate('clock', options.clock ?? Date.now);
  await app.register(brokerPlugin, { now: lineup, store, devices, ...(options.tuning ? { tuning: options.tuning } : {}) });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.httpPort ?? 0 });
  const addr = app.server.address();
  const httpPort = typeof addr === 'object' && addr ? addr.port : 0;
  const tcpPort = await app.broker.listenTcp({ host, port: options.tcpPort ?? 0 });
  return {
    app,
    lineup,
    store,
    devices,
    settings,
    tcpPort,
    httpPort,
    tcpUrl: `mqtt://${host}:${tcpPort}`,
    wsUrl: `ws://${host}:${httpPort}/ws`,
    close: () => app.close(),
  };
}
