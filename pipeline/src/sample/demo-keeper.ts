// Keeps the first start's promise of demo channels: when the library is empty (or a marker says an
// earlier try did not finish), sample content is made before the pipeline's passes, and a failed try
// (ffmpeg broken, disk full, killed) is tried again at the next pass until the demo lineup exists.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_PENDING_FILE } from '../defaults.js';
import type { Logger } from '#contracts/logger.js';
import { isLibraryEmpty, type SampleLibraryResult, type SampleProgress } from './sample-library.js';

export interface DemoStatus {
  /** preparing: a try is under way; retrying: the last try failed, the next pass tries again; ready: done. */
  state: 'preparing' | 'retrying' | 'ready';
  done: number;
  total: number;
  current: SampleProgress['current'];
  /** Why the last try failed (retrying only). */
  error: string | null;
}

export interface DemoKeeperOptions {
  contentDir: string;
  /** Where registered assets are listed (an empty library wants the demo). */
  store: { listAssets(): Promise<unknown[]> };
  logger: Logger;
  /** One try at the sample library (generateSampleLibrary with everything but progress bound). */
  generate: (onProgress: (p: SampleProgress) => void) => Promise<SampleLibraryResult>;
  /** Every change of the demo's status (the API's /health shows it, the terminal logs it). */
  onStatus?: (status: DemoStatus) => void;
  /** Shutdown: a try cut short by it is not a failure. */
  signal?: AbortSignal;
}

export interface DemoKeeper {
  /** Decides once whether the demo is wanted (empty library, or an unfinished earlier try). */
  init(): Promise<boolean>;
  /** Before each pass: one try while the demo is wanted and not made. Never throws. */
  ensure(): Promise<void>;
  readonly pending: boolean;
}

export function createDemoKeeper(o: DemoKeeperOptions): DemoKeeper {
  const marker = join(o.contentDir, SAMPLE_PENDING_FILE);
  let pending = false;
  let last: DemoStatus = { state: 'preparing', done: 0, total: 0, current: null, error: null };
  const status = (next: Partial<DemoStatus>) => {
    last = { ...last, ...next };
    o.onStatus?.(last);
  };
  return {
    get pending() {
      return pending;
    },
    async init() {
      const unfinished = await stat(marker).then(() => true, () => false);
      pending = unfinished || (await isLibraryEmpty(o.store));
      if (pending) {
        await mkdir(o.contentDir, { recursive: true });
        await writeFile(marker, 'the demo lineup is being made; removed once it exists\n');
        o.logger.info(unfinished ? 'the demo lineup was not finished last time: making it again' : 'the library is empty: generating sample content and a demo lineup');
        status({ state: 'preparing' });
      }
      return pending;
    },
    async ensure() {
      if (!pending) return;
      status({ state: 'preparing', error: null });
      try {
        await o.generate((p) => status({ state: 'preparing', done: p.done, total: p.total, current: p.current }));
        pending = false;
        await rm(marker, { force: true });
        status({ state: 'ready', current: null, done: last.total });
      } catch (err) {
        if (o.signal?.aborted) return;
        const message = (err as Error).message;
        o.logger.warn({ code: 'SS_PIPELINE_SAMPLE_FAILED', err }, `sample content failed: ${message}; trying again at the next pipeline pass`);
        status({ state: 'retrying', current: null, error: message });
      }
    },
  };
}
