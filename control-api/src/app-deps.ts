// What buildApp needs, passed in (no module singletons). Also types the Fastify decorators.
import type { Settings } from './config/load-settings.js';
import type { LineupStore } from './store/lineup-store.js';

export interface AppOptions {
  settings: Settings;
  store: LineupStore;
  /** The broadcaster key every mutation needs (Bearer). */
  apiKey: string;
  /** Server clock, epoch milliseconds. Tests pass a fake one. */
  clock?: () => number;
  /** Fastify logger option; off by default in tests. */
  logger?: boolean | { level: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    settings: Settings;
    store: LineupStore;
    clock: () => number;
    apiKey: string;
  }
}
