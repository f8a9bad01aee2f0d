// Picks the storage adapter from the settings: MongoDB when services.store.mongodbUrl (MONGODB_URL)
// is set, otherwise the embedded store in the data directory.
import { mkdir } from 'node:fs/promises';
import type { Settings } from '../contracts/settings-schema.js';
import type { LineupStore } from '../contracts/lineup-store.js';
import type { Logger } from '../contracts/logger.js';
import { createLogger } from '../logging/create-logger.js';
import { EmbeddedStore } from './embedded-store.js';
import { MongoStore } from './mongo-store.js';

export interface OpenStoreOptions {
  /**
   * Non-fatal store events (embedded store: torn line dropped, compaction failed). Default: a logger
   * made from the settings (services.log), `{ component: 'store' }`, for callers with no logger of their own.
   */
  logger?: Logger;
  /** Embedded store: milliseconds between datafile compactions. */
  compactionIntervalMs?: number;
}

export async function openStore(settings: Settings, opts: OpenStoreOptions = {}): Promise<LineupStore> {
  const url = settings.services.store.mongodbUrl;
  if (url) return MongoStore.open({ url });
  await mkdir(settings.dataDir, { recursive: true });
  return EmbeddedStore.open({
    dataDir: settings.dataDir,
    logger: opts.logger ?? createLogger(settings.services.log).child({ component: 'store' }),
    ...(opts.compactionIntervalMs !== undefined ? { compactionIntervalMs: opts.compactionIntervalMs } : {}),
  });
}
