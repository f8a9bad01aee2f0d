// Real ffmpeg: a source with two audio languages, an embedded subtitle stream and sidecars beside it in
// the inbox. Both languages are loudness-normalized renditions listed in the MPD and the HLS master; the
// embedded stream and the good sidecar become segmented WebVTT in step with the video; broken sidecars
// are reported on the job, not fatal; sidecars travel with a failed source.
import { expect } from 'chai';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from '#contracts/jobs.js';
import type { Asset } from '#contracts/lineup.js';
import { createMediaRunner } from '../../src/ffmpeg/runner.js';
import { parseHlsMaster, parseHlsMedia } from '../../src/media/manifest.js';
import { readMpdTracks } from '../../src/media/track-manifests.js';
import { parseVtt, type VttCue } from '../../src/media/vtt.js';
import { makeTracksSource, TRACKS_SAMPLE } from '../../src/sample/tracks-source.js';
import { createHarness, joinRepresentation, readMpd, type Harness } from '../support/harness.js';
import { integratedLoudness, makeBitmapSubtitleSource, run } from '../support/media.js';

const cueKey = (c: Pick<VttCue, 'startMs' | 'endMs' | 'text'>) => `${c.startMs}-${c.endMs} ${c.text}`;

/** The cues of a source's first subtitle stream, read with ffprobe (times in milliseconds). */
async function sourceCues(file: string): Promise<Array<{ startMs: number; endMs: number; text: string }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 's:0', '-show_packets', '-show_data', '-of', 'json', file]);
  const packets = (JSON.parse(stdout) as { packets: Array<{ pts_time: string; duration_time: string; data: string }> }).packets;
  // -show_data prints a hex dump: offset, hex words, then the ASCII column.
  const textOf = (dump: string) => dump.split('\n').map((l) => l.slice(51)).join('').trim();
  return packets.map((p) => ({ startMs: Math.round(Number(p.pts_time) * 1000), endMs: Math.round((Number(p.pts_time) + Number(p.duration_time)) * 1000), text: textOf(p.data) }));
}

describe('pipeline: audio languages and text tracks (real ffmpeg)', function () {
  this.timeout(180_000);
  let h: Harness;
  let job: Job;
  let asset: Asset;
  let dir: string;
  let failedPass: Awaited<ReturnType<Harness['worker']['runPass']>>;

  before(async () => {
    h = await createHarness();
    await makeTracksSource(createMediaRunner(), h.content.inbox, 'Film');
    // Two broken sidecars: not UTF-8, and a timing line that cannot be read.
    await writeFile(join(h.content.inbox, 'Film.de.srt'), Buffer.from([0x31, 0x0a, 0x30, 0x30, 0x3a, 0x0a, 0xc3, 0x28, 0x0a]));
    await writeFile(join(h.content.inbox, 'Film.es.srt'), '1\n00:00:01,000 --> 00:00:0x,000\nHola\n');
    const pass = await h.worker.runPass();
    expect(pass.failed.map((j) => j.error)).to.deep.equal([]);
    expect(pass.done.map((j) => j.source)).to.deep.equal(['Film.mkv']);
    job = pass.done[0] as Job;
    asset = h.store.assets.get(job.assetId ?? '') as Asset;
    dir = h.mediaDir(asset.id);
  });
  after(() => h.content.cleanup());

  it('lists both audio languages and both text tracks on the asset, and the dropped sidecars on the job', () => {
    expect(asset.audioTracks?.map((t) => [t.lang, t.label, t.channels])).to.deep.equal([['en', 'English', 2], ['fr', 'French', 2]]);
    expect(asset.textTracks).to.deep.equal([
      { id: 'text-0', lang: 'en', label: 'English (CC)', kind: 'captions', source: 'stream' },
      { id: 'text-1', lang: 'fr', label: 'French', kind: 'subtitles', source: 'sidecar' },
    ]);
    expect(job.sidecars).to.deep.equal(['Film.de.srt', 'Film.es.srt', 'Film.fr.srt']);
    expect(job.trackIssues?.map((i) => [i.code, i.source, i.file, i.lang])).to.deep.equal([
      ['SS_TEXT_INVALID_UTF8', 'sidecar', 'Film.de.srt', 'de'],
      ['SS_TEXT_BAD_TIMING', 'sidecar', 'Film.es.srt', 'es'],
    ]);
    expect(job.trackIssues?.[0]?.message).to.match(/^Sidecar Film\.de\.srt is left out: the file is not UTF-8 text/);
  });

  it('gives each audio language its own AdaptationSet with lang and Label, each loudness-normalized', async () => {
    const text = await readFile(join(dir, 'manifest.mpd'), 'utf8');
    await run('xmllint', ['--noout', join(dir, 'manifest.mpd')]);
    const tracks = readMpdTracks(text);
    expect(tracks.audio.map((a) => [a.lang, a.label])).to.deep.equal([['en', 'English'], ['fr', 'French']]);
    expect(asset.audioTracks?.map((t) => t.id)).to.deep.equal(tracks.audio.map((a) => a.id));
    const mpd = await readMpd(dir);
    const audio = mpd.representations.filter((r) => r.contentType === 'audio');
    expect(audio).to.have.length(2);
    for (const [i, rep] of audio.entries()) {
      const joined = await joinRepresentation(dir, rep, join(h.content.root, `audio-${i}.mp4`));
      expect(await integratedLoudness(joined), `audio ${i}`).to.be.closeTo(-23, 1.5);
    }
  });

  it('lists the text tracks in the MPD (text/vtt, lang, Role, Label, SegmentTemplate) with segments in step with the video', async () => {
    const text = await readFile(join(dir, 'manifest.mpd'), 'utf8');
    const sets = [...text.matchAll(/<AdaptationSet\b[^>]*contentType="text"[^>]*>[\s\S]*?<\/AdaptationSet>/g)].map((m) => m[0]);
    expect(sets).to.have.length(2);
    expect(sets[0]).to.match(/mimeType="text\/vtt" lang="en"/).and.match(/<Role schemeIdUri="urn:mpeg:dash:role:2011" value="caption"\/>/).and.include('<Label>English (CC)</Label>');
    expect(sets[1]).to.match(/lang="fr"/).and.match(/value="subtitle"/).and.include('<Label>French</Label>');
    expect(sets[0]).to.include('<SegmentTemplate timescale="1000" duration="1000" startNumber="1" media="$RepresentationID$-$Number%05d$.vtt"/>');
    const video = (await readMpd(dir)).representations.find((r) => r.contentType === 'video');
    const files = await readdir(dir);
    // The embedded cues as the source holds them (its muxer shifted them with the video behind the
    // audio's priming samples), the sidecar's as written: the text tracks keep both on the source's timeline.
    const embedded = await sourceCues(join(h.content.inbox, 'Film.mkv'));
    expect(embedded.map((c) => c.text)).to.deep.equal(TRACKS_SAMPLE.embedded.cues.map((c) => c.text));
    for (const [id, cues] of [['text-0', embedded], ['text-1', TRACKS_SAMPLE.sidecar.cues]] as const) {
      const segments = files.filter((f) => f.startsWith(`${id}-`)).sort();
      // One WebVTT segment per video segment (1 s each), numbered from 1.
      expect(segments).to.deep.equal(Array.from({ length: video?.segments.length ?? 0 }, (_, n) => `${id}-${String(n + 1).padStart(5, '0')}.vtt`));
      const texts = await Promise.all(segments.map((f) => readFile(join(dir, f), 'utf8')));
      for (const t of texts) expect(t.startsWith('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n')).to.equal(true);
      // Every cue of the source, at its time, in each segment it overlaps (and only there).
      const seen = new Set(texts.flatMap((t) => parseVtt(t).map(cueKey)));
      expect([...seen].sort()).to.deep.equal(cues.map(cueKey).sort());
      texts.forEach((t, n) => {
        const want = cues.filter((c) => c.startMs < (n + 1) * 1000 && c.endMs > n * 1000).map(cueKey);
        expect(parseVtt(t).map(cueKey), `${id} segment ${n + 1}`).to.deep.equal(want);
      });
    }
  });

  it('lists both audio renditions (LANGUAGE, NAME) and both subtitle renditions in the HLS master, every variant in the subtitles group', async () => {
    const master = parseHlsMaster(await readFile(join(dir, 'master.m3u8'), 'utf8'));
    expect(master.audio.map((a) => [a.language, a.name])).to.deep.equal([['en', 'English'], ['fr', 'French']]);
    expect(master.subtitles.map((s) => [s.language, s.name, s.uri, s.groupId])).to.deep.equal([
      ['en', 'English (CC)', 'text-0.m3u8', 'subs'],
      ['fr', 'French', 'text-1.m3u8', 'subs'],
    ]);
    expect(master.variants).to.have.length(asset.renditions.length);
    const raw = await readFile(join(dir, 'master.m3u8'), 'utf8');
    for (const line of raw.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))) expect(line).to.include('SUBTITLES="subs"');
    // The text playlist lists one segment per video segment, over the same duration.
    const video = parseHlsMedia(await readFile(join(dir, master.variants[0]?.uri ?? ''), 'utf8'));
    const media = parseHlsMedia(await readFile(join(dir, 'text-1.m3u8'), 'utf8'));
    expect(media.ended).to.equal(true);
    expect(media.segments.map((s) => s.uri)).to.deep.equal(video.segments.map((_, n) => `text-1-${String(n + 1).padStart(5, '0')}.vtt`));
    const total = (m: typeof media) => m.segments.reduce((a, s) => a + s.durationSec, 0);
    expect(total(media)).to.be.closeTo(total(video), 0.01);
    expect(total(media)).to.be.closeTo(asset.durationMs / 1000, 0.01);
  });

  it('keeps the sidecars beside the source in the inbox (they are never sources), and moves them to failed/ with a failed source', async () => {
    expect((await readdir(h.content.inbox)).filter((n) => !n.startsWith('.')).sort()).to.deep.equal(['Film.de.srt', 'Film.es.srt', 'Film.fr.srt', 'Film.mkv']);
    await writeFile(join(h.content.inbox, 'Broken.mp4'), 'not a video at all');
    await writeFile(join(h.content.inbox, 'Broken.fr.srt'), '1\n00:00:01,000 --> 00:00:02,000\nx\n');
    failedPass = await h.worker.runPass();
    expect(failedPass.failed.map((j) => [j.source, j.sidecars])).to.deep.equal([['Broken.mp4', ['Broken.fr.srt']]]);
    const failed = await readdir(join(h.content.contentDir, 'failed'));
    expect(failed.sort()).to.deep.equal(['Broken.fr.srt', 'Broken.mp4', 'Broken.mp4.error.json']);
    expect(await readdir(h.content.inbox)).to.not.include('Broken.fr.srt');
  });
});

describe('pipeline: a bitmap subtitle stream (real ffmpeg, a real PGS stream)', function () {
  this.timeout(120_000);
  let h: Harness;
  after(() => h?.content.cleanup());

  it('publishes video and audio, lists no text track, and reports the stream as not converted', async () => {
    h = await createHarness();
    await makeBitmapSubtitleSource(join(h.content.inbox, 'Bitmap.mkv'), { durationSec: 2, language: 'ger' });
    const pass = await h.worker.runPass();
    expect(pass.failed.map((j) => j.error)).to.deep.equal([]);
    const job = pass.done[0];
    const asset = h.store.assets.get(job?.assetId ?? '');
    expect(asset?.status).to.equal('ready');
    expect(asset?.textTracks).to.deep.equal([]);
    expect(job?.trackIssues?.map((i) => [i.code, i.source, i.streamIndex, i.codec, i.lang])).to.deep.equal([
      ['SS_TEXT_BITMAP_NOT_CONVERTED', 'stream', 0, 'hdmv_pgs_subtitle', 'de'],
    ]);
    const master = parseHlsMaster(await readFile(join(h.mediaDir(asset?.id ?? ''), 'master.m3u8'), 'utf8'));
    expect(master.subtitles).to.deep.equal([]);
  });
});
