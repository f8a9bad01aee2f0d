// A running job keeps its lease whatever it is doing: the worker renews it on its own beat, also while
// a step reports no progress (the loudness measurement here), so only a dead worker's job runs out and
// is retried within leaseMs; the beat stops with the job.
import { expect } from 'chai';
import { join } from 'node:path';
import { createMediaRunner, type MediaRunner } from '../../src/ffmpeg/runner.js';
import { PipelineWorker } from '../../src/worker/worker.js';
import { MemoryPipelineStore } from '../support/memory-store.js';
import { makeSource, tempContent, testPipelineSettings, type TempContent } from '../support/media.js';

describe('pipeline job lease (real ffmpeg)', function () {
  this.timeout(60_000);
  let t: TempContent;
  before(async () => {
    t = await tempContent();
  });
  after(() => t.cleanup());

  it('renews the lease while a step reports no progress, and stops renewing when the job ends', async () => {
    const real = createMediaRunner();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let blocked: () => void = () => undefined;
    const inStep = new Promise<void>((r) => (blocked = r));
    // The loudness measurement stalls until the test lets it go: a long step with no progress.
    const runner: MediaRunner = {
      binary: real.binary,
      ffprobe: real.ffprobe,
      ffmpeg: async (args, options) => {
        if (args.some((a) => a.includes('loudnorm')) && args.includes('null')) {
          blocked();
          await gate;
        }
        return real.ffmpeg(args, options);
      },
    };
    let now = 5_000_000;
    const beat = { run: (): void => expect.fail('no beat was set up') };
    let beats = 0;
    let stopped = false;
    const leaseMs = 60_000;
    await makeSource(join(t.inbox, 'long step.mp4'), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb: 0 });
    const store = new MemoryPipelineStore();
    const worker = new PipelineWorker({
      contentDir: t.contentDir,
      pipeline: testPipelineSettings({ leaseMs }),
      store,
      runner,
      clock: () => now,
      every: (fn, ms) => {
        expect(ms, 'renewed several times per lease').to.be.at.most(leaseMs / 2);
        beat.run = () => {
          beats += 1;
          fn();
        };
        return () => (stopped = true);
      },
      tuning: { settleMs: 10, threads: 2 },
    });
    const pass = worker.runPass();
    await inStep;
    const [running] = await store.listJobs();
    expect(running?.status).to.equal('running');
    const leasedUntil = running?.leaseUntil ?? 0;
    // 50 s later, still in the step: the beat renews the lease from the worker's clock.
    now += 50_000;
    beat.run();
    await new Promise((r) => setImmediate(r));
    const renewed = (await store.getJob(running?.id ?? ''))?.leaseUntil ?? 0;
    expect(renewed, 'lease renewed without any progress').to.equal(now + leaseMs);
    expect(renewed).to.be.above(leasedUntil);
    release();
    const report = await pass;
    expect(report.done.map((j) => [j.source, j.status, j.leaseUntil])).to.deep.equal([['long step.mp4', 'done', null]]);
    expect(stopped, 'the beat stopped with the job').to.equal(true);
    expect(beats).to.equal(1);
  });
});
