// A failing encoder (not the source's fault) is retried up to maxAttempts, then the job fails with the
// ffmpeg command line and stderr tail kept, the source moves to failed/, and the worker goes on.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMediaRunner, MediaToolError, type MediaRunner } from '../../src/ffmpeg/runner.js';
import { PipelineWorker } from '../../src/worker/worker.js';
import { listDir } from '../support/harness.js';
import { MemoryPipelineStore } from '../support/memory-store.js';
import { makeSource, tempContent, testPipelineSettings, type TempContent } from '../support/media.js';

describe('pipeline retries (real ffmpeg, failing ladder encode)', function () {
  this.timeout(60_000);
  let t: TempContent;
  before(async () => {
    t = await tempContent();
  });
  after(() => t.cleanup());

  it('retries a transient failure, then fails the job with its stderr tail and keeps going', async () => {
    const real = createMediaRunner();
    let ladderRuns = 0;
    // The ladder encode of "unlucky.mp4" fails as a crashed encoder would; everything else is real.
    const runner: MediaRunner = {
      binary: real.binary,
      ffprobe: real.ffprobe,
      ffmpeg: async (args, options) => {
        if (args.includes('dash') && args.some((a) => a.includes('unlucky'))) {
          ladderRuns += 1;
          throw new MediaToolError('ffmpeg was killed by SIGSEGV', { tool: 'ffmpeg', commandLine: 'ffmpeg ...', exitCode: null, signal: 'SIGSEGV', cancelled: false, spawnFailed: false, stderrTail: 'frame=  10\n[libx264 @ 0x1] encoder crashed' });
        }
        return real.ffmpeg(args, options);
      },
    };
    await makeSource(join(t.inbox, 'unlucky.mp4'), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb: 0 });
    await makeSource(join(t.inbox, 'zz fine.mp4'), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb: 0 });
    const store = new MemoryPipelineStore();
    const worker = new PipelineWorker({ contentDir: t.contentDir, pipeline: testPipelineSettings({ maxAttempts: 2 }), store, runner, tuning: { settleMs: 10, threads: 2 } });
    const pass = await worker.runPass();
    expect(ladderRuns).to.equal(2);
    expect(pass.retried.map((j) => [j.source, j.status, j.attempts])).to.deep.equal([['unlucky.mp4', 'queued', 1]]);
    const failed = pass.failed[0];
    expect(failed).to.include({ source: 'unlucky.mp4', status: 'failed', attempts: 2 });
    expect(failed?.error).to.match(/could not be converted.*encoder crashed.*SS_TRANSCODE_FAILED/);
    expect(failed?.stderrTail).to.include('encoder crashed');
    expect(failed?.command).to.match(/^ffmpeg .*unlucky\.mp4/);
    expect(pass.done.map((j) => j.source)).to.deep.equal(['zz fine.mp4']);
    expect(await listDir(join(t.contentDir, 'failed'))).to.deep.equal(['unlucky.mp4', 'unlucky.mp4.error.json']);
    const report = JSON.parse(await readFile(join(t.contentDir, 'failed', 'unlucky.mp4.error.json'), 'utf8')) as Record<string, unknown>;
    expect(report).to.include({ code: 'SS_TRANSCODE_FAILED', attempts: 2 });
    expect(await listDir(join(t.contentDir, '.staging'))).to.deep.equal([]);
  });
});
