// The audio languages and text tracks a channel's live stream lists, and which of an airing's tracks
// plays in each. Like the rungs, they are the library's (every ready asset's), so a master never
// changes as programs change. Pure.
//
// Audio: one rendition per tagged language when the library has two or more (the most common first,
// the default, at `audio.m3u8`); otherwise the single "Main" rendition of before. An airing whose asset
// lacks a language plays its own first audio in that rendition (a player never loses sound), and so
// does one whose rendition is not cut in step with its first audio (the sequence numbers count those).
// Text: one rendition per language (SUBTITLES group / text AdaptationSet), in step with the video. An
// airing whose asset lacks the language lists an empty WebVTT segment per video segment (HLS) or an
// empty WebVTT file (DASH): the track stays selectable and shows nothing, as players expect of a gap.
import type { Asset, TextTrackKind } from '../../contracts/lineup.js';
import { boundaryAtOrBefore, segmentCount, type TrackTimeline, type AssetTimeline } from './asset-timeline.js';
import { hlsEntryCount, type LiveAiring, type LiveEntry } from './live-timeline.js';

export interface ChannelAudio {
  lang: string;
  /** HLS NAME / DASH Label (unique in the channel). */
  name: string;
  /** Media playlist name (HLS) and Representation id (DASH). */
  playlist: string;
}

export interface ChannelText extends ChannelAudio {
  kind: TextTrackKind;
}

export interface ChannelTracks {
  /** Empty: the single "Main" audio rendition (at most one tagged language in the library). */
  audio: ChannelAudio[];
  text: ChannelText[];
}

export const NO_EXTRA_TRACKS: ChannelTracks = { audio: [], text: [] };

/** Where an airing without the text language points: an empty WebVTT file (served by the live routes). */
export const EMPTY_VTT_PATH = '/live/segments/empty.vtt';
export const EMPTY_VTT = 'WEBVTT\n';

const safe = (lang: string) => lang.replace(/[^A-Za-z0-9-]/g, '_');

/** Languages by the number of assets having them (then first seen), with a label and the commonest kind. */
function tally<T extends { lang: string; label: string }>(lists: ReadonlyArray<readonly T[]>): Array<{ lang: string; label: string; items: T[] }> {
  const by = new Map<string, { lang: string; label: string; assets: number; items: T[] }>();
  for (const list of lists) {
    const seen = new Set<string>();
    for (const t of list) {
      const entry = by.get(t.lang) ?? { lang: t.lang, label: '', assets: 0, items: [] };
      if (!entry.label && t.label) entry.label = t.label;
      entry.items.push(t);
      if (!seen.has(t.lang)) entry.assets += 1;
      seen.add(t.lang);
      by.set(t.lang, entry);
    }
  }
  return [...by.values()].sort((a, b) => b.assets - a.assets);
}

function uniqueNames<T extends { lang: string; label: string }>(langs: readonly T[]): Array<T & { name: string }> {
  const used = new Set<string>();
  return langs.map((l) => {
    let name = l.label || l.lang;
    if (used.has(name)) name = `${name} (${l.lang})`;
    used.add(name);
    return { ...l, name };
  });
}

/** The channel's audio and text renditions from the library's ready assets. */
export function channelTracks(assets: readonly Asset[]): ChannelTracks {
  const ready = assets.filter((a) => a.status === 'ready');
  const audioLangs = tally(ready.map((a) => (a.audioTracks ?? []).filter((t) => t.lang !== 'und')));
  const audio =
    audioLangs.length < 2 ? [] : uniqueNames(audioLangs).map((l, i) => ({ lang: l.lang, name: l.name, playlist: i === 0 ? 'audio' : `audio-${safe(l.lang)}` }));
  const text = uniqueNames(tally(ready.map((a) => a.textTracks ?? []))).map((l) => {
    const kinds = new Map<TextTrackKind, number>();
    for (const t of l.items) kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
    const kind = [...kinds.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'subtitles';
    return { lang: l.lang, name: l.name, playlist: `text-${safe(l.lang)}`, kind };
  });
  return { audio, text };
}

/** The audio an airing plays in the rendition of `lang`: the asset's own in that language, else its first. */
export function audioTrackFor(airing: LiveAiring, lang: string | null): TrackTimeline {
  const first = airing.timeline.audio;
  const own = lang === null ? undefined : airing.timeline.audioTracks?.find((a) => a.lang === lang)?.track;
  return own && hlsEntryCount(airing, own) === hlsEntryCount(airing, first) ? own : first;
}

/** The asset's first text track in `lang`, or null. */
export function textTrackFor(timeline: AssetTimeline, lang: string): TrackTimeline | null {
  return timeline.text?.find((t) => t.lang === lang)?.track ?? null;
}

/** The text "track" of an airing whose asset lacks the language: every segment is the empty WebVTT. */
export const EMPTY_TEXT_TRACK: TrackTimeline = {
  kind: 'text', name: 'empty', representationId: 'empty', bandwidth: 256, codecs: 'wvtt', width: null, height: null, frameRate: null,
  timescale: 1000, startTicks: [0, 1], startsMs: [0, 1], startNumber: 1, initUrl: '', mediaTemplate: EMPTY_VTT_PATH,
};

/**
 * The text entry standing beside a video entry: same airing, date and duration (so the same sequence
 * numbers), the WebVTT segment holding the video segment's start, or the empty WebVTT.
 */
export function textEntry(video: LiveEntry, lang: string): LiveEntry {
  const text = textTrackFor(video.airing.timeline, lang);
  if (!text) return { ...video, track: EMPTY_TEXT_TRACK, index: 0 };
  const index = Math.min(boundaryAtOrBefore(text, video.track.startsMs[video.index] ?? 0), segmentCount(text) - 1);
  return { ...video, track: text, index };
}
