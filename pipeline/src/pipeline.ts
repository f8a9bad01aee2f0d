// The pipeline as one component: a worker plus its cron scheduler, built from settings. `npm start`
// (control-api/src/main.ts) and the stand-alone worker (cli.ts) both start it through here.
import type { Settings } from '#contracts/settings-schema.js';
import type { Asset } from '#contracts/lineup.js';
import type { Job } from '#contracts/jobs.js';
import { createMediaRunner, type MediaRunner } from './ffmpeg/runner.js';
import { PipelineScheduler, type CronPort } from './scheduler.js';
import type { PipelineStore } from './store-port.js';
import type { Logger } from '#contracts/logger.js';
import { PipelineWorker, type PassReport, type Tuning } from './worker/worker.js';

export interface PipelineOptions {
  settings: Pick<Settings, 'contentDir' | 'services'>;
  store: PipelineStore;
  /** Wire the lineup service here: a newly ready asset is announced to clients and the API at once. */
  onAssetPublished?: (asset: Asset) => void | Promise<void>;
  onJobUpdate?: (job: Job) => void;
  onPass?: (report: PassReport) => void;
  /** Work done before every pass, in the same turn (npm start makes the demo lineup there). */
  beforePass?: () => Promise<void>;
  logger?: Logger;
  clock?: () => number;
  runner?: MediaRunner;
  cron?: CronPort;
  tuning?: Partial<Tuning>;
}

export interface Pipeline {
  readonly worker: PipelineWorker;
  readonly scheduler: PipelineScheduler;
  /** Starts the cron schedule (services.pipeline.schedule) and runs a first pass right away. */
  start(): void;
  /** One pass now (the CLI's --once). */
  runOnce(): Promise<PassReport>;
  /** Stops the schedule; a running encode is cancelled and its job queued again. */
  stop(): Promise<void>;
}

export function createPipeline(o: PipelineOptions): Pipeline {
  const p = o.settings.services.pipeline;
  const worker = new PipelineWorker({
    contentDir: o.settings.contentDir,
    pipeline: p,
    store: o.store,
    runner: o.runner ?? createMediaRunner(),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.onAssetPublished ? { onAssetPublished: o.onAssetPublished } : {}),
    ...(o.onJobUpdate ? { onJobUpdate: o.onJobUpdate } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.tuning ? { tuning: o.tuning } : {}),
  });
  const scheduler = new PipelineScheduler({
    expression: p.schedule,
    runPass: async () => {
      await o.beforePass?.();
      return worker.runPass();
    },
    ...(o.cron ? { cron: o.cron } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.onPass ? { onPass: o.onPass } : {}),
  });
  return {
    worker,
    scheduler,
    start() {
      scheduler.start();
      void scheduler.tick();
    },
    runOnce: () => worker.runPass(),
    async stop() {
      const stopping = worker.stop();
      await scheduler.stop();
      await stopping;
    },
  };
}
