// Atomic publish: the worker process (the real CLI, `--once`, on the embedded store) is killed mid-transcode.
// Nothing half-written may be visible under media/, and the job is retried once its lease has expired;
// the dead worker's staging goes then too.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '#control-api/config/load-settings.js';
import { openStore } from '#control-api/store/open-store.js';
import type { LineupStore } from '#contracts/lineup-store.js';
import { createMediaRunner } from '../../src/ffmpeg/runner.js';
import { PipelineWorker } from '../../src/worker/worker.js';
import { listDir } from '../support/harness.js';
import { makeSource, tempContent, testPipelineSettings, type TempContent } from '../support/media.js';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const projectSettings = fileURLToPath(new URL('../../../settings.json', import.meta.url));

async function waitFor<T>(what: () => string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('atomic publish when the worker dies mid-transcode (real CLI, real ffmpeg)', function () {
  this.timeout(120_000);
  let t: TempContent;
  let child: ChildProcess | null = null;
  let store: LineupStore | null = null;

  before(async () => {
    t = await tempContent();
  });
  after(async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    await store?.close();
    await t.cleanup();
  });

  it('shows nothing under media/, then a later worker retries the job and publishes it', async () => {
    const pipeline = testPipelineSettings({ leaseMs: 60_000, maxAttempts: 3 });
    const raw = JSON.parse(await readFile(projectSettings, 'utf8')) as { services: Record<string, unknown> & { store: Record<string, unknown> } };
    raw.services.contentDir = t.contentDir;
    raw.services.store = { ...raw.services.store, mongodbUrl: null, dataDir: join(t.root, 'data') };
    raw.services.pipeline = pipeline;
    const settingsPath = join(t.root, 'settings.json');
    await writeFile(settingsPath, JSON.stringify(raw));
    // ffmpeg, but the ladder encode reads its input at native speed: the kill lands mid-transcode for sure.
    const slowFfmpeg = join(t.root, 'slow-ffmpeg.sh');
    await writeFile(slowFfmpeg, '#!/bin/sh\ncase "$*" in\n  *"-f dash"*) exec ffmpeg -readrate 1 "$@" ;;\n  *) exec ffmpeg "$@" ;;\nesac\n');
    await chmod(slowFfmpeg, 0o755);
    await makeSource(join(t.inbox, 'crash test.mp4'), { width: 320, height: 240, fps: '25', durationSec: 6, toneDb: 0 });

    const env: NodeJS.ProcessEnv = { ...process.env, FFMPEG_PATH: slowFfmpeg };
    delete env.MONGODB_URL;
    delete env.STREAMSYNC_CONTENT_DIR;
    delete env.STREAMSYNC_DATA_DIR;
    child = spawn(process.execPath, ['--import', 'tsx', cli, '--once', '--settings', settingsPath], {
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    const stagingRoot = join(t.contentDir, '.staging');
    await waitFor(
      () => `segments in staging (worker stderr: ${stderr})`,
      async () => {
        for (const dir of await listDir(stagingRoot)) {
          if ((await listDir(join(stagingRoot, dir))).some((f) => f.endsWith('.m4s'))) return dir;
        }
        return null;
      },
      60_000,
    );
    const pid = child.pid;
    if (!pid) throw new Error('no child pid');
    process.kill(-pid, 'SIGKILL');
    await exited;

    // Nothing visible to players: media/ is empty; the partial output sits only in staging.
    expect(await listDir(join(t.contentDir, 'media'))).to.deep.equal([]);
    expect((await readdir(stagingRoot)).length).to.equal(1);

    const settings = loadSettings(settingsPath, {});
    store = await openStore(settings);
    const [job] = await store.listJobs();
    expect(job).to.include({ source: 'crash test.mp4', status: 'running', attempts: 1 });
    expect(job?.leaseUntil).to.be.greaterThan(Date.now());

    const worker = (clock: () => number) =>
      new PipelineWorker({ contentDir: t.contentDir, pipeline, store: store as LineupStore, runner: createMediaRunner(), clock, tuning: { settleMs: 10, threads: 2 } });
    // While the lease holds, no other worker takes the job.
    const early = await worker(Date.now).runPass();
    expect(early.done).to.deep.equal([]);
    expect((await store.getJob(job?.id ?? ''))?.status).to.equal('running');
    expect((await readdir(stagingRoot)).length, 'its staging kept while the lease holds').to.equal(1);

    // Once it has expired, the job is retried and published.
    const late = await worker(() => Date.now() + pipeline.leaseMs + 1000).runPass();
    expect(late.done.map((j) => [j.source, j.attempts])).to.deep.equal([['crash test.mp4', 2]]);
    const assetId = late.done[0]?.assetId ?? '';
    expect(await listDir(join(t.contentDir, 'media'))).to.deep.equal([assetId]);
    expect(await listDir(join(t.contentDir, 'media', assetId))).to.include.members(['manifest.mpd', 'master.m3u8', 'poster.jpg']);
    expect((await store.getAsset(assetId))?.status).to.equal('ready');
    expect(await listDir(stagingRoot), "the dead worker's staging removed once its lease ran out (not hours later)").to.deep.equal([]);
  });
});
