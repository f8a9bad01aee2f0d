// Builders for the live output's unit tests: asset timelines from segment lengths, airings on them.
import type { TextTrackKind } from '../../../src/contracts/lineup.js';
import type { AssetTimeline, AudioTimeline, TextTimeline, TrackTimeline } from '../../../src/services/live/asset-timeline.js';
import type { LiveAiring } from '../../../src/services/live/live-timeline.js';

/** A track whose segments last `lengthsMs` (milliseconds), on a 1 kHz or 48 kHz timescale. */
export function trackOf(assetId: string, kind: 'video' | 'audio', id: string, lengthsMs: number[], o: { name?: string; height?: number; timescale?: number; firstTicks?: number } = {}): TrackTimeline {
  const timescale = o.timescale ?? (kind === 'audio' ? 48_000 : 12_800);
  const firstTicks = o.firstTicks ?? 0;
  const startsMs = [0];
  for (const l of lengthsMs) startsMs.push((startsMs[startsMs.length - 1] ?? 0) + l);
  return {
    kind,
    name: o.name ?? (kind === 'audio' ? 'audio' : `${o.height ?? 240}p`),
    representationId: id,
    bandwidth: kind === 'audio' ? 128_000 : 400_000,
    codecs: kind === 'audio' ? 'mp4a.40.2' : 'avc1.42c01e',
    width: kind === 'audio' ? null : Math.round(((o.height ?? 240) * 16) / 9),
    height: kind === 'audio' ? null : o.height ?? 240,
    frameRate: kind === 'audio' ? null : 25,
    timescale,
    startTicks: startsMs.map((ms) => firstTicks + Math.round((ms * timescale) / 1000)),
    startsMs,
    startNumber: 1,
    initUrl: `/media/${assetId}/init-${id}.m4s`,
    mediaTemplate: `/media/${assetId}/seg-${id}-$Number%05d$.m4s`,
  };
}

/** Audio segment lengths as AAC at 48 kHz cuts them: 1024-sample frames, a segment closing on the first frame at or after each video boundary. */
export function aacLengths(videoLengthsMs: number[]): number[] {
  const frame = 1024 / 48;
  const out: number[] = [];
  let video = 0;
  let audio = 0;
  for (const l of videoLengthsMs) {
    video += l;
    const end = Math.ceil(video / frame - 1e-9) * frame;
    out.push(end - audio);
    audio = end;
  }
  return out;
}

/** An asset of `lengthsMs` video segments (one rung per height, top first) and AAC-cut audio. */
export function timelineOf(assetId: string, lengthsMs: number[], heights: number[] = [240]): AssetTimeline {
  return {
    assetId,
    video: heights.map((h, i) => trackOf(assetId, 'video', String(i), lengthsMs, { height: h, name: `${h}p` })),
    audio: trackOf(assetId, 'audio', String(heights.length), aacLengths(lengthsMs)),
  };
}

/** `n` segments of `segMs`, then a shorter last one of `tailMs` (0: none). */
export const lengths = (n: number, segMs: number, tailMs = 0): number[] => [...Array<number>(n).fill(segMs), ...(tailMs > 0 ? [tailMs] : [])];

export function airingOf(timeline: AssetTimeline, startMs: number, inMs: number, outMs: number, id = `p-${startMs}`): LiveAiring {
  return { id, startMs, endMs: startMs + (outMs - inMs), inMs, outMs, timeline };
}

/** An asset with audio renditions in `audio` languages and a text track per `text` entry (WebVTT cut every 2 s), over `lengthsMs` video segments. */
export function tracksTimelineOf(
  assetId: string,
  lengthsMs: number[],
  o: { audio: Array<{ lang: string; label: string }>; text: Array<{ lang: string; label: string; kind: TextTrackKind }>; heights?: number[] },
): AssetTimeline {
  const base = timelineOf(assetId, lengthsMs, o.heights);
  const firstAudio = base.video.length;
  const audioTracks: AudioTimeline[] = o.audio.map((a, i) => ({ ...a, track: i === 0 ? base.audio : trackOf(assetId, 'audio', String(firstAudio + i), aacLengths(lengthsMs)) }));
  const totalMs = lengthsMs.reduce((s, l) => s + l, 0);
  const count = Math.max(1, Math.ceil(totalMs / 2000));
  const text: TextTimeline[] = o.text.map((t, i) => {
    const track = trackOf(assetId, 'audio', `text-${i}`, Array.from({ length: count }, (_, n) => Math.min(2000, totalMs - n * 2000)), { timescale: 1000 });
    return { ...t, track: { ...track, kind: 'text', name: `text-${i}`, bandwidth: 256, codecs: 'wvtt', initUrl: '', mediaTemplate: `/media/${assetId}/text-${i}-$Number%05d$.vtt` } };
  });
  return { ...base, audioTracks, text };
}
