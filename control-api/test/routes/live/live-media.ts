// Real media for the live output's route tests: short sources made with ffmpeg and packaged by the
// pipeline's own worker into the harness's content folder (so what is stitched is what the pipeline writes).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PipelineWorker } from '#pipeline/worker/worker.js';
import { createMediaRunner } from '#pipeline/ffmpeg/runner.js';
import { makeTracksSource } from '#pipeline/sample/tracks-source.js';
import type { Asset } from '../../../src/contracts/lineup.js';
import type { Harness } from '../../app/harness.js';

const run = promisify(execFile);

/**
 * Packages one source per entry (`name` → seconds of 426x240 test pattern with a tone), and with
 * `tracksSample` the pipeline's sample of two audio languages and two text tracks under that name;
 * assets by name.
 */
export async function packageSources(h: Harness, sources: Record<string, number>, o: { tracksSample?: string } = {}): Promise<Record<string, Asset>> {
  const inbox = join(h.settings.contentDir, 'inbox');
  await mkdir(inbox, { recursive: true });
  if (o.tracksSample) await makeTracksSource(createMediaRunner(), inbox, o.tracksSample);
  let tone = 300;
  for (const [name, seconds] of Object.entries(sources)) {
    tone += 110;
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=426x240:rate=25:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=${tone}:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(inbox, `${name}.mp4`)]);
  }
  const pipeline = { ...h.settings.services.pipeline, preset: 'ultrafast' as const }; // the product's ladder: a 240p source makes its 240p rung
  const worker = new PipelineWorker({ contentDir: h.settings.contentDir, pipeline, store: h.store, runner: createMediaRunner(), tuning: { settleMs: 0, threads: 2 } });
  const pass = await worker.runPass();
  if (pass.failed.length > 0) throw new Error(`packaging failed: ${JSON.stringify(pass.failed)}`);
  const out: Record<string, Asset> = {};
  for (const job of pass.done) {
    const asset = job.assetId ? await h.store.getAsset(job.assetId) : null;
    if (asset) out[job.source.replace(/\.(mp4|mkv)$/, '')] = asset;
  }
  return out;
}
