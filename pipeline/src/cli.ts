// The pipeline on its own:
//   tsx pipeline/src/cli.ts            run the worker on the cron schedule (deployments that split components)
//   tsx pipeline/src/cli.ts --once     one pass over content/inbox/, with a progress bar on a terminal
//   tsx pipeline/src/cli.ts --sample   generate the sample library and the demo lineup
// Options: --settings <path> (default: the project's settings.json). Environment overrides as for the API;
// FFMPEG_PATH / FFPROBE_PATH choose the binaries.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSettings } from '#control-api/config/load-settings.js';
import { openStore } from '#control-api/store/open-store.js';
import { LineupService } from '#control-api/services/lineup/index.js';
import { createMediaRunner, mediaToolPaths } from './ffmpeg/runner.js';
import { createPipeline } from './pipeline.js';
import { createProgressReporter } from './progress-bar.js';
import { generateSampleLibrary } from './sample/sample-library.js';
import { throughLineup } from './store-port.js';
import type { PipelineLog } from './worker/worker.js';

const USAGE = 'usage: pipeline [--once | --sample] [--settings <path>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      once: { type: 'boolean', default: false },
      sample: { type: 'boolean', default: false },
      settings: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const settingsPath = values.settings ?? fileURLToPath(new URL('../../settings.json', import.meta.url));
  const settings = loadSettings(settingsPath, process.env);
  const store = await openStore(settings);
  // Assets and channels are written through the lineup service, as in npm start.
  const lineup = new LineupService({ store, clock: Date.now });
  await lineup.init();
  const pipelineStore = throughLineup(store, lineup);
  const tty = process.stderr.isTTY === true;
  const log: PipelineLog = {
    info: (m) => (values.once && tty ? undefined : process.stderr.write(`[pipeline] ${m}\n`)),
    warn: (m) => process.stderr.write(`[pipeline] ${m}\n`),
  };
  const runner = createMediaRunner(mediaToolPaths(process.env));
  try {
    if (values.sample) {
      const result = await generateSampleLibrary({ settings, store: pipelineStore, lineup, runner, log });
      process.stdout.write(`${result.channels.length} demo channels, ${result.assets.length} assets, ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
      return 0;
    }
    if (values.once) {
      const progress = createProgressReporter(process.stderr);
      const pipeline = createPipeline({ settings, store: pipelineStore, runner, log, onJobUpdate: (job) => progress.update(job) });
      const report = await pipeline.runOnce();
      progress.done();
      process.stdout.write(
        `${report.done.length} done (${report.reused} already published), ${report.failed.length} failed, ${report.retried.length} to retry, ${(report.elapsedMs / 1000).toFixed(1)} s\n`,
      );
      return report.failed.length > 0 ? 2 : 0;
    }
    const pipeline = createPipeline({ settings, store: pipelineStore, runner, log });
    pipeline.start();
    log.info(`worker ${pipeline.worker.owner} watching ${settings.contentDir} on "${settings.services.pipeline.schedule}"`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    log.info('stopping (a running encode is cancelled and queued again)');
    await pipeline.stop();
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[pipeline] ${(err as Error).message}\n`);
    process.exit(1);
  },
);
