// The live routes (routes/live/index.ts) over a pipeline-packaged source with two audio languages and
// two text tracks, aired between programs of a source without either: the master lists both languages
// and both text tracks, every media playlist and the MPD are served and parse, every URL they hand out
// answers, and WebVTT moved onto the channel's timeline maps its cues where the moved picture is.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { parseHlsMaster } from '#pipeline/media/manifest.js';
import { TRACKS_SAMPLE } from '#pipeline/sample/tracks-source.js';
import { buildApp } from '../../../src/app.js';
import type { Asset } from '../../../src/contracts/lineup.js';
import { AUTH, FakeClock, startHarness, type Harness } from '../../app/harness.js';
import { T0 } from '../../store/builders.js';
import { packageSources } from './live-media.js';

const run = promisify(execFile);
const SECOND = 1000;
const START = T0 + 60 * SECOND;
const CYCLE = 14 * SECOND; // Film (6 s), plain (4 s), Film [2, 6) s

interface Entry {
  msn: number;
  uri: string;
  pdt: number;
}

function parseMedia(text: string): { msn: number; dsn: number; entries: Entry[] } {
  const lines = text.trim().split('\n');
  expect(lines[0]).to.equal('#EXTM3U');
  const num = (tag: string) => Number(lines.find((l) => l.startsWith(tag))?.slice(tag.length));
  const msn = num('#EXT-X-MEDIA-SEQUENCE:');
  const entries: Entry[] = [];
  let pdt = NaN;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (!line.startsWith('#')) entries.push({ msn: msn + entries.length, uri: line, pdt });
  }
  return { msn, dsn: num('#EXT-X-DISCONTINUITY-SEQUENCE:'), entries };
}

describe('routes/live: audio languages and text tracks of a pipeline-packaged source', function () {
  this.timeout(180_000);
  let h: Harness;
  let assets: Record<string, Asset>;
  let app: FastifyInstance;
  const AT = START + 3 * CYCLE + 5_500;

  before(async () => {
    h = await startHarness();
    assets = await packageSources(h, { plain: 4 }, { tracksSample: 'Film' });
    expect(assets.Film?.textTracks?.map((t) => t.lang)).to.deep.equal(['en', 'fr']);
    await h.createChannel({ id: 'tracks', number: 1, name: 'Tracks' });
    const film = assets.Film?.id ?? '';
    const plain = assets.plain?.id ?? '';
    const programs: Array<Record<string, unknown>> = [];
    for (let c = 0, t = START; c < 8; c += 1) {
      for (const [assetId, inMs, durationMs] of [[film, 0, 6000], [plain, 0, 4000], [film, 2000, 4000]] as const) {
        programs.push({ assetId, start: t, inMs, durationMs });
        t += durationMs;
      }
    }
    const res = await h.inject({ method: 'PUT', url: '/v1/channels/tracks/schedule', headers: AUTH, payload: { from: T0, to: T0 + 3_600_000, programs } });
    expect(res.statusCode, res.body).to.equal(200);
    app = await buildApp({ settings: h.settings, store: h.store, apiKey: 'test-broadcaster-key-0123456789', clock: new FakeClock(AT).now });
  });
  after(async () => {
    await app?.close();
    await h.close();
  });

  it('lists both audio languages and both text tracks in the master, the SUBTITLES group on every variant', async () => {
    const res = await app.inject({ url: '/live/tracks/master.m3u8' });
    expect(res.statusCode).to.equal(200);
    const master = parseHlsMaster(res.body);
    expect(master.audio.map((a) => [a.language, a.name, a.uri])).to.deep.equal([['en', 'English', 'audio.m3u8'], ['fr', 'French', 'audio-fr.m3u8']]);
    expect(master.subtitles.map((a) => [a.language, a.name, a.uri])).to.deep.equal([['en', 'English (CC)', 'text-en.m3u8'], ['fr', 'French', 'text-fr.m3u8']]);
    expect(res.body).to.match(/AUDIO="audio",SUBTITLES="subs"\n240p\.m3u8\n/);
  });

  it('serves every media playlist in step with the video, and every segment they list', async () => {
    const video = parseMedia((await app.inject({ url: '/live/tracks/240p.m3u8' })).body);
    expect(video.entries.length).to.be.greaterThan(10);
    const audio = parseMedia((await app.inject({ url: '/live/tracks/audio.m3u8' })).body);
    for (const name of ['audio-fr', 'text-en', 'text-fr']) {
      const res = await app.inject({ url: `/live/tracks/${name}.m3u8` });
      expect(res.statusCode, name).to.equal(200);
      const p = parseMedia(res.body);
      const like = name.startsWith('audio') ? audio : video;
      expect([p.msn, p.dsn], name).to.deep.equal([like.msn, like.dsn]);
      expect(p.entries.map((e) => e.pdt), name).to.deep.equal(like.entries.map((e) => e.pdt));
      for (const e of p.entries) {
        const seg = await app.inject({ url: e.uri });
        expect(seg.statusCode, e.uri).to.equal(200);
        if (name.startsWith('text')) {
          expect(seg.headers['content-type']).to.match(/^text\/vtt/);
          expect(seg.body.startsWith('WEBVTT')).to.equal(true);
          expect(e.uri.includes(assets.plain?.id ?? '-')).to.equal(false);
        }
      }
      if (name.startsWith('text')) expect(p.entries.some((e) => e.uri === '/live/segments/empty.vtt')).to.equal(true); // the plain source's airings
    }
  });

  it("maps moved WebVTT cues where the moved video plays them: MPEGTS is the video's shift at 90 kHz", async () => {
    const video = parseMedia((await app.inject({ url: '/live/tracks/240p.m3u8' })).body);
    const text = parseMedia((await app.inject({ url: '/live/tracks/text-en.m3u8' })).body);
    let checked = 0;
    const cues: string[] = [];
    for (const [i, e] of text.entries.entries()) {
      const m = /^\/live\/segments\/([0-9a-f]+)\/(\d+)\/(text-0-(\d+)\.vtt)$/.exec(e.uri);
      if (!m) continue;
      const segMs = h.settings.services.pipeline.segmentSeconds * 1000;
      const seg = (n: number) => (n - 1) * segMs; // text segment n starts n-1 segments into the media
      // the segment's media start, through its X-TIMESTAMP-MAP, is the instant the schedule plays the video beside it
      expect(Number(m[2]) / 90 + seg(Number(m[4])), e.uri).to.be.closeTo(video.entries[i]?.pdt ?? 0, 1);
      const body = (await app.inject({ url: e.uri })).body;
      const packaged = (await app.inject({ url: `/media/${m[1]}/${m[3]}` })).body;
      expect(packaged).to.include('X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000');
      expect(body).to.equal(packaged.replace('MPEGTS:0,', `MPEGTS:${m[2]},`)); // only the map moves: cue times are the pipeline's
      cues.push(...body.split('\n').filter((_, k, lines) => (lines[k - 1] ?? '').includes('-->'))); // each cue's (one-line) text
      checked += 1;
      checked += 1;
    }
    expect(checked).to.be.greaterThan(3);
    expect(new Set(cues)).to.deep.equal(new Set(TRACKS_SAMPLE.embedded.cues.map((c) => c.text)));
  });

  it('serves a DASH MPD whose Periods carry both languages and both text tracks, and every text segment it lists', async () => {
    const res = await app.inject({ url: '/live/tracks/manifest.mpd' });
    expect(res.statusCode).to.equal(200);
    const file = join(h.settings.contentDir, 'tracks.mpd');
    await writeFile(file, res.body);
    await run('xmllint', ['--noout', file]);
    const periods = [...res.body.matchAll(/<Period [^>]*>([\s\S]*?)<\/Period>/g)].map((m) => m[1] ?? '');
    expect(periods.length).to.be.greaterThan(3);
    for (const body of periods) {
      expect([...body.matchAll(/contentType="audio"[^>]*lang="(\w+)">\s*<Label>([^<]+)<\/Label>/g)].map((m) => [m[1], m[2]])).to.deep.equal([['en', 'English'], ['fr', 'French']]);
      expect([...body.matchAll(/contentType="text" mimeType="text\/vtt" lang="(\w+)">/g)].map((m) => m[1])).to.deep.equal(['en', 'fr']);
      for (const m of body.matchAll(/<SegmentTemplate timescale="\d+" presentationTimeOffset="\d+" startNumber="(\d+)" media="([^"]+\.vtt)">\s*<SegmentTimeline>([\s\S]*?)<\/SegmentTimeline>/g)) {
        const count = [...(m[3] ?? '').matchAll(/<S [^>]*?(?:r="(\d+)")?\/>/g)].reduce((n, s) => n + 1 + Number(s[1] ?? 0), 0);
        for (let i = 0; i < count; i += 1) {
          const url = (m[2] ?? '').replace('$Number%05d$', String(Number(m[1]) + i).padStart(5, '0'));
          const seg = await app.inject({ url });
          expect(seg.statusCode, url).to.equal(200);
          expect(seg.body.startsWith('WEBVTT')).to.equal(true);
        }
      }
    }
    expect(res.body).to.include('media="/live/segments/empty.vtt"'); // the plain source's Periods
    const empty = await app.inject({ url: '/live/segments/empty.vtt' });
    expect([empty.statusCode, empty.body]).to.deep.equal([200, 'WEBVTT\n']);
  });
});
