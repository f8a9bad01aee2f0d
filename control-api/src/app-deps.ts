// What buildApp needs, passed in (no module singletons). Also types the Fastify decorators.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { Settings } from './contracts/settings-schema.js';
import type { LineupStore } from './contracts/lineup-store.js';
import type { LineupConfig, LineupService } from './services/lineup/index.js';
import type { ProgrammingService } from './services/programming/programming-service.js';
import type { BrokerNode } from './broker/broker-node.js';
import type { StartupStatus } from './services/startup-status.js';
import type { LiveTsOptions } from './routes/live-ts/index.js';
import type { LiveService } from './services/live/live-service.js';
import type { DeviceIdentity } from './services/devices/device-identity.js';

/** Delivers `control/sync` to clients (the broker supplies it). */
export interface SyncPublisher {
  publishSync(channelId?: string): void;
}

export interface AppOptions {
  settings: Settings;
  store: LineupStore;
  /** The broadcaster key every mutation needs (Bearer). */
  apiKey: string;
  /** Server clock, epoch milliseconds. Tests pass a fake one. */
  clock?: () => number;
  /**
   * The API's logger (main.ts: the root logger's `{ component: 'api' }` child), Fastify's
   * `loggerInstance`: `app.log` and every `request.log` are its children. None: nothing is logged (tests).
   */
  logger?: FastifyBaseLogger;
  /** The lineup service; built from the store when absent (the broker and pipeline share this one). */
  lineup?: LineupService;
  /** Tuning of a lineup service built here (windows, limits, version polling). */
  lineupConfig?: Partial<LineupConfig>;
  /** Device ids and tokens (POST /v1/devices; the broker checks them): one per process, shared with the broker node. Default: derived from apiKey. */
  devices?: DeviceIdentity;
  /** The MQTT broker node (main.ts creates it): served at WS /ws, and the default syncPublisher. */
  broker?: BrokerNode;
  /** Delivery of POST /sync (default: the broker); without one /sync answers `delivered: false`. */
  syncPublisher?: SyncPublisher;
  /** What the process is still doing after listening (demo lineup, TV app build); main.ts fills it. */
  startup?: StartupStatus;
  /** The MPEG-TS remux of /live/:channelId.ts: spawner, input URL, timers, tuning (tests pass fakes). */
  liveTs?: LiveTsOptions;
  /** Extra plugins registered after the feature routes, before ready (a deployment's additions, the bench's reference route). */
  plugins?: FastifyPluginAsync[];
}

declare module 'fastify' {
  interface FastifyInstance {
    settings: Settings;
    store: LineupStore;
    clock: () => number;
    apiKey: string;
    /** Device ids and tokens: POST /v1/devices issues them, the broker checks them. */
    devices: DeviceIdentity;
    /** THE source of "what is on" (services/lineup). */
    lineup: LineupService;
    /** Collections, channel programming and overrides (services/programming). */
    programming: ProgrammingService;
    startup: StartupStatus;
    /** Every channel as HLS and DASH live streams (services/live). */
    live: LiveService;
  }
}
