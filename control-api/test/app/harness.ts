// A real app over a real embedded store in a temp folder, with a fake clock. Every test file builds
// one per test (or per suite) and closes it after; nothing is left behind.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/contracts/settings-schema.js';
import { buildApp } from '../../src/app.js';
import type { AppOptions, SyncPublisher } from '../../src/app-deps.js';
import { EmbeddedStore } from '../../src/store/embedded-store.js';
import type { Asset } from '../../src/contracts/lineup.js';
import { TempDirs } from '../store/temp-dirs.js';
import { makeAsset } from '../store/builders.js';
import { FakeClock } from '../fake-time.js';
import { silentLogger } from '../../src/contracts/logger.js';

export const API_KEY = 'test-broadcaster-key-0123456789';
export const AUTH = { authorization: `Bearer ${API_KEY}` };

/** A clock tests move by hand (the shared fake clock: its timers are unused here). */
export { FakeClock };

export interface Harness {
  app: FastifyInstance;
  store: EmbeddedStore;
  clock: FakeClock;
  settings: Settings;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** JSON body of a response. */
  json<T = Record<string, unknown>>(res: LightMyRequestResponse): T;
  /** Registers a ready asset through the API (PUT /v1/assets/:id) and returns it. */
  putAsset(overrides?: Partial<Asset>): Promise<Asset>;
  /** Creates a channel through the API and returns its body. */
  createChannel(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startHarness(options: { syncPublisher?: SyncPublisher; clock?: FakeClock; liveTs?: AppOptions['liveTs']; http?: Partial<Settings['services']['http']> } = {}): Promise<Harness> {
  const temp = new TempDirs();
  const dataDir = await temp.make('streamsync-api-');
  const base = loadSettings(fileURLToPath(new URL('../../../settings.json', import.meta.url)), {});
  const settings: Settings = { ...base, dataDir, contentDir: dataDir, services: { ...base.services, http: { ...base.services.http, ...options.http } } };
  const store = await EmbeddedStore.open({ dataDir, logger: silentLogger() });
  const clock = options.clock ?? new FakeClock();
  const app = await buildApp({ settings, store, apiKey: API_KEY, clock: clock.now, syncPublisher: options.syncPublisher, liveTs: options.liveTs });
  const json = <T>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;
  const harness: Harness = {
    app,
    store,
    clock,
    settings,
    inject: (o) => app.inject(o),
    json,
    async putAsset(overrides = {}) {
      const asset = makeAsset(overrides);
      const { id, createdAt, updatedAt, ...body } = asset;
      void createdAt;
      void updatedAt;
      const res = await app.inject({ method: 'PUT', url: `/v1/assets/${id}`, headers: AUTH, payload: body });
      if (res.statusCode !== 200) throw new Error(`putAsset failed: ${res.statusCode} ${res.body}`);
      return json<Asset>(res);
    },
    async createChannel(body) {
      const res = await app.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: body });
      if (res.statusCode !== 201) throw new Error(`createChannel failed: ${res.statusCode} ${res.body}`);
      return json(res);
    },
    async close() {
      try {
        await app.close();
        await store.close().catch(() => undefined); // some tests close it early on purpose
      } finally {
        await temp.removeAll();
      }
    },
  };
  return harness;
}

/** A snapshot of everything the lineup holds, to prove a failed request changed nothing. */
export async function snapshot(h: Harness): Promise<string> {
  const channels = await h.store.listChannels();
  const programs = await Promise.all(channels.map((c) => h.store.allPrograms(c.id)));
  const assets = await h.store.listAssets();
  return JSON.stringify({ channels, programs, assets, version: await h.store.lineupVersion() });
}
