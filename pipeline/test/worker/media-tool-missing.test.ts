// A missing or broken ffprobe is the machine's fault, never the file's: the source stays in the inbox,
// the job waits (no attempt spent, nothing moved to failed/) with an error naming ffprobe, and the
// file is published by the first pass after ffprobe works again.
import { expect } from 'chai';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMediaRunner, type MediaRunner } from '../../src/ffmpeg/runner.js';
import { PipelineWorker } from '../../src/worker/worker.js';
import { listDir } from '../support/harness.js';
import { MemoryPipelineStore } from '../support/memory-store.js';
import { makeSource, tempContent, testPipelineSettings, type TempContent } from '../support/media.js';

/** A runner whose ffprobe can be swapped between passes (the machine being repaired). */
function swappableRunner(initial: MediaRunner): MediaRunner & { use(runner: MediaRunner): void } {
  let current = initial;
  return {
    use: (runner) => {
      current = runner;
    },
    binary: (tool) => current.binary(tool),
    ffmpeg: (args, options) => current.ffmpeg(args, options),
    ffprobe: (args, options) => current.ffprobe(args, options),
  };
}

describe('pipeline worker with ffprobe missing or broken (real ffmpeg, real files)', function () {
  this.timeout(60_000);
  let t: TempContent;
  beforeEach(async () => {
    t = await tempContent();
  });
  afterEach(() => t.cleanup());

  const cases: Array<{ name: string; ffprobe: (dir: string) => Promise<string>; says: RegExp }> = [
    { name: 'not installed', ffprobe: async (dir) => join(dir, 'no-such-ffprobe'), says: /ffprobe is not available.*ENOENT/ },
    {
      name: 'installed but broken',
      ffprobe: async (dir) => {
        const path = join(dir, 'broken-ffprobe');
        await writeFile(path, '#!/bin/sh\necho "error while loading shared libraries: libavformat.so.59" >&2\nexit 127\n');
        await chmod(path, 0o755);
        return path;
      },
      says: /ffprobe is not available.*fails even on "ffprobe -version"/,
    },
  ];

  for (const c of cases) {
    it(`ffprobe ${c.name}: the valid source waits in the inbox, then is published once ffprobe is back`, async () => {
      const real = createMediaRunner();
      const runner = swappableRunner(createMediaRunner({ ffprobePath: await c.ffprobe(t.contentDir) }));
      await makeSource(join(t.inbox, 'fine.mp4'), { width: 160, height: 144, fps: '25', durationSec: 1, toneDb: 0 });
      await makeSource(join(t.inbox, 'also fine.mp4'), { width: 176, height: 144, fps: '25', durationSec: 1, toneDb: 0 });
      const store = new MemoryPipelineStore();
      const worker = new PipelineWorker({ contentDir: t.contentDir, pipeline: testPipelineSettings({ maxAttempts: 1 }), store, runner, tuning: { settleMs: 10, threads: 2 } });

      const broken = await worker.runPass();
      expect(broken.failed).to.deep.equal([]);
      expect(broken.done).to.deep.equal([]);
      expect(broken.waiting).to.match(c.says);
      // The pass stopped at the first job: the second never met the broken machine.
      expect(broken.retried).to.have.length(1);
      const waiting = broken.retried[0];
      expect(waiting?.status).to.equal('queued');
      expect(waiting?.attempts).to.equal(0);
      expect(waiting?.error).to.match(c.says).and.to.include('SS_MEDIA_TOOL_UNAVAILABLE');
      expect(waiting?.error).to.not.include('SS_SOURCE');
      expect((await listDir(t.inbox)).sort()).to.deep.equal(['also fine.mp4', 'fine.mp4']);
      expect(await listDir(join(t.contentDir, 'failed'))).to.deep.equal([]);

      // Again while still broken (maxAttempts is 1): still waiting, still nothing failed.
      expect((await worker.runPass()).failed).to.deep.equal([]);

      runner.use(real);
      const repaired = await worker.runPass();
      expect(repaired.waiting).to.equal(null);
      expect(repaired.failed).to.deep.equal([]);
      expect(repaired.done.map((j) => j.source).sort()).to.deep.equal(['also fine.mp4', 'fine.mp4']);
      expect(await listDir(join(t.contentDir, 'media'))).to.have.length(2);
      expect(await Promise.all(repaired.done.map(async (j) => (await store.getAsset(j.assetId ?? ''))?.status))).to.deep.equal(['ready', 'ready']);
    });
  }
});
