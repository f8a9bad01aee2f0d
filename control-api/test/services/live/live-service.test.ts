import { expect } from 'chai';
import type { Asset, Channel } from '../../../src/contracts/lineup.js';
import type { AiringProgram } from '../../../src/contracts/now.js';
import type { AssetTimeline } from '../../../src/services/live/asset-timeline.js';
import { LiveService, type LiveLineup } from '../../../src/services/live/live-service.js';
import { makeAsset, makeChannel, HOUR, MINUTE, T0 } from '../../store/builders.js';
import { lengths, timelineOf, tracksTimelineOf } from './builders.js';
import { parseHlsMaster } from '#pipeline/media/manifest.js';
import { prng } from '../../../src/services/programming/orders.js';

const SETTINGS = {
  live: { windowSeconds: 60, presentationDelaySeconds: 6, hlsTimestamps: 'asset' as 'asset' | 'channel', slateAssetId: null as string | null },
  segmentSeconds: 2,
};

interface Fixture {
  channel: Channel;
  assets: Asset[];
  timelines: Map<string, AssetTimeline>;
  programs: AiringProgram[];
}

function program(channelId: string, asset: Asset, startMs: number, inMs: number, outMs: number): AiringProgram {
  return {
    id: `p${startMs}`, channelId, assetId: asset.id, title: asset.title, startMs, endMs: startMs + (outMs - inMs), inMs, outMs,
    kind: 'program', part: 1, parts: 1, resumesAtMs: null, dashUrl: asset.dashUrl, hlsUrl: asset.hlsUrl, posterUrl: null,
    start: new Date(startMs).toISOString(), end: new Date(startMs + (outMs - inMs)).toISOString(),
  };
}

/** A channel of back-to-back programs of random assets (some cut at segment boundaries), with a few gaps. */
function fixture(seed: number, o: { gaps?: boolean } = {}): Fixture {
  const rnd = prng(seed); // seeded: a failure names a reproducible seed
  const channel = makeChannel({ createdAt: T0 });
  const assets: Asset[] = [];
  const timelines = new Map<string, AssetTimeline>();
  for (let i = 0; i < 4; i += 1) {
    const n = 3 + Math.floor(rnd() * 20);
    const tail = rnd() < 0.5 ? 0 : 200 + Math.floor(rnd() * 1700);
    const durationMs = n * 2000 + tail;
    const asset = makeAsset({ id: `asset${seed}x${i}`, durationMs, renditions: [480, 240].slice(i % 2).map((h) => ({ name: `${h}p`, width: Math.round((h * 16) / 9), height: h, bandwidth: h * 2000, codecs: 'avc1.4d401e,mp4a.40.2', frameRate: 25 })) });
    assets.push(asset);
    timelines.set(asset.id, timelineOf(asset.id, lengths(n, 2000, tail), asset.renditions.map((r) => r.height)));
  }
  const programs: AiringProgram[] = [];
  let t = T0 + 10 * MINUTE;
  while (t < T0 + 3 * HOUR) {
    const asset = assets[Math.floor(rnd() * assets.length)] as Asset;
    const whole = rnd() < 0.6;
    const inMs = whole ? 0 : 2000 * Math.floor(rnd() * 2);
    const outMs = whole ? asset.durationMs : Math.max(inMs + 2000, 2000 * Math.floor((asset.durationMs * rnd()) / 2000));
    programs.push(program(channel.id, asset, t, inMs, Math.min(outMs, asset.durationMs)));
    t += Math.min(outMs, asset.durationMs) - inMs;
    if (o.gaps && rnd() < 0.1) t += 1000 + Math.floor(rnd() * 20_000);
  }
  return { channel, assets, timelines, programs };
}

function lineupOf(f: Fixture, counters: { windows: number } = { windows: 0 }): LiveLineup {
  return {
    version: () => 1,
    channel: async (id) => (id === f.channel.id ? f.channel : null),
    asset: async (id) => f.assets.find((a) => a.id === id) ?? null,
    assets: async () => f.assets,
    window: async (id, from, to) => {
      counters.windows += 1;
      return id === f.channel.id ? f.programs.filter((p) => p.endMs > from && p.startMs < to) : null;
    },
  };
}

function serviceOf(f: Fixture, live = SETTINGS.live): LiveService {
  return new LiveService({ lineup: lineupOf(f), timelines: { get: async (a) => f.timelines.get(a.id) ?? null }, live, segmentSeconds: 2 });
}

interface Parsed {
  mediaSequence: number;
  discontinuitySequence: number;
  segments: Array<{ msn: number; dsn: number; uri: string; pdt: number; duration: number }>;
}

/** Reads a media playlist the way a player does: sequence numbers by position, discontinuities counted. */
function parse(text: string): Parsed {
  const lines = text.trim().split('\n');
  expect(lines[0]).to.equal('#EXTM3U');
  const num = (tag: string) => Number(lines.find((l) => l.startsWith(tag))?.slice(tag.length));
  const out: Parsed = { mediaSequence: num('#EXT-X-MEDIA-SEQUENCE:'), discontinuitySequence: num('#EXT-X-DISCONTINUITY-SEQUENCE:'), segments: [] };
  let dsn = out.discontinuitySequence;
  let pdt = NaN;
  let duration = NaN;
  for (const line of lines) {
    if (line === '#EXT-X-DISCONTINUITY') dsn += 1;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXTINF:')) duration = Number(line.slice(8, -1));
    else if (!line.startsWith('#')) out.segments.push({ msn: out.mediaSequence + out.segments.length, dsn, uri: line, pdt, duration });
  }
  return out;
}

describe('services/live/live-service', () => {
  for (const seed of [1, 2, 3]) {
    it(`numbers every segment the same in every playlist it appears in, across airings and gaps (seed ${seed})`, async () => {
      const f = fixture(seed, { gaps: true });
      f.timelines.set('slate', timelineOf('slate', lengths(4, 2000)));
      f.assets.push(makeAsset({ id: 'slate', durationMs: 8000 }));
      const live = { ...SETTINGS.live, slateAssetId: 'slate' };
      const service = serviceOf(f, live);
      for (const name of ['480p', '240p', 'audio']) {
        const seen = new Map<number, string>();
        let lastFirst = -1;
        for (let now = T0 + 10 * MINUTE + 30_000; now < T0 + 2 * HOUR; now += 15_013) {
          const p = parse(await service.mediaPlaylist(f.channel.id, name, now));
          expect(p.segments.length, `${name} at ${now - T0}`).to.be.greaterThan(20);
          expect(p.mediaSequence).to.be.at.least(lastFirst);
          lastFirst = p.mediaSequence;
          for (const s of p.segments) {
            const id = `${s.uri} ${s.pdt} ${s.dsn}`;
            const before = seen.get(s.msn);
            if (before !== undefined) expect(id, `${name} msn ${s.msn} at ${now - T0}`).to.equal(before);
            seen.set(s.msn, id);
            expect(s.pdt + s.duration * 1000).to.be.at.most(now + 1);
            expect(s.pdt + s.duration * 1000).to.be.greaterThan(now - 60_000 - 1);
          }
          p.segments.slice(1).forEach((s, i) => expect(s.pdt, `contiguous at ${s.uri}`).to.be.closeTo((p.segments[i]?.pdt ?? 0) + (p.segments[i]?.duration ?? 0) * 1000, 1.5));
        }
        // a replica that starts late (nothing counted yet) numbers the same
        const late = parse(await serviceOf(f, live).mediaPlaylist(f.channel.id, name, T0 + 2 * HOUR - 7_919));
        for (const s of late.segments) {
          const before = seen.get(s.msn);
          if (before !== undefined) expect(`${s.uri} ${s.pdt} ${s.dsn}`).to.equal(before);
        }
        expect(late.segments.some((s) => seen.has(s.msn))).to.equal(true);
      }
    });
  }

  it('numbers the same across reloads in the first minute after a live epoch: what aired before it is not listed', async () => {
    // A channel made just after an hour (its live epoch is that hour) whose schedule ran before it:
    // the window reaches back over airings the counts do not cover.
    const f = fixture(5);
    const channel = { ...f.channel, createdAt: T0 + HOUR + 4_000 };
    const service = serviceOf({ ...f, channel });
    const onAirAtEpoch = f.programs.find((p) => p.startMs <= T0 + HOUR && p.endMs > T0 + HOUR);
    if (!onAirAtEpoch) throw new Error('the fixture has nothing on air at the epoch');
    for (const name of ['240p', 'audio']) {
      const seen = new Map<number, string>();
      for (let now = T0 + HOUR + 500; now < T0 + HOUR + 90_000; now += 700) {
        const p = parse(await service.mediaPlaylist(channel.id, name, now));
        for (const s of p.segments) {
          expect(s.pdt, `${name}: ${s.uri} of an airing before the one on air at the epoch, at ${now - T0 - HOUR} ms`).to.be.at.least(onAirAtEpoch.startMs);
          const id = `${s.uri} ${s.pdt} ${s.dsn}`;
          const before = seen.get(s.msn);
          if (before !== undefined) expect(id, `${name} msn ${s.msn} at ${now - T0 - HOUR} ms after the epoch`).to.equal(before);
          seen.set(s.msn, id);
        }
      }
      expect(seen.size, `${name}: segments seen`).to.be.greaterThan(30);
    }
  });

  it('dates segments with the schedule: the first segment of each airing carries its start, after a discontinuity and a new map', async () => {
    const f = fixture(4);
    const service = serviceOf(f);
    const now = T0 + HOUR;
    const text = await service.mediaPlaylist(f.channel.id, '480p', now);
    const starts = new Set(f.programs.map((p) => p.startMs));
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line !== '#EXT-X-DISCONTINUITY') return;
      expect(lines[i + 1]).to.match(/^#EXT-X-MAP:URI="\/media\/asset4x\d\/init-\d\.m4s"$/);
      expect(starts.has(Date.parse((lines[i + 2] ?? '').slice(25)))).to.equal(true);
    });
    expect(text).to.not.include('#EXT-X-ENDLIST');
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY').length).to.be.greaterThan(0);
  });

  it('plays the rung of that name, or the nearest lower one for an airing whose asset lacks it', async () => {
    const f = fixture(5);
    const service = serviceOf(f);
    const small = new Set(f.assets.filter((a) => !a.renditions.some((r) => r.name === '480p')).map((a) => a.id));
    expect(small.size).to.be.greaterThan(0);
    const repsBy = async (name: string) => {
      const text = await service.mediaPlaylist(f.channel.id, name, T0 + 2 * HOUR);
      return text.split('\n').filter((l) => l.startsWith('/media/')).map((l) => [l.split('/')[2] ?? '', /seg-(\d+)-/.exec(l)?.[1]] as const);
    };
    const low = await repsBy('240p'); // representation 1 where the asset has 480p and 240p, 0 where 240p is all it has
    expect(new Set(low.map(([asset, rep]) => `${small.has(asset)}:${rep}`))).to.deep.equal(new Set(['true:0', 'false:1']));
    const high = await repsBy('480p'); // the 240p-only assets stand in with their 240p
    expect(new Set(high.map(([asset, rep]) => `${small.has(asset)}:${rep}`))).to.deep.equal(new Set(['true:0', 'false:0']));
  });

  it('lists every rung some asset has in the master, tallest first, with the audio group', async () => {
    const f = fixture(6);
    const master = await serviceOf(f).master(f.channel.id);
    expect(master.split('\n').filter((l) => l.endsWith('.m3u8') && !l.startsWith('#'))).to.deep.equal(['480p.m3u8', '240p.m3u8']);
    expect(master).to.include('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio"');
    expect(master).to.match(/BANDWIDTH=960000,RESOLUTION=853x480,CODECS="avc1.4d401e,mp4a.40.2",FRAME-RATE=25.000,AUDIO="audio"/);
  });

  it('answers coded 404s: unknown channel, disabled channel, unknown playlist', async () => {
    const f = fixture(7);
    const service = serviceOf(f);
    const codeOf = (p: Promise<unknown>) => p.then(() => 'none', (e: { code?: string }) => e.code);
    expect(await codeOf(service.master('nope'))).to.equal('SS_CHANNEL_NOT_FOUND');
    expect(await codeOf(service.mediaPlaylist(f.channel.id, '1080p', T0 + HOUR))).to.equal('SS_PLAYLIST_NOT_FOUND');
    f.channel.enabled = false;
    expect(await codeOf(service.mpd(f.channel.id, T0 + HOUR, 'http://x/live/time'))).to.equal('SS_CHANNEL_DISABLED');
  });

  it('plays the slate where nothing is on air, and an empty channel is all slate', async () => {
    const f = fixture(8);
    f.programs = [];
    f.timelines.set('slate', timelineOf('slate', lengths(4, 2000)));
    f.assets.push(makeAsset({ id: 'slate', durationMs: 8000 }));
    const noSlate = parse(await serviceOf(f).mediaPlaylist(f.channel.id, 'audio', T0 + HOUR));
    expect(noSlate.segments).to.deep.equal([]);
    const p = parse(await serviceOf(f, { ...SETTINGS.live, slateAssetId: 'slate' }).mediaPlaylist(f.channel.id, '240p', T0 + HOUR));
    expect(p.segments.length).to.equal(30);
    expect(p.segments.every((s) => s.uri.startsWith('/media/slate/'))).to.equal(true);
    expect(p.segments[0]?.pdt).to.equal(T0 + HOUR - 60_000); // the window: entries ending in (now - 60 s, now]
  });
});

/** A channel alternating a film with two audio languages and two text tracks and a short without either. */
function tracksFixture(): Fixture {
  const channel = makeChannel({ createdAt: T0 });
  const renditions = [{ name: '240p', width: 427, height: 240, bandwidth: 480_000, codecs: 'avc1.4d401e,mp4a.40.2', frameRate: 25 }];
  const film = makeAsset({
    id: 'film', durationMs: 9000, renditions,
    audioTracks: [{ id: '1', lang: 'en', label: 'English', channels: 2 }, { id: '2', lang: 'fr', label: 'French', channels: 2 }],
    textTracks: [{ id: 'text-0', lang: 'en', label: 'English (CC)', kind: 'captions', source: 'stream' }, { id: 'text-1', lang: 'fr', label: 'French', kind: 'subtitles', source: 'sidecar' }],
  });
  const short = makeAsset({ id: 'short', durationMs: 6000, renditions });
  const timelines = new Map<string, AssetTimeline>([
    ['film', tracksTimelineOf('film', lengths(4, 2000, 1000), { audio: [{ lang: 'en', label: 'English' }, { lang: 'fr', label: 'French' }], text: [{ lang: 'en', label: 'English (CC)', kind: 'captions' }, { lang: 'fr', label: 'French', kind: 'subtitles' }] })],
    ['short', timelineOf('short', lengths(3, 2000))],
  ]);
  const programs: AiringProgram[] = [];
  let t = T0 + 10 * MINUTE;
  for (let k = 0; t < T0 + HOUR; k += 1) {
    const asset = k % 3 === 2 ? short : film;
    const inMs = k % 4 === 1 ? 2000 : 0; // some airings join the film at its second segment
    programs.push(program(channel.id, asset, t, inMs, asset.durationMs));
    t += asset.durationMs - inMs;
  }
  return { channel, assets: [film, short], timelines, programs };
}

describe('services/live/live-service: audio languages and text tracks', () => {
  const NOW = T0 + 30 * MINUTE + 777;

  it('lists an audio rendition per language (the commonest the default) and a SUBTITLES rendition per text language on every variant', async () => {
    const f = tracksFixture();
    const master = await serviceOf(f).master(f.channel.id);
    const parsed = parseHlsMaster(master);
    expect(parsed.audio.map((a) => [a.language, a.name, a.uri, a.groupId])).to.deep.equal([['en', 'English', 'audio.m3u8', 'audio'], ['fr', 'French', 'audio-fr.m3u8', 'audio']]);
    expect(parsed.subtitles.map((a) => [a.language, a.name, a.uri, a.groupId])).to.deep.equal([['en', 'English (CC)', 'text-en.m3u8', 'subs'], ['fr', 'French', 'text-fr.m3u8', 'subs']]);
    expect(master).to.include('LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio.m3u8"');
    expect(master).to.include('LANGUAGE="fr",DEFAULT=NO,');
    expect(master).to.include('CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound",URI="text-en.m3u8"');
    expect(master).to.match(/AUDIO="audio",SUBTITLES="subs"\n240p\.m3u8\n/);
  });

  it("numbers and dates every language's audio like the default audio; an airing without the language plays its own audio", async () => {
    const f = tracksFixture();
    const service = serviceOf(f);
    const en = parse(await service.mediaPlaylist(f.channel.id, 'audio', NOW));
    const fr = parse(await service.mediaPlaylist(f.channel.id, 'audio-fr', NOW));
    expect(fr.segments.length).to.be.greaterThan(20);
    expect([fr.mediaSequence, fr.discontinuitySequence]).to.deep.equal([en.mediaSequence, en.discontinuitySequence]);
    expect(fr.segments.map((s) => [s.msn, s.dsn, s.pdt, s.duration])).to.deep.equal(en.segments.map((s) => [s.msn, s.dsn, s.pdt, s.duration]));
    const reps = new Set(fr.segments.map((s) => /\/media\/(\w+)\/seg-(\d+)-/.exec(s.uri)?.slice(1, 3).join(':')));
    expect(reps).to.deep.equal(new Set(['film:2', 'short:1'])); // the film's French, the short's only audio
  });

  it('lists WebVTT in step with the video (same numbers, dates, discontinuities; no map), the empty WebVTT where the airing has no such text', async () => {
    const f = tracksFixture();
    const service = serviceOf(f);
    const video = parse(await service.mediaPlaylist(f.channel.id, '240p', NOW));
    for (const [name, rep] of [['text-en', 'text-0'], ['text-fr', 'text-1']] as const) {
      const text = await service.mediaPlaylist(f.channel.id, name, NOW);
      expect(text).to.not.include('#EXT-X-MAP');
      const p = parse(text);
      expect([p.mediaSequence, p.discontinuitySequence]).to.deep.equal([video.mediaSequence, video.discontinuitySequence]);
      expect(p.segments.map((s) => [s.msn, s.dsn, s.pdt, s.duration])).to.deep.equal(video.segments.map((s) => [s.msn, s.dsn, s.pdt, s.duration]));
      p.segments.forEach((s, i) => {
        const v = video.segments[i]?.uri ?? '';
        if (v.includes('/short/')) expect(s.uri).to.equal('/live/segments/empty.vtt');
        else expect(s.uri).to.equal(v.replace(/seg-0-(\d+)\.m4s$/, `${rep}-$1.vtt`)); // segment n of the text beside segment n of the video
      });
    }
    expect(await service.mediaPlaylist(f.channel.id, 'text-de', NOW).then(() => 'none', (e: { code?: string }) => e.code)).to.equal('SS_PLAYLIST_NOT_FOUND');
  });

  it("moves WebVTT with the video on the channel timeline: its MPEGTS shift is the video's decode-time shift at 90 kHz", async () => {
    const f = tracksFixture();
    const service = serviceOf(f, { ...SETTINGS.live, hlsTimestamps: 'channel' });
    const video = parse(await service.mediaPlaylist(f.channel.id, '240p', NOW));
    const text = parse(await service.mediaPlaylist(f.channel.id, 'text-en', NOW));
    let moved = 0;
    text.segments.forEach((s, i) => {
      const v = /^\/live\/segments\/(\w+)\/(\d+)\/seg-0-(\d+)\.m4s$/.exec(video.segments[i]?.uri ?? '');
      expect(v, video.segments[i]?.uri).to.not.equal(null);
      if (v?.[1] === 'short') return expect(s.uri).to.equal('/live/segments/empty.vtt');
      const m = /^\/live\/segments\/film\/(\d+)\/text-0-(\d+)\.vtt$/.exec(s.uri);
      expect(m, s.uri).to.not.equal(null);
      expect(Number(m?.[1])).to.equal((Number(v?.[2]) * 90_000) / 12_800);
      // the cue time where segment n starts (n·2 s of media time), moved, is the instant the schedule plays it
      expect((Number(m?.[2]) - 1) * 2000 + Number(m?.[1]) / 90).to.be.closeTo(s.pdt, 0.5);
      moved += 1;
    });
    expect(moved).to.be.greaterThan(10);
  });

  it("gives each Period every language's audio (lang, Label) and every text (text/vtt, Role, SegmentTemplate on the Period's timeline, or the empty WebVTT)", async () => {
    const f = tracksFixture();
    const mpd = await serviceOf(f).mpd(f.channel.id, NOW, 'http://x/live/time');
    const periods = [...mpd.matchAll(/<Period id="([^"]+)" start="PT([\d.]+)S">([\s\S]*?)<\/Period>/g)];
    expect(periods.length).to.be.greaterThan(5);
    for (const [, id, , body = ''] of periods) {
      const program = f.programs.find((p) => id === `${p.id}-${p.startMs}`);
      expect(program, id).to.not.equal(undefined);
      const isFilm = program?.assetId === 'film';
      expect(body).to.include('<AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1" lang="en">\n      <Label>English</Label>\n      <Representation id="audio" ');
      expect(body).to.include('<AdaptationSet id="2" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1" lang="fr">\n      <Label>French</Label>\n      <Representation id="audio-fr" ');
      expect(body).to.match(isFilm ? /media="\/media\/film\/seg-2-\$Number%05d\$\.m4s"/ : /media="\/media\/short\/seg-1-\$Number%05d\$\.m4s"[\s\S]*media="\/media\/short\/seg-1-/);
      expect(body).to.include('<AdaptationSet id="3" contentType="text" mimeType="text/vtt" lang="en">\n      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="caption"/>\n      <Label>English (CC)</Label>\n      <Representation id="text-en" bandwidth="256">');
      expect(body).to.include('<AdaptationSet id="4" contentType="text" mimeType="text/vtt" lang="fr">\n      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>');
      if (!isFilm) {
        expect(body.match(/<SegmentTemplate timescale="12800" presentationTimeOffset="\d+" startNumber="\d+" media="\/live\/segments\/empty\.vtt">/g)?.length).to.equal(2); // the video's timeline
        continue;
      }
      // the text's offset is the video's, in milliseconds: cues land where the picture is
      const videoPto = Number(/<SegmentTemplate timescale="12800" presentationTimeOffset="(\d+)"/.exec(body)?.[1]);
      const text = /<SegmentTemplate timescale="1000" presentationTimeOffset="(\d+)" startNumber="(\d+)" media="\/media\/film\/text-0-\$Number%05d\$\.vtt">/.exec(body);
      expect(text, body).to.not.equal(null);
      expect(Number(text?.[1])).to.equal((videoPto * 1000) / 12_800);
      expect(Number(text?.[1])).to.equal(program?.inMs);
      expect(Number(text?.[2])).to.equal(1 + (program?.inMs ?? 0) / 2000);
      expect(body).to.include('media="/media/film/text-1-$Number%05d$.vtt"');
    }
  });

  it('answers the master and MPD of before for a library of single-audio assets without text, tagged or not', async () => {
    const f = fixture(9);
    const before = { master: await serviceOf(f).master(f.channel.id), mpd: await serviceOf(f).mpd(f.channel.id, T0 + HOUR, 'http://x/live/time') };
    f.assets.forEach((a, i) => (a.audioTracks = [{ id: '1', lang: i % 2 ? 'en' : 'und', label: 'English', channels: 2 }]));
    const after = { master: await serviceOf(f).master(f.channel.id), mpd: await serviceOf(f).mpd(f.channel.id, T0 + HOUR, 'http://x/live/time') };
    expect(after).to.deep.equal(before);
    expect(before.master).to.not.include('SUBTITLES');
    expect(before.mpd).to.include('lang="und">\n      <Representation id="audio" ');
    expect(before.mpd).to.not.include('contentType="text"');
  });
});
