// Real ffmpeg on tiny sources: what a packaged asset looks like, checked from the outside.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseHlsMaster, parseHlsMedia, segmentFiles } from '../../src/media/manifest.js';
import { createHarness, joinRepresentation, listDir, readMpd, type Harness } from '../support/harness.js';
import { integratedLoudness, makeSource, videoPackets } from '../support/media.js';

const exec = promisify(execFile);

describe('pipeline packaging (real ffmpeg)', function () {
  this.timeout(120_000);
  let h: Harness;
  let first: Awaited<ReturnType<Harness['worker']['runPass']>>;

  before(async () => {
    h = await createHarness();
    // A loud tone (about -13 LUFS) so normalization to -23 really has to act.
    await makeSource(join(h.content.inbox, 'main source.mp4'), { width: 320, height: 240, fps: '30', durationSec: 4.5, toneDb: 9 });
    await makeSource(join(h.content.inbox, 'small.mp4'), { width: 256, height: 144, fps: '25', durationSec: 2, toneDb: 0 });
    first = await h.worker.runPass();
  });
  after(() => h.content.cleanup());

  const mainAsset = () => {
    const job = first.done.find((j) => j.source === 'main source.mp4');
    const asset = job?.assetId ? h.store.assets.get(job.assetId) : undefined;
    if (!job || !asset) throw new Error('main source was not published');
    return { job, asset, dir: h.mediaDir(asset.id) };
  };

  it('publishes each source as a ready asset with URLs, renditions and a job record', () => {
    expect(first.failed).to.deep.equal([]);
    expect(first.done).to.have.length(2);
    const { job, asset } = mainAsset();
    expect(asset).to.include({ status: 'ready', title: 'main source', segmentSeconds: 1 });
    expect(asset.dashUrl).to.equal(`/media/${asset.id}/manifest.mpd`);
    expect(asset.hlsUrl).to.equal(`/media/${asset.id}/master.m3u8`);
    expect(asset.posterUrl).to.equal(`/media/${asset.id}/poster.jpg`);
    expect(asset.id).to.match(/^[0-9a-f]{32}$/);
    expect(asset.renditions.map((r) => [r.name, r.width, r.height])).to.deep.equal([['240p', 320, 240], ['180p', 240, 180], ['144p', 192, 144]]);
    for (const r of asset.renditions) expect(r.codecs).to.match(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    expect(job).to.include({ status: 'done', progress: 100, attempts: 1, assetId: asset.id, error: null });
    expect(job.command).to.match(/^ffmpeg .*-f dash/);
    expect(job.startedAt).to.be.a('number');
    expect(job.finishedAt).to.be.at.least(job.startedAt ?? Infinity);
    expect(h.published.map((a) => a.id).sort()).to.deep.equal(first.done.map((j) => j.assetId).sort());
  });

  it('measures durationMs from the packaged output', async () => {
    const { asset, dir } = mainAsset();
    const mpd = await readMpd(dir);
    const video = mpd.representations.find((r) => r.contentType === 'video');
    if (!video) throw new Error('no video');
    const joined = await joinRepresentation(dir, video, join(h.content.root, 'dur.mp4'));
    const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', joined]);
    // 4.5 s at 30 fps = 135 frames: the duration is what was packaged, to the frame.
    expect(Number(stdout.trim())).to.equal(135);
    expect(asset.durationMs).to.equal(4500);
  });

  it('never upscales: a 144p source gets only the 144p rung', () => {
    const job = first.done.find((j) => j.source === 'small.mp4');
    const asset = job?.assetId ? h.store.assets.get(job.assetId) : undefined;
    expect(asset?.renditions.map((r) => r.height)).to.deep.equal([144]);
  });

  it('writes an MPD with a SegmentTimeline that parses as XML and lists every rung and the audio', async () => {
    const { dir } = mainAsset();
    await exec('xmllint', ['--noout', join(dir, 'manifest.mpd')]);
    const text = await readFile(join(dir, 'manifest.mpd'), 'utf8');
    expect(text).to.include('<SegmentTimeline>');
    const mpd = await readMpd(dir);
    expect(mpd.type).to.equal('static');
    expect(mpd.representations.filter((r) => r.contentType === 'video').map((r) => r.height)).to.deep.equal([240, 180, 144]);
    const audio = mpd.representations.filter((r) => r.contentType === 'audio');
    expect(audio.map((r) => r.codecs)).to.deep.equal(['mp4a.40.2']);
    expect(text).to.include('audioSamplingRate="48000"');
    expect(text).to.match(/AudioChannelConfiguration[^>]*value="2"/);
  });

  it('writes HLS master and media playlists over the same segment files', async () => {
    const { dir } = mainAsset();
    const master = parseHlsMaster(await readFile(join(dir, 'master.m3u8'), 'utf8'));
    expect(master.variants.map((v) => v.resolution)).to.deep.equal(['320x240', '240x180', '192x144']);
    expect(master.audio).to.have.length(1);
    const mpd = await readMpd(dir);
    const files = new Set(await readdir(dir));
    for (const uri of [...master.variants.map((v) => v.uri), ...master.audio.map((a) => a.uri)]) {
      const media = parseHlsMedia(await readFile(join(dir, uri), 'utf8'));
      expect(media.ended).to.equal(true);
      expect(media.map).to.be.a('string');
      expect(files.has(media.map ?? '')).to.equal(true);
      for (const s of media.segments) expect(files.has(s.uri), s.uri).to.equal(true);
    }
    // Same bytes for both protocols: every DASH segment of the first rung is in the first HLS playlist.
    const rep0 = mpd.representations[0];
    if (!rep0) throw new Error('no representation');
    const hls0 = parseHlsMedia(await readFile(join(dir, master.variants[0]?.uri ?? ''), 'utf8'));
    expect(hls0.segments.map((s) => s.uri)).to.deep.equal(segmentFiles(rep0).media);
  });

  it('has segments of the configured duration and a keyframe at exactly every segment boundary in every rung', async () => {
    const { dir } = mainAsset();
    const mpd = await readMpd(dir);
    const fps = 30;
    for (const rep of mpd.representations.filter((r) => r.contentType === 'video')) {
      const seconds = rep.segments.map((d) => d / rep.timescale);
      expect(seconds.slice(0, -1).every((s) => Math.abs(s - 1) < 1e-9), `rung ${rep.height}: ${seconds.join(',')}`).to.equal(true);
      expect(seconds.at(-1)).to.be.at.most(1);
      const packets = await videoPackets(await joinRepresentation(dir, rep, join(h.content.root, `k${rep.id}.mp4`)));
      const t0 = packets[0]?.pts ?? 0;
      const keys = packets.filter((p) => p.key).map((p) => Math.round((p.pts - t0) * fps));
      // Frame numbers of keyframes: 0, 30, 60, ... one per segment, and nowhere else.
      expect(keys, `rung ${rep.height}`).to.deep.equal(seconds.map((_, n) => n * fps));
    }
  });

  it('normalizes loudness to the target within 1 LU', async () => {
    const { dir } = mainAsset();
    const mpd = await readMpd(dir);
    const audio = mpd.representations.find((r) => r.contentType === 'audio');
    if (!audio) throw new Error('no audio');
    const before = await integratedLoudness(join(h.content.inbox, 'main source.mp4'));
    const lufs = await integratedLoudness(await joinRepresentation(dir, audio, join(h.content.root, 'audio.mp4')));
    expect(before).to.be.above(-18);
    expect(Math.abs(lufs - -23), `${lufs} LUFS`).to.be.at.most(1);
  });

  it('writes a poster JPEG and leaves nothing in staging', async () => {
    const { dir } = mainAsset();
    const poster = await readFile(join(dir, 'poster.jpg'));
    expect(poster.subarray(0, 3).toString('hex')).to.equal('ffd8ff');
    expect(await listDir(join(h.content.contentDir, '.staging'))).to.deep.equal([]);
  });

  it('never transcodes an unchanged source again: a second pass spawns no process at all', async () => {
    const before = h.spawns.length;
    const second = await h.worker.runPass();
    expect(h.spawns.length - before).to.equal(0);
    expect(second).to.include({ enqueued: 0 });
    expect(second.done).to.deep.equal([]);
  });

  it('recognizes the same content under another name without encoding it', async () => {
    const { asset } = mainAsset();
    await copyFile(join(h.content.inbox, 'main source.mp4'), join(h.content.inbox, 'copy of main.mp4'));
    const before = h.spawns.length;
    const publishedBefore = h.published.length;
    const pass = await h.worker.runPass();
    expect(pass.done.map((j) => j.assetId)).to.deep.equal([asset.id]);
    expect(pass.reused).to.equal(1);
    expect(h.spawns.slice(before).map((s) => s.tool)).to.deep.equal(['ffprobe']);
    expect(h.published.length).to.equal(publishedBefore);
  });
});
