// Reads the packaged output back: the DASH MPD (representations and SegmentTimeline) and the HLS master
// playlist. The asset's durationMs and renditions come from here, i.e. from what was actually packaged.
// The MPD is the dash muxer's own regular output, read with small patterns (no XML dependency).
import { fpsValue, parseRational } from '../ffmpeg/ladder-plan.js';

export interface MpdRepresentation {
  id: string;
  contentType: 'video' | 'audio';
  bandwidth: number;
  codecs: string;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  timescale: number;
  /** Media time of the first segment, timescale units (the timeline's first `t`). */
  firstTime: number;
  /** Segment durations in timescale units, timeline expanded. */
  segments: number[];
  initialization: string;
  media: string;
  startNumber: number;
}

export interface MpdSummary {
  type: string;
  representations: MpdRepresentation[];
}

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1] ?? null;
};

function parseFrameRate(text: string | null): number | null {
  const r = parseRational(text ?? undefined);
  return r ? fpsValue(r) : null;
}

/** Parses an MPD written by ffmpeg's dash muxer. Throws on anything it cannot account for. */
export function parseMpd(xml: string): MpdSummary {
  const mpdTag = /<MPD\b[^>]*>/.exec(xml)?.[0];
  if (!mpdTag || !xml.includes('</MPD>')) throw new Error('manifest.mpd: no complete MPD element');
  const representations: MpdRepresentation[] = [];
  const setRe = /<AdaptationSet\b([^>]*)>([\s\S]*?)<\/AdaptationSet>/g;
  for (const set of xml.matchAll(setRe)) {
    const setTag = `<AdaptationSet ${set[1] ?? ''}>`;
    const contentType = attr(setTag, 'contentType');
    if (contentType !== 'video' && contentType !== 'audio') continue;
    const setFrameRate = parseFrameRate(attr(setTag, 'frameRate'));
    for (const rep of (set[2] ?? '').matchAll(/<Representation\b([^>]*)>([\s\S]*?)<\/Representation>/g)) {
      const repTag = `<Representation ${rep[1] ?? ''}>`;
      const body = rep[2] ?? '';
      const template = /<SegmentTemplate\b[^>]*>/.exec(body)?.[0];
      if (!template) throw new Error('manifest.mpd: a representation has no SegmentTemplate');
      const segments: number[] = [];
      let firstTime = 0;
      for (const s of body.matchAll(/<S\b([^>]*)\/>/g)) {
        const sTag = `<S ${s[1] ?? ''}/>`;
        if (segments.length === 0) firstTime = Number(attr(sTag, 't') ?? 0);
        if (!(firstTime >= 0)) throw new Error('manifest.mpd: bad SegmentTimeline start');
        const d = Number(attr(sTag, 'd'));
        const r = Number(attr(sTag, 'r') ?? 0);
        if (!(d > 0) || !(r >= 0)) throw new Error('manifest.mpd: bad SegmentTimeline entry');
        for (let i = 0; i <= r; i += 1) segments.push(d);
      }
      if (segments.length === 0) throw new Error('manifest.mpd: a representation has an empty SegmentTimeline');
      const width = attr(repTag, 'width');
      const height = attr(repTag, 'height');
      representations.push({
        id: attr(repTag, 'id') ?? '',
        contentType,
        bandwidth: Number(attr(repTag, 'bandwidth') ?? 0),
        codecs: attr(repTag, 'codecs') ?? '',
        width: width === null ? null : Number(width),
        height: height === null ? null : Number(height),
        frameRate: parseFrameRate(attr(repTag, 'frameRate')) ?? setFrameRate,
        timescale: Number(attr(template, 'timescale') ?? 1),
        firstTime,
        segments,
        initialization: attr(template, 'initialization') ?? '',
        media: attr(template, 'media') ?? '',
        startNumber: Number(attr(template, 'startNumber') ?? 1),
      });
    }
  }
  return { type: attr(mpdTag, 'type') ?? '', representations };
}

/** Total duration of one representation, milliseconds (rounded down). */
export function representationDurationMs(rep: MpdRepresentation): number {
  const units = rep.segments.reduce((a, b) => a + b, 0);
  return Math.floor((units * 1000) / rep.timescale);
}

/** Segment file names of a representation, in order (template expanded). */
export function segmentFiles(rep: MpdRepresentation): { init: string; media: string[] } {
  const expand = (template: string, n: number | null) =>
    template
      .replaceAll('$RepresentationID$', rep.id)
      .replace(/\$Number%0(\d+)d\$/, (_, w: string) => String(n ?? 0).padStart(Number(w), '0'))
      .replaceAll('$Number$', String(n ?? 0));
  return { init: expand(rep.initialization, null), media: rep.segments.map((_, i) => expand(rep.media, rep.startNumber + i)) };
}

export interface HlsVariant {
  uri: string;
  bandwidth: number;
  resolution: string | null;
  codecs: string | null;
}

export interface HlsRendition {
  uri: string;
  groupId: string;
  language: string | null;
  name: string | null;
}

export interface HlsMaster {
  variants: HlsVariant[];
  audio: HlsRendition[];
  /** EXT-X-MEDIA TYPE=SUBTITLES renditions. */
  subtitles: HlsRendition[];
}

/** Parses an HLS master playlist (the variants and the audio group). */
export function parseHlsMaster(text: string): HlsMaster {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') throw new Error('master playlist: missing #EXTM3U');
  const variants: HlsVariant[] = [];
  const audio: HlsMaster['audio'] = [];
  const subtitles: HlsMaster['subtitles'] = [];
  const quoted = (line: string, key: string) => new RegExp(`[:,]${key}="([^"]*)"`).exec(line)?.[1] ?? null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line.startsWith('#EXT-X-MEDIA:') && /[:,]TYPE=(AUDIO|SUBTITLES)\b/.test(line)) {
      const uri = quoted(line, 'URI');
      const media = { uri: uri ?? '', groupId: quoted(line, 'GROUP-ID') ?? '', language: quoted(line, 'LANGUAGE'), name: quoted(line, 'NAME') };
      if (uri) (line.includes('TYPE=AUDIO') ? audio : subtitles).push(media);
    } else if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const uri = lines.slice(i + 1).find((l) => l.length > 0 && !l.startsWith('#'));
      if (!uri) throw new Error('master playlist: a variant has no URI');
      variants.push({
        uri,
        bandwidth: Number(/BANDWIDTH=(\d+)/.exec(line)?.[1] ?? 0),
        resolution: /RESOLUTION=(\d+x\d+)/.exec(line)?.[1] ?? null,
        codecs: quoted(line, 'CODECS'),
      });
    }
  }
  return { variants, audio, subtitles };
}

export interface HlsMedia {
  map: string | null;
  segments: Array<{ uri: string; durationSec: number }>;
  targetDuration: number;
  ended: boolean;
}

/** Parses an HLS media playlist. */
export function parseHlsMedia(text: string): HlsMedia {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') throw new Error('media playlist: missing #EXTM3U');
  const segments: HlsMedia['segments'] = [];
  let pending: number | null = null;
  let map: string | null = null;
  for (const line of lines) {
    if (line.startsWith('#EXTINF:')) pending = Number(line.slice(8).split(',')[0]);
    else if (line.startsWith('#EXT-X-MAP:')) map = /URI="([^"]*)"/.exec(line)?.[1] ?? null;
    else if (line.length > 0 && !line.startsWith('#') && pending !== null) {
      segments.push({ uri: line, durationSec: pending });
      pending = null;
    }
  }
  return {
    map,
    segments,
    targetDuration: Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? 0),
    ended: text.includes('#EXT-X-ENDLIST'),
  };
}
