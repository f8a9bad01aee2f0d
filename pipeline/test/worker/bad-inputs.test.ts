// Awkward inputs in one pass: each bad one fails clearly (job, failed/ folder, .error.json) and the worker
// goes on with the rest; the unusual-but-valid ones are packaged.
import { expect } from 'chai';
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from '#contracts/jobs.js';
import { createHarness, joinRepresentation, listDir, readMpd, type Harness } from '../support/harness.js';
import { makeSource, run, videoPackets } from '../support/media.js';

const NAMES = {
  empty: 'empty.mp4',
  truncated: 'cut short.mp4',
  truncatedFaststart: 'cut short faststart.mp4',
  text: 'notes.mp4',
  audioOnly: 'audio only.m4a',
  videoOnly: 'video only ünïcødé 日本.mp4',
  film: 'film 23.976.mp4',
  sport: `sport 59.94 $(touch pwned) ; \`id\` & 'q' "dq" |x.mp4`,
  odd: 'odd 1279x719.mkv',
  silentAudio: 'silent audio.mp4',
};

describe('pipeline with bad and unusual inputs (real ffmpeg)', function () {
  this.timeout(180_000);
  let h: Harness;
  let pass: Awaited<ReturnType<Harness['worker']['runPass']>>;
  const jobOf = (name: string): Job => {
    const job = [...pass.done, ...pass.failed].find((j) => j.source === name);
    if (!job) throw new Error(`no job for ${name}`);
    return job;
  };

  before(async () => {
    h = await createHarness();
    const inbox = (name: string) => join(h.content.inbox, name);
    await writeFile(inbox(NAMES.empty), '');
    await writeFile(inbox(NAMES.text), 'Running order for Monday:\n1. News\n2. Weather\n');
    await makeSource(inbox(NAMES.truncated), { width: 160, height: 120, fps: '25', durationSec: 2, toneDb: 0 });
    await truncate(inbox(NAMES.truncated), Math.floor((await stat(inbox(NAMES.truncated))).size / 2));
    await makeSource(inbox('tmp-faststart.mp4'), { width: 160, height: 120, fps: '25', durationSec: 8, toneDb: 0 });
    await run('ffmpeg', ['-v', 'error', '-i', inbox('tmp-faststart.mp4'), '-c', 'copy', '-movflags', '+faststart', inbox(NAMES.truncatedFaststart)]);
    await run('rm', [inbox('tmp-faststart.mp4')]);
    await truncate(inbox(NAMES.truncatedFaststart), Math.floor((await stat(inbox(NAMES.truncatedFaststart))).size * 0.4));
    await makeSource(inbox(NAMES.audioOnly), { width: 0, height: 0, fps: '25', durationSec: 2, toneDb: 0, audioOnly: true });
    await makeSource(inbox(NAMES.videoOnly), { width: 192, height: 144, fps: '25', durationSec: 2, toneDb: null });
    await makeSource(inbox(NAMES.film), { width: 192, height: 144, fps: '24000/1001', durationSec: 3, toneDb: 0 });
    await makeSource(inbox(NAMES.sport), { width: 192, height: 144, fps: '60000/1001', durationSec: 2.5, toneDb: 0 });
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=1.2', '-vf', 'scale=1279:719,setsar=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p', '-threads', '2', inbox(NAMES.odd)]);
    await makeSource(inbox(NAMES.silentAudio), { width: 160, height: 144, fps: '25', durationSec: 1.5, toneDb: -400 });
    pass = await h.worker.runPass();
  });
  after(() => h.content.cleanup());

  const failures: Array<[keyof typeof NAMES, string, RegExp]> = [
    ['empty', 'SS_SOURCE_EMPTY', /empty \(0 bytes\)/],
    ['truncated', 'SS_SOURCE_TRUNCATED', /incomplete or damaged/],
    ['truncatedFaststart', 'SS_SOURCE_TRUNCATED', /incomplete or damaged/],
    ['text', 'SS_SOURCE_NOT_MEDIA', /not a video file/],
    ['audioOnly', 'SS_SOURCE_NO_VIDEO', /no video stream.*audio only/],
  ];
  for (const [key, code, message] of failures) {
    it(`fails ${NAMES[key]} with ${code}, moves it to failed/ with a .error.json`, async () => {
      const job = jobOf(NAMES[key]);
      expect(job.status).to.equal('failed');
      expect(job.error).to.match(message);
      expect(job.error).to.include(code);
      const failedDir = join(h.content.contentDir, 'failed');
      const files = await listDir(failedDir);
      expect(files).to.include(NAMES[key]);
      expect(await listDir(h.content.inbox)).to.not.include(NAMES[key]);
      const report = JSON.parse(await readFile(join(failedDir, `${NAMES[key]}.error.json`), 'utf8')) as Record<string, unknown>;
      expect(report).to.include({ jobId: job.id, source: NAMES[key], code });
      expect(report.message).to.match(message);
    });
  }

  it('goes on after every failure: all valid sources are packaged in the same pass', () => {
    expect(pass.done.map((j) => j.source).sort()).to.deep.equal([NAMES.film, NAMES.odd, NAMES.silentAudio, NAMES.sport, NAMES.videoOnly].sort());
    expect(pass.failed).to.have.length(failures.length);
  });

  for (const key of ['videoOnly', 'silentAudio'] as const) it(`gives ${NAMES[key]} a silent stereo AAC track`, async () => {
    const job = jobOf(NAMES[key]);
    // No audio stream: a generated track; digital silence: kept as is (nothing to normalize).
    expect(job.command).to.include(key === 'videoOnly' ? 'anullsrc=channel_layout=stereo' : '[0:a:0]aresample=48000[aout]');
    const id = job.assetId ?? '';
    const mpd = await readMpd(h.mediaDir(id));
    const audio = mpd.representations.find((r) => r.contentType === 'audio');
    if (!audio) throw new Error('no audio representation');
    const file = await joinRepresentation(h.mediaDir(id), audio, join(h.content.root, 'silent.mp4'));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,profile,channels,sample_rate', '-of', 'csv=p=0', file]);
    expect(stdout.trim()).to.equal('aac,LC,48000,2');
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'volumedetect', '-f', 'null', '-']);
    expect(stderr).to.match(/max_volume: -(9[0-9]|1\d\d)(\.\d)? dB/);
  });

  for (const [key, fps, frac] of [['film', 24000 / 1001, '24000/1001'], ['sport', 60000 / 1001, '60000/1001']] as const) {
    it(`keeps ${frac} fps and puts keyframes on every segment boundary (${NAMES[key]})`, async () => {
      const dir = h.mediaDir(jobOf(NAMES[key]).assetId ?? '');
      const text = await readFile(join(dir, 'manifest.mpd'), 'utf8');
      expect(text).to.include(`frameRate="${frac}"`);
      const mpd = await readMpd(dir);
      for (const rep of mpd.representations.filter((r) => r.contentType === 'video')) {
        const packets = await videoPackets(await joinRepresentation(dir, rep, join(h.content.root, `${key}-${rep.id}.mp4`)));
        const t0 = packets[0]?.pts ?? 0;
        const keyFrames = packets.filter((p) => p.key).map((p) => Math.round((p.pts - t0) * fps));
        // Segment n starts at the first frame at or after n seconds.
        const starts = rep.segments.map((_, n) => Math.max(0, Math.ceil(n * fps - 1e-6)));
        expect(keyFrames).to.deep.equal(starts);
      }
    });
  }

  it('scales an odd-sized 1279x719 source to even rungs below it', async () => {
    const id = jobOf(NAMES.odd).assetId ?? '';
    const asset = h.store.assets.get(id);
    expect(asset?.renditions.map((r) => [r.width, r.height])).to.deep.equal([[426, 240], [320, 180], [256, 144]]);
  });

  it('takes file names with spaces, unicode and shell metacharacters literally', async () => {
    expect(jobOf(NAMES.sport).status).to.equal('done');
    expect(jobOf(NAMES.videoOnly).status).to.equal('done');
    expect(h.store.assets.get(jobOf(NAMES.videoOnly).assetId ?? '')?.title).to.equal('video only ünïcødé 日本');
    expect(await listDir(process.cwd())).to.not.include('pwned');
  });

  it('does not pick failed sources up again on the next pass', async () => {
    const before = h.spawns.length;
    const again = await h.worker.runPass();
    expect(again.enqueued).to.equal(0);
    expect(h.spawns.length).to.equal(before);
  });
});
