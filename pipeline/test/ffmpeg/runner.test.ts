import { expect } from 'chai';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaRunner, MediaToolError, mediaToolPaths, parseStatsLine, type Progress } from '../../src/ffmpeg/runner.js';

/** A lavfi source read at native speed (-re): long enough to cancel mid-run. */
const slowArgs = (seconds: number) => ['-hide_banner', '-nostdin', '-loglevel', 'warning', '-stats', '-re', '-f', 'lavfi', '-i', `testsrc2=size=64x48:rate=25:duration=${seconds}`, '-f', 'null', '-'];

describe('ffmpeg/runner', function () {
  this.timeout(30_000);

  it('parses ffmpeg -stats lines into progress', () => {
    const p = parseStatsLine('frame=  150 fps=0.0 q=-0.0 size=N/A time=00:01:05.50 bitrate=N/A speed=2.5x', 131);
    expect(p).to.deep.equal({ outTimeSec: 65.5, percent: 50, speed: 2.5 });
    expect(parseStatsLine('Stream mapping:')).to.equal(null);
    expect(parseStatsLine('size=N/A time=00:00:01.00 bitrate=N/A speed=N/A')).to.deep.equal({ outTimeSec: 1, percent: null, speed: null });
  });

  it('runs ffprobe and returns its stdout', async () => {
    const runner = createMediaRunner();
    const { stdout } = await runner.ffprobe(['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=25:duration=1', '-show_entries', 'stream=width,height', '-of', 'csv=p=0']);
    expect(stdout.trim()).to.equal('64,48');
  });

  it('reports progress events with percent of the expected duration', async () => {
    const seen: Progress[] = [];
    const spawned: string[] = [];
    const runner = createMediaRunner({ onSpawn: (tool) => spawned.push(tool) });
    await runner.ffmpeg(['-hide_banner', '-nostdin', '-stats', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=25:duration=3', '-f', 'null', '-'], {
      durationSec: 3,
      onProgress: (p) => seen.push(p),
    });
    expect(spawned).to.deep.equal(['ffmpeg']);
    expect(seen.length).to.be.greaterThan(0);
    const last = seen.at(-1);
    expect(last?.outTimeSec).to.be.closeTo(3, 0.1);
    expect(last?.percent).to.be.closeTo(100, 4);
  });

  it('keeps the tail of stderr and the command line on failure', async () => {
    const runner = createMediaRunner({ stderrTailLines: 5 });
    const err = await runner.ffmpeg(['-hide_banner', '-nostdin', '-i', 'file:/nonexistent/it is not here.mp4', '-f', 'null', '-']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(MediaToolError);
    if (!(err instanceof MediaToolError)) return;
    expect(err.details.exitCode).to.not.equal(0);
    expect(err.details.stderrTail).to.include('No such file or directory');
    expect(err.details.stderrTail.split('\n').length).to.be.at.most(5);
    expect(err.details.commandLine).to.include("'file:/nonexistent/it is not here.mp4'");
    expect(err.message).to.match(/^ffmpeg exited with code \d+: .*No such file/);
  });

  it('cancels a running process through an AbortSignal', async () => {
    const runner = createMediaRunner({ killGraceMs: 500 });
    const abort = new AbortController();
    const started = Date.now();
    const running = runner.ffmpeg(slowArgs(30), { signal: abort.signal, onProgress: () => abort.abort() });
    const err = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).to.be.below(10_000);
    expect(err).to.be.instanceOf(MediaToolError);
    expect(err instanceof MediaToolError && err.details.cancelled).to.equal(true);
  });

  it('kills with SIGKILL a process that ignores SIGTERM, after the grace period', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ss-runner-'));
    try {
      // Stands in for ffmpeg: reports progress, then ignores SIGTERM.
      const stubborn = join(dir, 'ffmpeg');
      await writeFile(stubborn, "#!/bin/sh\ntrap '' TERM\nprintf 'frame=1 time=00:00:01.00 speed=1x\\r' >&2\nexec sleep 30\n");
      await chmod(stubborn, 0o755);
      const runner = createMediaRunner({ ffmpegPath: stubborn, killGraceMs: 300 });
      const abort = new AbortController();
      const started = Date.now();
      const err = await runner.ffmpeg([], { signal: abort.signal, onProgress: () => abort.abort() }).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(MediaToolError);
      if (!(err instanceof MediaToolError)) return;
      expect(err.details).to.include({ cancelled: true, signal: 'SIGKILL', spawnFailed: false });
      expect(Date.now() - started).to.be.within(250, 10_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the last lines of ffmpeg stdout, or all of it when asked', async () => {
    const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=0.2', '-af', 'ashowinfo', '-f', 'framemd5', '-'];
    const all = (await createMediaRunner({ stderrTailLines: 2 }).ffmpeg(args, { fullStdout: true })).stdout;
    const last = (await createMediaRunner({ stderrTailLines: 2 }).ffmpeg(args)).stdout;
    const lines = all.trimEnd().split('\n');
    expect(lines.length).to.be.greaterThan(8);
    expect(last.split('\n')).to.deep.equal(lines.slice(-8));
  });

  it('does not start a process when the signal is already aborted', async () => {
    const spawned: string[] = [];
    const runner = createMediaRunner({ onSpawn: (tool) => spawned.push(tool) });
    const abort = new AbortController();
    abort.abort();
    const err = await runner.ffmpeg(slowArgs(5), { signal: abort.signal }).then(() => null, (e: unknown) => e);
    expect(err instanceof MediaToolError && err.details.cancelled).to.equal(true);
    expect(spawned).to.deep.equal([]);
  });

  it('fails clearly when the binary does not exist', async () => {
    const runner = createMediaRunner({ ffmpegPath: '/nonexistent/ffmpeg' });
    const err = await runner.ffmpeg(['-version']).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(MediaToolError);
    expect((err as Error).message).to.match(/ENOENT/);
  });

  it('takes the binaries an environment names (FFMPEG_PATH, FFPROBE_PATH), and nothing else', () => {
    expect(mediaToolPaths({ FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: '/opt/ff/ffprobe', PATH: '/bin' })).to.deep.equal({ ffmpegPath: '/opt/ff/ffmpeg', ffprobePath: '/opt/ff/ffprobe' });
    expect(mediaToolPaths({ FFMPEG_PATH: '' })).to.deep.equal({});
    expect(createMediaRunner(mediaToolPaths({ FFMPEG_PATH: '/opt/ff/ffmpeg' })).binary('ffmpeg')).to.equal('/opt/ff/ffmpeg');
    expect(createMediaRunner(mediaToolPaths({})).binary('ffprobe')).to.equal('ffprobe');
  });
});
