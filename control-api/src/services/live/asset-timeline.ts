// An asset's segments as the live output stitches them: per track (each video rung, the audio) where
// every segment starts, in milliseconds into the asset and in media time, read from the packaged DASH
// manifest (the pipeline's own reader). Every audio language and every text (segmented WebVTT) track is
// kept too: a text track's segment n covers [n·d, (n+1)·d) of the video's media timeline (d its
// SegmentTemplate duration), as the pipeline cuts it. Packaged assets are immutable, so a parsed
// timeline is kept by asset id and update time.
import { parseMpd, type MpdRepresentation } from '#pipeline/media/manifest.js';
import { readMpdTracks } from '#pipeline/media/track-manifests.js';
import { fillSegmentTemplate } from '#core/content-layout.js';
import type { Asset, TextTrackKind } from '../../contracts/lineup.js';

export interface TrackTimeline {
  kind: 'video' | 'audio' | 'text';
  /** The rung name of a video track (the asset's rendition name); `audio` for the audio track. */
  name: string;
  representationId: string;
  bandwidth: number;
  codecs: string;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  timescale: number;
  /** Media time of segment i's start, timescale units; one more entry than segments (the end). */
  startTicks: number[];
  /** The same instants in milliseconds from the asset's first media time. */
  startsMs: number[];
  /** Manifest number of the first segment. */
  startNumber: number;
  /** URL path of the init segment ('' for a text track: WebVTT has none). */
  initUrl: string;
  /** URL path of the media segments with `$Number…$` left in (a DASH template). */
  mediaTemplate: string;
}

/** An audio rendition of an asset with its language (`und` when untagged). */
export interface AudioTimeline {
  lang: string;
  label: string;
  track: TrackTimeline;
}

/** A text track of an asset: segmented WebVTT, timescale 1000 (cue times are video media milliseconds). */
export interface TextTimeline {
  lang: string;
  label: string;
  kind: TextTrackKind;
  track: TrackTimeline;
}

export interface AssetTimeline {
  assetId: string;
  /** Video tracks in the asset's rendition order (top rung first). */
  video: TrackTimeline[];
  /** The first audio rendition (the asset's default). */
  audio: TrackTimeline;
  /** Every audio rendition in the manifest's order (the first is `audio`); absent: `audio` only. */
  audioTracks?: AudioTimeline[];
  /** Text tracks in the manifest's order; absent: none. */
  text?: TextTimeline[];
}

function track(rep: MpdRepresentation, name: string, base: string): TrackTimeline {
  const startTicks = [rep.firstTime];
  for (const d of rep.segments) startTicks.push((startTicks[startTicks.length - 1] ?? 0) + d);
  const fill = (template: string) => base + template.replace(/\$RepresentationID\$/g, rep.id);
  return {
    kind: rep.contentType,
    name,
    representationId: rep.id,
    bandwidth: rep.bandwidth,
    codecs: rep.codecs,
    width: rep.width,
    height: rep.height,
    frameRate: rep.frameRate,
    timescale: rep.timescale,
    startTicks,
    startsMs: startTicks.map((t) => ((t - rep.firstTime) * 1000) / rep.timescale),
    startNumber: rep.startNumber,
    initUrl: fill(rep.initialization),
    mediaTemplate: fill(rep.media),
  };
}

const attrOf = (tag: string, name: string): string | null => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

/** The SegmentTemplate of each text Representation of an MPD, by Representation id. */
function textTemplates(xml: string): Map<string, { timescale: number; duration: number; startNumber: number; media: string }> {
  const out = new Map<string, { timescale: number; duration: number; startNumber: number; media: string }>();
  for (const set of xml.matchAll(/<AdaptationSet\b([^>]*)>([\s\S]*?)<\/AdaptationSet>/g)) {
    if (attrOf(set[1] ?? '', 'contentType') !== 'text') continue;
    const rep = /<Representation\b[^>]*>/.exec(set[2] ?? '')?.[0] ?? '';
    const template = /<SegmentTemplate\b[^>]*>/.exec(set[2] ?? '')?.[0];
    if (!template) continue;
    out.set(unescapeXml(attrOf(rep, 'id') ?? ''), {
      timescale: Number(attrOf(template, 'timescale') ?? 1),
      duration: Number(attrOf(template, 'duration') ?? 0),
      startNumber: Number(attrOf(template, 'startNumber') ?? 1),
      media: unescapeXml(attrOf(template, 'media') ?? ''),
    });
  }
  return out;
}

/** A text track cut as the pipeline cuts WebVTT: segments of `segMs` from the video's first media time to its end. */
function textTrack(id: string, template: { startNumber: number; media: string }, segMs: number, video: TrackTimeline, base: string): TrackTimeline {
  const firstMs = ((video.startTicks[0] ?? 0) * 1000) / video.timescale;
  const durationMs = video.startsMs[video.startsMs.length - 1] ?? 0;
  const count = Math.max(1, Math.ceil(durationMs / segMs - 1e-9));
  const startsMs = Array.from({ length: count + 1 }, (_, n) => (n < count ? n * segMs : Math.max(durationMs, (count - 1) * segMs + 1)));
  return {
    kind: 'text',
    name: id,
    representationId: id,
    bandwidth: 256,
    codecs: 'wvtt',
    width: null,
    height: null,
    frameRate: null,
    timescale: 1000,
    startTicks: startsMs.map((ms) => Math.round(firstMs + ms)),
    startsMs,
    startNumber: template.startNumber,
    initUrl: '',
    mediaTemplate: base + template.media.replace(/\$RepresentationID\$/g, id),
  };
}

/** The timeline of a packaged asset from its MPD text. Throws when the manifest lacks video or audio. */
export function readAssetTimeline(asset: Asset, mpdXml: string): AssetTimeline {
  const mpd = parseMpd(mpdXml);
  const base = asset.dashUrl.slice(0, asset.dashUrl.lastIndexOf('/') + 1);
  const videos = mpd.representations.filter((r) => r.contentType === 'video');
  const audios = mpd.representations.filter((r) => r.contentType === 'audio');
  const audio = audios[0];
  if (videos.length === 0 || !audio) throw new Error(`asset ${asset.id}: the manifest lacks video or audio`);
  const video = videos.map((rep, i) => track(rep, asset.renditions[i]?.name ?? `${rep.height ?? 0}p`, base));
  const listed = readMpdTracks(mpdXml);
  const templates = textTemplates(mpdXml);
  const audioTracks = audios.map((rep, i) => {
    const meta = listed.audio.find((a) => a.id === rep.id);
    return { lang: meta?.lang ?? 'und', label: meta?.label ?? '', track: track(rep, i === 0 ? 'audio' : `audio-${rep.id}`, base) };
  });
  const text: TextTimeline[] = [];
  for (const t of listed.text) {
    const template = templates.get(t.id);
    const segMs = template ? (template.duration * 1000) / template.timescale : 0;
    if (!template || !(segMs > 0) || !template.media || !video[0]) continue; // not segmented: cannot be stitched
    text.push({ lang: t.lang, label: t.label, kind: t.kind, track: textTrack(t.id, template, segMs, video[0], base) });
  }
  return { assetId: asset.id, video, audio: audioTracks[0]?.track ?? track(audio, 'audio', base), audioTracks, text };
}

/** The URL path of segment `index` (0-based) of a track. */
export function segmentUrl(t: TrackTimeline, index: number): string {
  return fillSegmentTemplate(t.mediaTemplate, { representationId: t.representationId, number: t.startNumber + index });
}

/** Number of segments of a track. */
export const segmentCount = (t: TrackTimeline): number => t.startsMs.length - 1;

/** Index of the last boundary at or before `ms` (0 … segments). */
export function boundaryAtOrBefore(t: TrackTimeline, ms: number): number {
  let lo = 0;
  let hi = t.startsMs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((t.startsMs[mid] ?? 0) <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the boundary nearest `ms` (ties: the earlier one). */
export function nearestBoundary(t: TrackTimeline, ms: number): number {
  const before = boundaryAtOrBefore(t, ms);
  const after = Math.min(before + 1, t.startsMs.length - 1);
  return ms - (t.startsMs[before] ?? 0) <= (t.startsMs[after] ?? 0) - ms ? before : after;
}

/**
 * The video track standing for rung `name` in an asset: the rendition of that name, else the nearest
 * lower one (by height), else the lowest the asset has.
 */
export function videoTrackFor(timeline: AssetTimeline, rung: { name: string; height: number }): TrackTimeline {
  const same = timeline.video.find((v) => v.name === rung.name);
  if (same) return same;
  const byHeight = [...timeline.video].sort((a, b) => (b.height ?? 0) - (a.height ?? 0));
  return byHeight.find((v) => (v.height ?? 0) <= rung.height) ?? (byHeight[byHeight.length - 1] as TrackTimeline);
}

export const TIMELINE_CACHE_DEFAULTS = {
  capacity: 5_000, // parsed asset timelines kept (least recently used dropped)
};

export interface AssetTimelinesOptions {
  /** Reads the text of an asset's DASH manifest (from the media folder). */
  readManifest: (asset: Asset) => Promise<string>;
  /** Told once per asset whose manifest cannot be read or parsed (it is then off air for the live output). */
  onUnreadable?: (asset: Asset, err: Error) => void;
  capacity?: number;
}

/** Asset timelines by asset, read once each (null: the asset's media cannot be stitched). */
export class AssetTimelines {
  private readonly cache = new Map<string, Promise<AssetTimeline | null>>();
  private readonly capacity: number;

  constructor(private readonly o: AssetTimelinesOptions) {
    this.capacity = o.capacity ?? TIMELINE_CACHE_DEFAULTS.capacity;
  }

  get(asset: Asset): Promise<AssetTimeline | null> {
    const key = `${asset.id}\u0000${asset.updatedAt}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const loading = this.load(asset);
    this.cache.set(key, loading);
    if (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    return loading;
  }

  private async load(asset: Asset): Promise<AssetTimeline | null> {
    if (asset.status !== 'ready' || !asset.dashUrl) return null;
    try {
      return readAssetTimeline(asset, await this.o.readManifest(asset));
    } catch (err) {
      this.o.onUnreadable?.(asset, err as Error);
      return null;
    }
  }
}
