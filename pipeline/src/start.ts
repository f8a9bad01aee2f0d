// Start-up of the pipeline inside `npm start` (control-api/src/main.ts): sample content on an empty library
// (when services.pipeline.sampleOnEmptyLibrary), then the cron scheduler. Returns what main.ts stops.
import type { Settings } from '../../control-api/src/config/load-settings.js';
import type { LineupStore } from '../../control-api/src/store/lineup-store.js';
import { createMediaRunner, mediaToolPaths, type MediaRunner } from './ffmpeg/runner.js';
import { createPipeline } from './pipeline.js';
import { generateSampleLibrary, isLibraryEmpty } from './sample/sample-library.js';
import type { PipelineLog } from './worker/worker.js';

export interface PipelineStartOptions {
  settings: Settings;
  store: LineupStore;
  /** The lineup service: told when assets or the demo channels change, so clients see them at once. */
  lineup: { assetsChanged(): Promise<void> };
  log?: PipelineLog;
  /** ffmpeg/ffprobe (default: the binaries FFMPEG_PATH/FFPROBE_PATH name, else those on PATH). */
  runner?: MediaRunner;
}

const consoleLog: PipelineLog = {
  info: (m) => console.log(`[pipeline] ${m}`),
  warn: (m) => console.warn(`[pipeline] ${m}`),
};

export async function startPipeline(o: PipelineStartOptions): Promise<{ name: string; stop: () => Promise<void> }> {
  const log = o.log ?? consoleLog;
  const announce = () => o.lineup.assetsChanged();
  const runner = o.runner ?? createMediaRunner(mediaToolPaths(process.env));
  const pipeline = createPipeline({ settings: o.settings, store: o.store, log, runner, onAssetPublished: announce });
  let stopped = false;
  const abort = new AbortController();
  const boot = (async () => {
    if (o.settings.services.pipeline.sampleOnEmptyLibrary && (await isLibraryEmpty(o.store))) {
      log.info('the library is empty: generating sample content and a demo lineup');
      await generateSampleLibrary({ settings: o.settings, store: o.store, runner, log, onAssetPublished: announce, onLineupChanged: announce, signal: abort.signal }).catch(
        (err: unknown) => log.warn(`sample content failed: ${(err as Error).message}`),
      );
    }
    if (!stopped) {
      pipeline.start();
      log.info(`watching ${o.settings.contentDir}/inbox on "${o.settings.services.pipeline.schedule}"`);
    }
  })();
  return {
    name: 'pipeline',
    stop: async () => {
      stopped = true;
      abort.abort();
      await pipeline.stop();
      await boot;
    },
  };
}
