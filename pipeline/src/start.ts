// Start-up of the pipeline inside `npm start` (control-api/src/main.ts): the cron scheduler, with the
// demo lineup made before the passes while it is wanted (services.pipeline.sampleOnEmptyLibrary and
// an empty library, or an earlier try that did not finish). Returns what main.ts stops.
import type { Settings } from '#contracts/settings-schema.js';
import type { LineupStore } from '#contracts/lineup-store.js';
import { createMediaRunner, mediaToolPaths, type MediaRunner } from './ffmpeg/runner.js';
import { createPipeline } from './pipeline.js';
import { demoProgressLog } from './progress-bar.js';
import { createDemoKeeper, type DemoStatus } from './sample/demo-keeper.js';
import { generateSampleLibrary, type SampleLibraryOptions } from './sample/sample-library.js';
import type { CronPort } from './scheduler.js';
import { throughLineup, throughProgramming, type PipelineLineup, type ProgrammingServiceLike } from './store-port.js';
import type { Logger } from '#contracts/logger.js';

export interface PipelineStartOptions {
  settings: Settings;
  store: LineupStore;
  /** The lineup service: assets and the demo channels are written through it (it tells clients at once). */
  lineup: PipelineLineup;
  /** The programming service: the demo lineup's collections and programming go through it. */
  programming: ProgrammingServiceLike;
  /** The pipeline's logger (main.ts: the root logger's `{ component: 'pipeline' }` child). */
  logger: Logger;
  /** ffmpeg/ffprobe (default: the binaries FFMPEG_PATH/FFPROBE_PATH name, else those on PATH). */
  runner?: MediaRunner;
  /** The demo lineup's progress (npm start puts it in /health for the TV's waiting screen). */
  onDemoStatus?: (status: DemoStatus) => void;
  /** Tests drive the passes themselves. */
  cron?: CronPort;
  /** Sample content options for tests (smaller, shorter sources). */
  sample?: Pick<SampleLibraryOptions, 'sources' | 'demo' | 'width' | 'height' | 'fps' | 'tuning'>;
}

export interface RunningPipeline {
  name: string;
  /** One pass now (the demo first while it is wanted); joins a pass under way. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPipeline(o: PipelineStartOptions): Promise<RunningPipeline> {
  const log = o.logger;
  const store = throughLineup(o.store, o.lineup);
  const programming = throughProgramming(o.programming);
  const runner = o.runner ?? createMediaRunner(mediaToolPaths(process.env));
  const abort = new AbortController();
  const progressLine = demoProgressLog((line) => log.info(line));
  const demo = createDemoKeeper({
    contentDir: o.settings.contentDir,
    store: o.store,
    logger: log,
    signal: abort.signal,
    generate: (onProgress) =>
      generateSampleLibrary({ ...o.sample, settings: o.settings, store, lineup: o.lineup, programming, runner, logger: log, signal: abort.signal, onProgress }),
    onStatus: (status) => {
      progressLine(status);
      o.onDemoStatus?.(status);
    },
  });
  if (o.settings.services.pipeline.sampleOnEmptyLibrary) await demo.init();
  const pipeline = createPipeline({
    settings: o.settings,
    store,
    logger: log,
    runner,
    beforePass: () => demo.ensure(),
    ...(o.cron ? { cron: o.cron } : {}),
  });
  pipeline.start();
  log.info({ schedule: o.settings.services.pipeline.schedule }, `watching ${o.settings.contentDir}/inbox on "${o.settings.services.pipeline.schedule}"`);
  return {
    name: 'pipeline',
    tick: () => pipeline.scheduler.tick(),
    stop: async () => {
      abort.abort();
      await pipeline.stop();
    },
  };
}
