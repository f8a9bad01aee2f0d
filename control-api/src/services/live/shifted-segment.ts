// Where the live HLS lists a segment moved onto the channel's timeline: `/live/segments/{assetId}/
// {shift}/{file}`, the asset's file with `shift` (timescale units) added to its decode times. The shift
// makes an airing's first listed segment start at the airing's start in Unix-epoch media time, so the
// same airing gives the same URLs (and bytes) on every server and a CDN can keep them for good.
// A WebVTT segment is moved with its airing's video: `shift` is then in 90 kHz units (X-TIMESTAMP-MAP's
// MPEGTS clock), the video's shift converted, so every cue keeps its place against the moved picture.
import { segmentUrl } from './asset-timeline.js';
import { hlsSpan, type LiveEntry } from './live-timeline.js';

export const SHIFTED_SEGMENT_PREFIX = '/live/segments/';

/** The shift of every segment of an entry's airing on its track. */
export function airingShift(entry: LiveEntry): bigint {
  const first = hlsSpan(entry.airing, entry.track).first;
  const startTicks = Math.round((entry.airing.startMs * entry.track.timescale) / 1000);
  return BigInt(startTicks) - BigInt(entry.track.startTicks[first] ?? 0);
}

/** The URL path of an entry's segment moved onto the channel's timeline. */
export function shiftedSegmentPath(entry: LiveEntry): string {
  const file = segmentUrl(entry.track, entry.index).split('/').pop() ?? '';
  return `${SHIFTED_SEGMENT_PREFIX}${entry.airing.timeline.assetId}/${airingShift(entry)}/${file}`;
}

/** The shift (90 kHz units) of a text entry's segment: its airing's video shift on the MPEG-TS clock. */
export function textShift90k(entry: LiveEntry): bigint {
  const video = entry.airing.timeline.video[0];
  if (!video) return 0n;
  const ticks = airingShift({ ...entry, track: video });
  const scale = BigInt(video.timescale);
  return (ticks * 90_000n * 2n + scale) / (2n * scale); // rounded (the shift is positive on the channel timeline)
}

/** The URL path of a text entry's WebVTT segment moved onto the channel's timeline. */
export function shiftedTextPath(entry: LiveEntry): string {
  const url = segmentUrl(entry.track, entry.index);
  if (!url.startsWith('/media/')) return url; // the empty WebVTT stand-in
  const file = url.split('/').pop() ?? '';
  return `${SHIFTED_SEGMENT_PREFIX}${entry.airing.timeline.assetId}/${textShift90k(entry)}/${file}`;
}
