// HLS text for a channel's live stream: the multivariant playlist (a variant per rung, audio as a
// rendition group with a rendition per language, text tracks as a SUBTITLES group) and a media playlist
// of dated entries. Pure: the same input gives the same bytes.
import { TEXT_CHARACTERISTICS } from '#pipeline/media/track-manifests.js';
import type { LiveEntry } from './live-timeline.js';
import { NO_EXTRA_TRACKS, type ChannelTracks } from './channel-tracks.js';

/** A rung the channel's master lists (video + audio bandwidth, both codecs). */
export interface ChannelRung {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
  /** Video codec only (the audio group's codec is added in the master). */
  videoCodecs: string;
  frameRate: number;
}

export const HLS_NAMES = {
  master: 'master.m3u8',
  audio: 'audio',
  audioGroup: 'audio',
  subtitlesGroup: 'subs',
  /** The media playlist file of a rung or of the audio. */
  playlist: (name: string) => `${name}.m3u8`,
};

export const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

const quoted = (s: string) => `"${s.replace(/["\r\n]/g, "'")}"`;

/**
 * The multivariant playlist: one variant per rung, best first, all sharing the audio group (a rendition
 * per language when `tracks` has them, the first the default) and, with text tracks, the SUBTITLES group.
 */
export function renderMaster(rungs: readonly ChannelRung[], audio: { codecs: string; channels: number }, tracks: ChannelTracks = NO_EXTRA_TRACKS): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  const group = `GROUP-ID="${HLS_NAMES.audioGroup}"`;
  if (tracks.audio.length === 0) {
    lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,${group},NAME="Main",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="${audio.channels}",URI="${HLS_NAMES.playlist(HLS_NAMES.audio)}"`);
  }
  tracks.audio.forEach((a, i) => {
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,${group},NAME=${quoted(a.name)},LANGUAGE=${quoted(a.lang)},DEFAULT=${i === 0 ? 'YES' : 'NO'},AUTOSELECT=YES,CHANNELS="${audio.channels}",URI="${HLS_NAMES.playlist(a.playlist)}"`,
    );
  });
  for (const t of tracks.text) {
    const characteristics = TEXT_CHARACTERISTICS[t.kind];
    lines.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${HLS_NAMES.subtitlesGroup}",NAME=${quoted(t.name)},LANGUAGE=${quoted(t.lang)},DEFAULT=NO,AUTOSELECT=YES,FORCED=NO` +
        `${characteristics ? `,CHARACTERISTICS="${characteristics}"` : ''},URI="${HLS_NAMES.playlist(t.playlist)}"`,
    );
  }
  const subtitles = tracks.text.length > 0 ? `,SUBTITLES="${HLS_NAMES.subtitlesGroup}"` : '';
  for (const r of rungs) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${r.videoCodecs},${audio.codecs}",FRAME-RATE=${r.frameRate.toFixed(3)},AUDIO="${HLS_NAMES.audioGroup}"${subtitles}`,
      HLS_NAMES.playlist(r.name),
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface MediaPlaylist {
  /** EXT-X-TARGETDURATION, whole seconds (never below any entry's rounded duration). */
  targetDurationSec: number;
  /** Media sequence number of the first entry. */
  mediaSequence: number;
  /** Discontinuities before the first entry. */
  discontinuitySequence: number;
  entries: readonly LiveEntry[];
  /** The URI an entry is listed with. */
  uri: (entry: LiveEntry) => string;
}

/** ISO 8601 UTC with milliseconds, the instant rounded to the millisecond. */
export const isoMs = (ms: number): string => new Date(Math.round(ms)).toISOString();

/**
 * A live media playlist: every airing opens with EXT-X-DISCONTINUITY and its init segment (WebVTT
 * entries have none), every entry
 * carries its EXT-X-PROGRAM-DATE-TIME, and there is no EXT-X-ENDLIST (the channel never ends).
 */
export function renderMediaPlaylist(p: MediaPlaylist): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${p.targetDurationSec}`,
    `#EXT-X-MEDIA-SEQUENCE:${p.mediaSequence}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${p.discontinuitySequence}`,
  ];
  p.entries.forEach((e, i) => {
    if (e.opensAiring) lines.push('#EXT-X-DISCONTINUITY');
    if ((e.opensAiring || i === 0) && e.track.initUrl) lines.push(`#EXT-X-MAP:URI="${e.track.initUrl}"`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${isoMs(e.pdtMs)}`, `#EXTINF:${(e.durationMs / 1000).toFixed(6)},`, p.uri(e));
  });
  return `${lines.join('\n')}\n`;
}

/** The target duration for entries: the configured segment length, or more if an entry needs it. */
export function targetDurationSec(entries: readonly LiveEntry[], segmentSeconds: number): number {
  let longest = Math.ceil(segmentSeconds);
  for (const e of entries) longest = Math.max(longest, Math.round(e.durationMs / 1000));
  return longest;
}
