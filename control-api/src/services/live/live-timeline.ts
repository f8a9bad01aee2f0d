// The live timeline of a channel: its airings (what the schedule function says) with the gaps filled by
// the slate, and for each airing the asset segments a live player is given. Pure: no I/O, no clock.
//
// HLS cannot start or end a segment part-way, so an HLS airing plays whole segments: from the boundary
// nearest its in-point to the boundary nearest its out-point. Its first segment is dated exactly at the
// airing's start, the others follow by their real durations, and the last one's EXTINF is cut (or
// stretched) so the airing ends exactly when the schedule says: the live stream is contiguous and every
// airing boundary is exact. Airings the programming engine makes (cut at segment boundaries) play
// exactly; an explicit program whose in-point falls inside a segment shows that segment from its start
// (at most half a segment early into the asset). DASH needs none of this: a Period trims to the
// millisecond (presentationTimeOffset and the next Period's start).
import { boundaryAtOrBefore, nearestBoundary, segmentCount, type AssetTimeline, type TrackTimeline } from './asset-timeline.js';

export interface LiveAiring {
  /** Stable identity: the airing's id and start (a slate clip: `slate-{start}`). */
  id: string;
  startMs: number;
  endMs: number;
  /** Milliseconds into the asset at startMs and endMs. */
  inMs: number;
  outMs: number;
  timeline: AssetTimeline;
}

/** One segment of one track as the live stream lists it. */
export interface LiveEntry {
  airing: LiveAiring;
  track: TrackTimeline;
  /** 0-based segment index in the asset. */
  index: number;
  /** When the schedule plays the entry's first frame, epoch milliseconds (fractional for audio). */
  pdtMs: number;
  durationMs: number;
  /** The first entry of its airing (a discontinuity and a new init segment precede it). */
  opensAiring: boolean;
}

/** Which segments [first, end) of a track an airing plays in HLS (at least one). */
export function hlsSpan(airing: LiveAiring, track: TrackTimeline): { first: number; end: number } {
  const n = segmentCount(track);
  const first = Math.min(nearestBoundary(track, airing.inMs), n - 1);
  let end = Math.max(first + 1, nearestBoundary(track, airing.outMs));
  const length = airing.endMs - airing.startMs;
  // Never list a segment the airing's end comes before.
  while (end - first > 1 && (track.startsMs[end - 1] ?? 0) - (track.startsMs[first] ?? 0) >= length) end -= 1;
  return { first, end };
}

/** Number of HLS entries an airing has on a track (what the media sequence counts). */
export function hlsEntryCount(airing: LiveAiring, track: TrackTimeline): number {
  const { first, end } = hlsSpan(airing, track);
  return end - first;
}

/** The HLS entries of an airing on a track, dated by the schedule. */
export function hlsEntries(airing: LiveAiring, track: TrackTimeline): LiveEntry[] {
  const { first, end } = hlsSpan(airing, track);
  const out: LiveEntry[] = [];
  const base = track.startsMs[first] ?? 0;
  for (let i = first; i < end; i += 1) {
    const pdtMs = airing.startMs + ((track.startsMs[i] ?? 0) - base);
    const durationMs = i === end - 1 ? airing.endMs - pdtMs : (track.startsMs[i + 1] ?? 0) - (track.startsMs[i] ?? 0);
    out.push({ airing, track, index: i, pdtMs, durationMs, opensAiring: i === first });
  }
  return out;
}

/** The segments [first, end) a DASH Period needs to cover [inMs, outMs) of the asset exactly. */
export function dashSpan(airing: LiveAiring, track: TrackTimeline): { first: number; end: number } {
  const n = segmentCount(track);
  const first = Math.min(boundaryAtOrBefore(track, airing.inMs), n - 1);
  const atOrBeforeOut = boundaryAtOrBefore(track, airing.outMs);
  const end = (track.startsMs[atOrBeforeOut] ?? 0) >= airing.outMs ? atOrBeforeOut : Math.min(atOrBeforeOut + 1, n);
  return { first, end: Math.max(end, first + 1) };
}

/** The slate standing in where nothing is on air, looping on a grid of its own length from the epoch. */
export interface Slate {
  timeline: AssetTimeline;
  durationMs: number;
}

/** The grid point of the slate loop at or before tMs (where a window must start for fills to agree). */
export function slateGridAtOrBefore(slate: Slate | null, tMs: number): number {
  if (!slate || !(slate.durationMs > 0)) return tMs;
  return Math.floor(tMs / slate.durationMs) * slate.durationMs;
}

/**
 * Airings sorted by start, with every gap inside [fromMs, toMs) filled by slate clips: clip k covers
 * the part of the gap inside [k·d, (k+1)·d) and plays the slate from that grid point on, so the same
 * gap gives the same clips whatever window it is read through (as long as fromMs is on the grid).
 */
export function fillGaps(airings: readonly LiveAiring[], fromMs: number, toMs: number, slate: Slate | null): LiveAiring[] {
  const sorted = [...airings].sort((a, b) => a.startMs - b.startMs);
  if (!slate || !(slate.durationMs > 0)) return sorted;
  const out: LiveAiring[] = [];
  let t = fromMs;
  const fill = (until: number) => {
    while (t < until) {
      const grid = slateGridAtOrBefore(slate, t);
      const end = Math.min(until, grid + slate.durationMs);
      out.push({ id: `slate-${t}`, startMs: t, endMs: end, inMs: t - grid, outMs: end - grid, timeline: slate.timeline });
      t = end;
    }
  };
  for (const airing of sorted) {
    if (airing.endMs <= fromMs) continue;
    fill(Math.min(airing.startMs, toMs));
    out.push(airing);
    t = Math.max(t, airing.endMs);
  }
  fill(toMs);
  return out;
}
