// The pipeline as npm start runs it: the demo lineup is made before the passes, and a first try that
// fails (ffmpeg cannot run) publishes nothing half-made and is tried again by the next pass.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '#control-api/config/load-settings.js';
import { EmbeddedStore } from '#control-api/store/embedded-store.js';
import { LineupService } from '#control-api/services/lineup/index.js';
import { ProgrammingService } from '#control-api/services/programming/programming-service.js';
import { SAMPLE_PENDING_FILE } from '../src/defaults.js';
import { createMediaRunner, type MediaRunner } from '../src/ffmpeg/runner.js';
import type { CronPort } from '../src/scheduler.js';
import type { DemoStatus } from '../src/sample/demo-keeper.js';
import { startPipeline } from '../src/start.js';
import { listDir } from './support/harness.js';
import { SMALL_SAMPLE } from './support/demo.js';
import { tempContent, type TempContent } from './support/media.js';
import { silentLogger } from '#contracts/logger.js';
import { captureLogger } from '#control-api/logging/capture-logger.js';

const REPO_SETTINGS = new URL('../../settings.json', import.meta.url).pathname;

/** Cron that never fires by itself: the test runs the passes. */
const manualCron: CronPort = { validate: () => true, schedule: () => ({ stop: () => undefined, destroy: () => undefined }) };

describe('pipeline start-up: demo lineup with retries (real ffmpeg, real store)', function () {
  this.timeout(120_000);
  let t: TempContent;
  let store: EmbeddedStore;
  before(async () => {
    t = await tempContent();
    store = await EmbeddedStore.open({ dataDir: join(t.root, 'data'), logger: silentLogger() });
  });
  after(async () => {
    await store.close();
    await t.cleanup();
  });

  it('retries the samples after a failed first attempt, then puts the demo channels on air', async () => {
    const settings = loadSettings(REPO_SETTINGS, { STREAMSYNC_CONTENT_DIR: t.contentDir, STREAMSYNC_DATA_DIR: join(t.root, 'data') });
    const real = createMediaRunner();
    let broken = true;
    const missing = createMediaRunner({ ffmpegPath: join(t.root, 'no-ffmpeg-yet') });
    const runner: MediaRunner = {
      binary: (tool) => (broken ? missing : real).binary(tool),
      ffmpeg: (args, options) => (broken ? missing : real).ffmpeg(args, options),
      ffprobe: (args, options) => (broken ? missing : real).ffprobe(args, options),
    };
    const statuses: DemoStatus[] = [];
    const lineup = new LineupService({ store, clock: Date.now });
    await lineup.init();
    const changes: string[] = [];
    lineup.onChange((c) => changes.push(c.reason));
    const log = captureLogger();
    const programming = new ProgrammingService({ lineup, store, clock: Date.now });
    const running = await startPipeline({
      settings,
      store,
      lineup,
      programming,
      runner,
      cron: manualCron,
      logger: log.logger.child({ component: 'pipeline' }),
      onDemoStatus: (s) => statuses.push(s),
      sample: SMALL_SAMPLE,
    });
    try {
      await running.tick(); // joins the first pass start() began
      const failed = statuses.at(-1);
      expect(failed?.state).to.equal('retrying');
      expect(failed?.error).to.match(/ffmpeg could not be started/);
      expect(await store.listChannels()).to.deep.equal([]);
      expect(await listDir(join(t.contentDir, 'inbox'))).to.deep.equal([]); // nothing half-made was published
      expect(await listDir(join(t.contentDir, 'media'))).to.deep.equal([]);
      expect(existsSync(join(t.contentDir, SAMPLE_PENDING_FILE))).to.equal(true);

      broken = false;
      await running.tick();
      const channels = await store.listChannels();
      expect(channels.map((c) => c.id)).to.deep.equal(['demo-a', 'demo-b']);
      expect(statuses.at(-1)).to.deep.include({ state: 'ready', done: 2, total: 2 });
      // Progress went through each source: generating, packaging, and the count.
      expect(statuses.some((s) => s.current?.step === 'packaging' && s.current.name === 'Beta Bumper.mp4')).to.equal(true);
      expect(statuses.map((s) => s.done)).to.include.members([0, 1, 2]);
      expect(existsSync(join(t.contentDir, SAMPLE_PENDING_FILE))).to.equal(false);
      // Assets and channels went through the lineup service, which told its listeners.
      expect(changes).to.include.members(['assets', 'channels']);
      expect((await lineup.channels()).map((c) => c.id)).to.deep.equal(['demo-a', 'demo-b']);
      // Programmed by time slot, padded and with the fallback once the filler exists.
      const rules = (await programming.programming('demo-b')).current.rules;
      expect(rules.timeZone).to.equal('America/New_York');
      expect(rules.padTo?.filler).to.equal('demo-filler');
      expect(rules.fallback).to.be.a('string');

      // Made once: later passes leave the demo alone.
      const before = statuses.length;
      await running.tick();
      expect(statuses.length).to.equal(before);
      // Everything it said went to the logger it was given: the failed try as a coded warning.
      expect(log.records.length).to.be.greaterThan(3);
      for (const r of log.records) expect(r.component).to.equal('pipeline');
      expect(log.records.some((r) => r.level === 'info' && /watching .*inbox/.test(r.msg))).to.equal(true);
      expect(log.at('warn').some((r) => r.code === 'SS_PIPELINE_SAMPLE_FAILED')).to.equal(true);
    } finally {
      await running.stop();
    }
  });
});
