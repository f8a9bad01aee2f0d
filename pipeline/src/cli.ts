// The pipeline on its own:
//   tsx pipeline/src/cli.ts            run the worker on the cron schedule (deployments that split components)
//   tsx pipeline/src/cli.ts --once     one pass over content/inbox/, with a progress bar on a terminal
//   tsx pipeline/src/cli.ts --sample   generate the sample library and the demo lineup
// Options: --settings <path> (default: the project's settings.json). Environment overrides as for the API;
// FFMPEG_PATH / FFPROBE_PATH choose the binaries. Logs are pino JSON lines on stderr (services.log.level,
// LOG_LEVEL), as npm start writes them; stdout keeps the one-line result of --once / --sample.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSettings } from '#control-api/config/load-settings.js';
import { openStore } from '#control-api/store/open-store.js';
import { LineupService } from '#control-api/services/lineup/index.js';
import { createLogger, startFailureFields } from '#control-api/logging/create-logger.js';
import { createMediaRunner, mediaToolPaths } from './ffmpeg/runner.js';
import { createPipeline } from './pipeline.js';
import { createProgressReporter } from './progress-bar.js';
import { generateSampleLibrary } from './sample/sample-library.js';
import { throughLineup, throughProgramming } from './store-port.js';
import { ProgrammingService } from '#control-api/services/programming/programming-service.js';

const USAGE = 'usage: pipeline [--once | --sample] [--settings <path>]';

const CLI_DEFAULTS = {
  /** Levels a progress bar on the terminal hides (raised to warn while it is drawn). */
  belowWarn: new Set(['trace', 'debug', 'info']),
  /** Until the settings are read: where a failure is reported. */
  bootLog: { level: 'info' as const },
};

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
  // --once on a terminal draws a progress bar on stderr: only warnings and errors interrupt it.
  const barOnTty = values.once && process.stderr.isTTY === true;
  const level = barOnTty && CLI_DEFAULTS.belowWarn.has(settings.services.log.level) ? 'warn' : settings.services.log.level;
  const root = createLogger({ level }, { destination: process.stderr });
  const log = root.child({ component: 'pipeline' });
  const store = await openStore(settings, { logger: root.child({ component: 'store' }) });
  // Assets and channels are written through the lineup service, the demo's programming through the
  // programming service, as in npm start.
  const lineup = new LineupService({ store, clock: Date.now, logger: root.child({ component: 'lineup' }) });
  await lineup.init();
  const pipelineStore = throughLineup(store, lineup);
  const runner = createMediaRunner(mediaToolPaths(process.env));
  try {
    if (values.sample) {
      const programming = throughProgramming(new ProgrammingService({ lineup, store, clock: Date.now }));
      const result = await generateSampleLibrary({ settings, store: pipelineStore, lineup, programming, runner, logger: log });
      process.stdout.write(`${result.channels.length} demo channels, ${result.assets.length} assets, ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
      return 0;
    }
    if (values.once) {
      const progress = createProgressReporter(process.stderr);
      const pipeline = createPipeline({ settings, store: pipelineStore, runner, logger: log, onJobUpdate: (job) => progress.update(job) });
      const report = await pipeline.runOnce();
      progress.done();
      process.stdout.write(
        `${report.done.length} done (${report.reused} already published), ${report.failed.length} failed, ${report.retried.length} to retry, ${(report.elapsedMs / 1000).toFixed(1)} s\n`,
      );
      return report.failed.length > 0 ? 2 : 0;
    }
    const pipeline = createPipeline({ settings, store: pipelineStore, runner, logger: log });
    pipeline.start();
    log.info({ owner: pipeline.worker.owner, schedule: settings.services.pipeline.schedule }, `worker ${pipeline.worker.owner} watching ${settings.contentDir} on "${settings.services.pipeline.schedule}"`);
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
    // The settings may be what failed: this logger has the default level, same line shape.
    createLogger(CLI_DEFAULTS.bootLog, { destination: process.stderr })
      .child({ component: 'pipeline' })
      .fatal(startFailureFields(err, 'SS_PIPELINE_START'), (err as Error).message);
    process.exit(1);
  },
);
