// The broker inside the API process: MQTT over WebSocket at WS /ws (binary frames, subprotocol
// "mqtt") on the HTTP server, and `app.broker`. main.ts creates the node (it also opens MQTT over
// TCP) and buildApp serves it with brokerWsRoutes; brokerPlugin creates an app-owned node instead
// (tests, embedding).
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { createWebSocketStream } from 'ws';
import type { FastifyInstance } from 'fastify';
import { createBrokerNode, type BrokerNode } from './broker-node.js';
import { BROKER_DEFAULTS, type BrokerTuning } from './defaults.js';
import { logClientError } from './client-errors.js';
import type { NowSource } from './now-source.js';
import { makePreciseClock } from './precise-clock.js';
import type { LineupStore } from '../contracts/lineup-store.js';
import type { Logger } from '../contracts/logger.js';
import type { DeviceIdentity } from '../services/devices/device-identity.js';

declare module 'fastify' {
  interface FastifyInstance {
    broker: BrokerNode;
  }
}

export interface BrokerPluginOptions {
  /** Lineup port; defaults to the app's `lineup` decorator. */
  now?: NowSource;
  /** Chat history; defaults to the app's `store` decorator. */
  store?: Pick<LineupStore, 'appendChat'>;
  /** The node's logger; defaults to the app's (`app.log`). */
  logger?: Logger;
  /** Device tokens to check; defaults to the app's `devices` decorator (buildApp's, POST /v1/devices). */
  devices?: DeviceIdentity;
  /** Broker constants to override (tests). */
  tuning?: Partial<BrokerTuning>;
}

function lineupOf(app: FastifyInstance): NowSource | null {
  if (!app.hasDecorator('lineup')) return null;
  const candidate = (app as unknown as { lineup?: NowSource }).lineup;
  return candidate && typeof candidate.nowAll === 'function' ? candidate : null;
}

function devicesOf(app: FastifyInstance, options: BrokerPluginOptions): { devices?: DeviceIdentity } {
  if (options.devices) return { devices: options.devices };
  return app.hasDecorator('devices') ? { devices: app.devices } : {};
}

/** Serves an existing broker node at WS /ws and decorates `app.broker` (the node's owner closes it). */
export const brokerWsRoutes = fp<{ node: BrokerNode }>(
  async (app, { node }) => {
    app.decorate('broker', node);
    if (!app.hasDecorator('websocketServer')) {
      await app.register(websocket, {
        options: {
          maxPayload: app.settings.services.mqtt.maxPayloadBytes + BROKER_DEFAULTS.wsFrameOverheadBytes,
          handleProtocols: (protocols: Set<string>) => (protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false),
        },
        // One line at the level the error deserves (client-errors.ts), not an error-level stack per frame.
        errorHandler: (error, socket) => {
          logClientError(app.log, error, { transport: 'ws' });
          socket.terminate();
        },
      });
    }
    app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
      socket.binaryType = 'nodebuffer';
      const stream = createWebSocketStream(socket);
      stream.on('error', () => socket.terminate());
      node.handle(stream, request.raw);
    });
  },
  { name: 'broker-ws' },
);

/** Creates a broker node owned by the app (closed with it) and serves it at WS /ws. */
export const brokerPlugin = fp<BrokerPluginOptions>(
  async (app, options) => {
    const services = app.settings.services;
    // Sub-millisecond stamps for the time service unless a test injected its own clock.
    const clock = app.clock === Date.now ? makePreciseClock() : app.clock;
    const node = await createBrokerNode({
      settings: { mqtt: services.mqtt, time: services.time, chat: services.chat, reactions: services.reactions },
      now: options.now ?? lineupOf(app),
      store: options.store ?? (app.hasDecorator('store') ? app.store : null),
      ...devicesOf(app, options),
      clock,
      logger: options.logger ?? app.log,
      ...(options.tuning ? { tuning: options.tuning } : {}),
    });
    app.addHook('onClose', async () => node.close());
    await app.register(brokerWsRoutes, { node });
  },
  { name: 'broker' },
);
