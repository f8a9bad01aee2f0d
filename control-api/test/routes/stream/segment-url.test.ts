// The segment /stream hands out is a file the pipeline really wrote: a source packaged by the real
// pipeline into the API's content folder, a channel looping it, and the segment URL fetched from the
// media origin (it used to name ffmpeg's default `chunk-stream0-…` files, which the pipeline never writes).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PipelineWorker } from '#pipeline/worker/worker.js';
import { createMediaRunner } from '#pipeline/ffmpeg/runner.js';
import { startHarness, type Harness } from '../../app/harness.js';
import { T0 } from '../../store/builders.js';

const run = promisify(execFile);

describe('routes/stream: the current segment of pipeline-made media', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('names a segment the media origin serves, for every position of the asset', async () => {
    const inbox = join(h.settings.contentDir, 'inbox');
    await mkdir(inbox, { recursive: true });
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=25:duration=5', '-f', 'lavfi', '-i', 'sine=duration=5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(inbox, 'clip.mp4')]);
    const pipeline = { ...h.settings.services.pipeline, preset: 'ultrafast' }; // the product's ladder: a 240p source makes its 240p rung
    const worker = new PipelineWorker({ contentDir: h.settings.contentDir, pipeline, store: h.store, runner: createMediaRunner(), tuning: { settleMs: 0, threads: 2 } });
    const pass = await worker.runPass();
    expect(pass.failed).to.deep.equal([]);
    const assetId = pass.done[0]?.assetId ?? '';
    await h.createChannel({ id: 'clip', number: 1, name: 'Clip', loop: { epochMs: T0, items: [{ assetId }] } });

    for (const atMs of [0, 1_500, 2_100, 4_900]) {
      h.clock.set(T0 + atMs);
      const body = h.json<{ segment: { url: string; index: number } | null }>(await h.inject({ url: '/stream/qa?channel=clip' }));
      expect(body.segment, `at ${atMs} ms`).to.not.equal(null);
      const segment = await h.inject({ url: body.segment?.url ?? '' });
      expect(segment.statusCode, `${body.segment?.url} at ${atMs} ms`).to.equal(200);
      expect(segment.rawPayload.length).to.be.greaterThan(100);
    }
  });
});
