// The pipeline component as main.ts and the CLI use it: schedule, first pass, lease heartbeat, clean stop.
import { expect } from 'chai';
import { join } from 'node:path';
import type { Job } from '#contracts/jobs.js';
import { createMediaRunner, type MediaRunner } from '../src/ffmpeg/runner.js';
import { createPipeline } from '../src/pipeline.js';
import { PipelineWorker } from '../src/worker/worker.js';
import type { CronPort } from '../src/scheduler.js';
import { listDir } from './support/harness.js';
import { MemoryPipelineStore } from './support/memory-store.js';
import { makeSource, tempContent, testPipelineSettings, type TempContent } from './support/media.js';

class FakeCron implements CronPort {
  ticks: Array<() => Promise<void>> = [];
  validate = () => true;
  schedule(_e: string, onTick: () => Promise<void>) {
    this.ticks.push(onTick);
    return { stop: () => {}, destroy: () => {} };
  }
}

/** The real runner, but the ladder encode reads its input at native speed (a slow transcode). */
function slowLadder(real: MediaRunner): MediaRunner {
  return { ...real, ffmpeg: (args, o) => real.ffmpeg(args.includes('dash') ? ['-readrate', '1', ...args] : args, o) };
}

describe('pipeline component (real ffmpeg)', function () {
  this.timeout(60_000);
  let t: TempContent;
  beforeEach(async () => {
    t = await tempContent();
  });
  afterEach(() => t.cleanup());

  const settings = (over: Parameters<typeof testPipelineSettings>[0] = {}) =>
    ({ contentDir: t.contentDir, services: { pipeline: testPipelineSettings(over) } }) as Parameters<typeof createPipeline>[0]['settings'];

  it('runs a first pass at start, then one per cron tick, and announces published assets', async () => {
    await makeSource(join(t.inbox, 'first.mp4'), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb: 0 });
    const cron = new FakeCron();
    const store = new MemoryPipelineStore();
    const passes: number[] = [];
    const announced: string[] = [];
    let resolveFirst: () => void = () => {};
    const firstPass = new Promise<void>((r) => (resolveFirst = r));
    const p = createPipeline({
      settings: settings(),
      store,
      cron,
      tuning: { settleMs: 10, threads: 2 },
      onAssetPublished: (a) => void announced.push(a.id),
      onPass: (r) => {
        passes.push(r.done.length);
        resolveFirst();
      },
    });
    p.start();
    await firstPass;
    expect(passes).to.deep.equal([1]);
    expect(announced).to.have.length(1);
    await makeSource(join(t.inbox, 'second.mp4'), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb: -6 });
    await cron.ticks[0]?.();
    expect(passes).to.deep.equal([1, 1]);
    expect(announced).to.have.length(2);
    await p.stop();
  });

  it('keeps the lease alive while encoding, and a stop puts the job back in the queue with nothing published', async () => {
    await makeSource(join(t.inbox, 'long.mp4'), { width: 160, height: 144, fps: '25', durationSec: 5, toneDb: 0 });
    const store = new MemoryPipelineStore();
    const updates: Job[] = [];
    let now = 1_000_000;
    let sawProgress: () => void = () => {};
    const progressing = new Promise<void>((r) => (sawProgress = r));
    const p = createPipeline({
      settings: settings({ leaseMs: 10_000 }),
      store,
      cron: new FakeCron(),
      runner: slowLadder(createMediaRunner()),
      clock: () => (now += 1000),
      tuning: { settleMs: 10, threads: 2, progressWriteMs: 0 },
      onJobUpdate: (j) => {
        updates.push(j);
        if (j.status === 'running' && j.progress > 20) sawProgress();
      },
    });
    const pass = p.runOnce();
    await progressing;
    await p.stop();
    const report = await pass;
    const leases = updates.filter((j) => j.status === 'running').map((j) => j.leaseUntil ?? 0);
    expect(new Set(leases).size, 'the lease is renewed while encoding').to.be.greaterThan(2);
    expect(Math.max(...leases)).to.be.greaterThan(Math.min(...leases));
    expect(report.retried.map((j) => [j.status, j.attempts, j.leaseOwner])).to.deep.equal([['queued', 0, null]]);
    expect(await listDir(join(t.contentDir, 'media'))).to.deep.equal([]);
    expect(await listDir(join(t.contentDir, '.staging'))).to.deep.equal([]);
    expect(await listDir(t.inbox)).to.deep.equal(['long.mp4']);
  });

  it('lets two workers share one inbox and store without ever taking the same source', async () => {
    // Different tones: three different contents (identical ones would share one asset).
    for (const [name, toneDb] of [['a.mp4', 0], ['b.mp4', -3], ['c.mp4', -6]] as const) {
      await makeSource(join(t.inbox, name), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb });
    }
    const store = new MemoryPipelineStore();
    const encodes: string[] = [];
    const worker = (owner: string) =>
      new PipelineWorker({
        contentDir: t.contentDir,
        pipeline: testPipelineSettings(),
        store,
        owner,
        runner: createMediaRunner({ onSpawn: (_tool, args) => void (args.includes('dash') && encodes.push(owner)) }),
        tuning: { settleMs: 20, threads: 1 },
      });
    const [one, two] = await Promise.all([worker('w1').runPass(), worker('w2').runPass()]);
    expect(store.jobs.size).to.equal(3);
    expect([...one.done, ...two.done].map((j) => j.source).sort()).to.deep.equal(['a.mp4', 'b.mp4', 'c.mp4']);
    expect(encodes).to.have.length(3);
    expect(one.enqueued + two.enqueued).to.equal(3);
  });
});
