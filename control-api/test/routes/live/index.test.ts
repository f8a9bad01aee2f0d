// The live routes over real pipeline-made media: HLS master and media playlists, the DASH MPD, the time
// route; every URL they hand out is served; two app instances over one store answer the same bytes; a
// schedule edit keeps a watching player's playlist continuous; ffmpeg reads the stream.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import type { Settings } from '../../../src/contracts/settings-schema.js';
import type { Asset } from '../../../src/contracts/lineup.js';
import { AUTH, FakeClock, startHarness, type Harness } from '../../app/harness.js';
import { T0 } from '../../store/builders.js';
import { packageSources } from './live-media.js';

const run = promisify(execFile);
const SECOND = 1000;
const START = T0 + 60 * SECOND; // the first program
const CYCLE = 18 * SECOND; // A (7 s), B [2, 4) s, A [2, 6) s, B (5 s)
const GAP_AFTER = 5; // cycles before a 10 s gap the slate fills
const CYCLES = 15;

interface Segment {
  msn: number;
  uri: string;
  pdt: number;
  duration: number;
  map: string;
  discontinuity: boolean;
}

/** The tfdt baseMediaDecodeTime of a CMAF segment (moof/traf/tfdt, version 1). */
function decodeTime(bytes: Buffer): bigint {
  const at = bytes.indexOf('tfdt', 0, 'latin1');
  expect(at, 'a tfdt box').to.be.greaterThan(0);
  expect(bytes[at + 4]).to.equal(1);
  return bytes.readBigUInt64BE(at + 8);
}

/** The media time of the first edit of an init segment's edit list (elst version 0), 0 without one. */
function editListOffset(init: Buffer): bigint {
  const at = init.indexOf('elst', 0, 'latin1');
  if (at < 0) return 0n;
  expect(init[at + 4], 'elst version').to.equal(0);
  return BigInt(init.readInt32BE(at + 16));
}

function parseMedia(text: string): { msn: number; dsn: number; target: number; segments: Segment[] } {
  const lines = text.trim().split('\n');
  const num = (tag: string) => Number(lines.find((l) => l.startsWith(tag))?.slice(tag.length));
  const msn = num('#EXT-X-MEDIA-SEQUENCE:');
  const segments: Segment[] = [];
  let map = '';
  let pdt = NaN;
  let duration = NaN;
  let discontinuity = false;
  for (const line of lines) {
    if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line.startsWith('#EXT-X-MAP:URI="')) map = line.slice(16, -1);
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXTINF:')) duration = Number(line.slice(8, -1));
    else if (!line.startsWith('#')) {
      segments.push({ msn: msn + segments.length, uri: line, pdt, duration, map, discontinuity });
      discontinuity = false;
    }
  }
  return { msn, dsn: num('#EXT-X-DISCONTINUITY-SEQUENCE:'), target: num('#EXT-X-TARGETDURATION:'), segments };
}

describe('routes/live: channels as HLS and DASH live streams', function () {
  this.timeout(120_000);
  let h: Harness;
  let assets: Record<string, Asset>;
  let settings: Settings;
  const extra: FastifyInstance[] = [];
  const airingStarts: number[] = [];
  const airingEnds: number[] = [];

  /** Another app instance over the same store (a replica), on its own clock. */
  const replica = async (clock: FakeClock) => {
    const app = await buildApp({ settings, store: h.store, apiKey: 'test-broadcaster-key-0123456789', clock: clock.now });
    extra.push(app);
    return app;
  };

  before(async () => {
    h = await startHarness();
    assets = await packageSources(h, { a: 7, b: 5, slate: 4 });
    settings = { ...h.settings, services: { ...h.settings.services, live: { ...h.settings.services.live, slateAssetId: assets.slate?.id ?? null } } };
    await h.createChannel({ id: 'live1', number: 1, name: 'Live One' });
    await h.createChannel({ id: 'off', number: 2, name: 'Off', enabled: false });
    const a = assets.a?.id ?? '';
    const b = assets.b?.id ?? '';
    const programs: Array<Record<string, unknown>> = [];
    let t = START;
    for (let c = 0; c < CYCLES; c += 1) {
      for (const [assetId, inMs, durationMs] of [[a, 0, 7000], [b, 2000, 2000], [a, 2000, 4000], [b, 0, 5000]] as const) {
        programs.push({ assetId, start: t, inMs, durationMs });
        airingStarts.push(t);
        airingEnds.push(t + durationMs);
        t += durationMs;
      }
      if (c === GAP_AFTER - 1) t += 10 * SECOND;
    }
    const res = await h.inject({ method: 'PUT', url: '/v1/channels/live1/schedule', headers: AUTH, payload: { from: T0, to: T0 + 3_600_000, programs } });
    expect(res.statusCode, res.body).to.equal(200);
  });
  after(async () => {
    for (const app of extra) await app.close();
    await h.close();
  });

  it('serves the master: the 240p variant of the ladder and the audio group', async () => {
    const app = await replica(new FakeClock(START + 30 * SECOND));
    const res = await app.inject({ url: '/live/live1/master.m3u8' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/vnd\.apple\.mpegurl/);
    expect(res.body).to.match(/#EXT-X-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=426x240,CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",FRAME-RATE=25\.000,AUDIO="audio"\n240p\.m3u8\n/);
    expect(res.body).to.include('URI="audio.m3u8"');
  });

  it('lists only aired segments, dated by the schedule, each airing after a discontinuity, and every URL is served', async () => {
    const clock = new FakeClock();
    const app = await replica(clock);
    for (const at of [START + 20 * SECOND, START + GAP_AFTER * CYCLE + 6 * SECOND, START + 8 * CYCLE + 500]) {
      clock.set(at);
      for (const name of ['240p', 'audio']) {
        const res = await app.inject({ url: `/live/live1/${name}.m3u8` });
        expect(res.statusCode).to.equal(200);
        expect(res.headers['cache-control']).to.equal('public, max-age=1');
        const p = parseMedia(res.body);
        expect(p.segments.length, `${name} at ${at - START}`).to.be.greaterThan(5);
        for (const s of p.segments) {
          expect(s.pdt + s.duration * 1000, s.uri).to.be.at.most(at + 1);
          if (s.discontinuity) expect(airingStarts.includes(s.pdt) || s.uri.includes(assets.slate?.id ?? '-'), `${s.uri} at ${s.pdt - START}`).to.equal(true);
          for (const url of [s.uri, s.map]) expect((await h.inject({ url })).statusCode, url).to.equal(200);
        }
        expect(p.target).to.equal(2);
        // the decode time of every segment is the instant the schedule plays it (Unix-epoch media time)
        // (in presentation time: the decode time less the init segment's edit-list offset, the AAC
        // priming, except in an asset's first segment, which starts with the priming the edit list hides)
        for (const s of p.segments) {
          const bytes = (await h.inject({ url: s.uri })).rawPayload;
          const timescale = name === 'audio' ? 48_000 : 12_800;
          const priming = s.uri.endsWith('-00001.m4s') ? 0n : editListOffset((await h.inject({ url: s.map })).rawPayload);
          const presented = decodeTime(bytes) - priming;
          expect((Number(presented) / timescale) * 1000, s.uri).to.be.closeTo(s.pdt, 0.5);
        }
      }
    }
    clock.set(START + GAP_AFTER * CYCLE + 8 * SECOND); // inside the 10 s gap: the slate plays
    const inGap = parseMedia((await app.inject({ url: '/live/live1/240p.m3u8' })).body);
    expect(inGap.segments.at(-1)?.uri).to.include(`/${assets.slate?.id}/`);
  });

  it('answers byte-identical playlists and MPDs from two instances over one store, one of them started later', async () => {
    const at = START + 9 * CYCLE + 3_333;
    const warmClock = new FakeClock(START + 30 * SECOND);
    const warm = await replica(warmClock);
    for (let t = START + 30 * SECOND; t < at; t += 17 * SECOND) {
      warmClock.set(t);
      await warm.inject({ url: '/live/live1/240p.m3u8' });
    }
    warmClock.set(at);
    const cold = await replica(new FakeClock(at));
    for (const url of ['/live/live1/master.m3u8', '/live/live1/240p.m3u8', '/live/live1/audio.m3u8', '/live/live1/manifest.mpd']) {
      const [x, y] = await Promise.all([warm.inject({ url }), cold.inject({ url })]);
      expect(x.statusCode).to.equal(200);
      expect(x.body, url).to.equal(y.body);
    }
  });

  it('serves a dynamic MPD: a Period per airing at its start, offsets into the asset, UTCTiming, every segment served', async () => {
    const at = START + 12 * CYCLE + 11_500; // 2.5 s into A [2, 6): its first segment has aired
    const app = await replica(new FakeClock(at));
    const res = await app.inject({ url: '/live/live1/manifest.mpd', headers: { host: 'tv.example:8080' } });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/dash\+xml/);
    const file = join(h.settings.contentDir, 'live.mpd');
    await writeFile(file, res.body);
    await run('xmllint', ['--noout', file]); // well-formed
    const mpd = res.body;
    expect(mpd).to.match(/<MPD [^>]*type="dynamic"[^>]*availabilityStartTime="1970-01-01T00:00:00Z"/);
    expect(mpd).to.include('<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="http://tv.example:8080/live/time"/>');
    const starts = [...mpd.matchAll(/<Period id="[^"]+" start="PT([\d.]+)S">/g)].map((m) => Math.round(Number(m[1]) * 1000));
    // every airing overlapping the 60 s window whose first segment has aired
    const expected = airingStarts.filter((s, i) => s + 2_000 <= at && (airingEnds[i] ?? 0) > at - 60 * SECOND);
    expect(starts).to.deep.equal(expected);
    // B [2, 4) s: its video starts at segment 2 with an offset of 2 s of media time
    expect(mpd).to.match(/<SegmentTemplate timescale="12800" presentationTimeOffset="25600" startNumber="2" initialization="\/media\/[0-9a-f]+\/init-0\.m4s" media="\/media\/[0-9a-f]+\/seg-0-\$Number%05d\$\.m4s">/);
    for (const m of mpd.matchAll(/<SegmentTemplate [^>]*startNumber="(\d+)" initialization="([^"]+)" media="([^"]+)">\s*<SegmentTimeline>([\s\S]*?)<\/SegmentTimeline>/g)) {
      const count = [...(m[4] ?? '').matchAll(/<S [^>]*?(?:r="(\d+)")?\/>/g)].reduce((n, s) => n + 1 + Number(s[1] ?? 0), 0);
      expect((await h.inject({ url: m[2] ?? '' })).statusCode).to.equal(200);
      for (let i = 0; i < count; i += 1) {
        const url = (m[3] ?? '').replace('$Number%05d$', String(Number(m[1]) + i).padStart(5, '0'));
        expect((await h.inject({ url })).statusCode, url).to.equal(200);
      }
    }
    const time = await app.inject({ url: '/live/time' });
    expect(time.body).to.equal(new Date(at).toISOString());
  });

  it('keeps a watching player continuous across a schedule edit: no sequence going back, no segment renumbered or dropped early', async () => {
    const clock = new FakeClock(START + 3 * CYCLE);
    const app = await replica(clock);
    const seen = new Map<number, string>();
    let last = { msn: 0, end: 0 };
    const watch = async () => {
      const p = parseMedia((await app.inject({ url: '/live/live1/240p.m3u8' })).body);
      expect(p.msn).to.be.at.least(last.msn);
      const lastMsn = p.segments.at(-1)?.msn ?? 0;
      for (const s of p.segments) {
        const id = `${s.uri}@${s.pdt}`;
        if (seen.has(s.msn)) expect(id, `msn ${s.msn}`).to.equal(seen.get(s.msn));
        seen.set(s.msn, id);
      }
      // a segment still inside the window is still listed
      for (let n = p.msn; n <= last.end; n += 1) expect(p.segments.some((s) => s.msn === n)).to.equal(true);
      last = { msn: p.msn, end: lastMsn };
    };
    for (let i = 0; i < 5; i += 1) {
      await watch();
      clock.set(clock.now() + 2_000);
    }
    // edit what comes next (from 10 s ahead): the promo-less plan becomes B, B, B…
    const from = airingStarts.find((s) => s >= clock.now() + 10 * SECOND) ?? 0;
    const to = airingStarts.find((s) => s >= from + 25 * SECOND) ?? 0;
    const b = assets.b?.id ?? '';
    const programs = [0, 1, 2, 3, 4].map((k) => ({ assetId: b, start: from + k * 5_000 }));
    const edit = await h.inject({ method: 'PUT', url: '/v1/channels/live1/schedule', headers: AUTH, payload: { from, to, programs } });
    expect(edit.statusCode, edit.body).to.equal(200);
    for (let i = 0; i < 30; i += 1) {
      await watch();
      clock.set(clock.now() + 1_500);
    }
    expect([...seen.values()].some((id) => id.includes(b) && Number(id.split('@')[1]) >= from)).to.equal(true);
  });

  it('names the live URLs in channel objects and /stream, and each answers', async () => {
    const app = await replica(new FakeClock(START + 2 * CYCLE));
    const listed = JSON.parse((await app.inject({ url: '/v1/channels' })).body) as { channels: Array<{ id: string; live: Record<string, string> }> };
    const one = JSON.parse((await app.inject({ url: '/v1/channels/live1' })).body) as { live: Record<string, string> };
    const stream = JSON.parse((await app.inject({ url: '/stream/viewer1?channel=live1' })).body) as { live: Record<string, string> };
    const expected = { hls: '/live/live1/master.m3u8', dash: '/live/live1/manifest.mpd', ts: '/live/live1.ts' };
    expect(listed.channels.find((c) => c.id === 'live1')?.live).to.deep.equal(expected);
    expect(one.live).to.deep.equal(expected);
    expect(stream.live).to.deep.equal(expected);
    for (const url of [expected.hls, expected.dash]) expect((await app.inject({ url })).statusCode, url).to.equal(200);
    expect((await app.inject({ method: 'HEAD', url: expected.ts })).statusCode).to.equal(200);
  });

  it('answers coded 404s for an unknown channel, a disabled channel and an unknown playlist', async () => {
    const app = await replica(new FakeClock(START));
    const cases: Array<[string, string]> = [
      ['/live/nope/master.m3u8', 'SS_CHANNEL_NOT_FOUND'],
      ['/live/nope/manifest.mpd', 'SS_CHANNEL_NOT_FOUND'],
      ['/live/off/master.m3u8', 'SS_CHANNEL_DISABLED'],
      ['/live/off/240p.m3u8', 'SS_CHANNEL_DISABLED'],
      ['/live/live1/1080p.m3u8', 'SS_PLAYLIST_NOT_FOUND'],
    ];
    for (const [url, code] of cases) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(404);
      expect(JSON.parse(res.body).code, url).to.equal(code);
    }
  });

  it('serves MPEG-TS at /live/:id.ts that ffprobe reads (a copy remux of the live HLS)', async () => {
    const app = await replica(new FakeClock(START + 4 * CYCLE));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const request = httpGet(`${address}/live/live1.ts`, { agent: false });
    request.on('error', () => undefined); // leaving destroys the socket
    const [res] = (await once(request, 'response')) as [IncomingMessage];
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^video\/mp2t/);
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= 120_000) break; // a few seconds of the 240p rung and its audio
    }
    request.destroy();
    const out = join(h.settings.contentDir, 'live-route.ts');
    await writeFile(out, Buffer.concat(chunks));
    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', out]);
    expect([...new Set(probe.stdout.split('\n').filter(Boolean))].sort()).to.deep.equal(['aac', 'h264']); // (ffprobe lists each stream under its program too)
  });

  it('is read by ffmpeg over HTTP: 30 s of the live HLS copied without an error, across airings', async () => {
    const at = START + 4 * CYCLE;
    const app = await replica(new FakeClock(at));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const out = join(h.settings.contentDir, 'live-copy.ts');
    const { stderr } = await run('ffmpeg', ['-v', 'error', '-y', '-live_start_index', '0', '-i', `${address}/live/live1/master.m3u8`, '-t', '30', '-c', 'copy', out]);
    expect(stderr).to.equal('');
    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out]);
    expect(Number(probe.stdout.trim())).to.be.closeTo(30, 1.5);
    expect((await readFile(out)).length).to.be.greaterThan(100_000);
  });
});
