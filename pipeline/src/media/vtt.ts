// Segmented WebVTT, pure: reads a WebVTT file (ffmpeg's conversion of a subtitle stream or sidecar), checks
// a sidecar before ffmpeg sees it (UTF-8, cue timings), and cuts cues into segments in step with the video.
//
// Segment n (from 0, file number startNumber + n) covers [n*seg, (n+1)*seg) of the media timeline; a cue
// is in every segment it overlaps, whole (its times unchanged; Shaka and hls.js drop the repeats). Cue
// times are on the CMAF video's media timeline (ffmpeg shifts the subtitle conversion and the ladder by
// the same input start time). Every segment carries `X-TIMESTAMP-MAP=MPEGTS:<t*90000>,LOCAL:<t>` with t
// the video's first media time (0 for the ladder's output): "cue time t is media time t". hls.js maps a
// cue with MPEGTS minus the fMP4 video's initPTS, Shaka with MPEGTS/90000 minus LOCAL on the same timeline
// as the video's segment times, so the identity map lines cues up with the CMAF video in both; DASH
// players ignore the header and read cue times as presentation times (the video's presentation time
// offset is 0 too).

export interface VttCue {
  /** Milliseconds on the media timeline. */
  startMs: number;
  endMs: number;
  /** Cue settings after the timing (e.g. "line:90% align:center"), "" when none. */
  settings: string;
  /** The cue payload lines (identifier dropped). */
  text: string;
}

export class VttError extends Error {
  constructor(
    readonly code: 'SS_TEXT_INVALID_UTF8' | 'SS_TEXT_BAD_TIMING' | 'SS_TEXT_EMPTY',
    message: string,
  ) {
    super(message);
    this.name = 'VttError';
  }
}

const TIMESTAMP = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{1,3})$/;

/** "01:02:03.456", "02:03.456" or SRT's "01:02:03,456" in milliseconds; null when unreadable. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const ms = Number((m[4] ?? '0').padEnd(3, '0'));
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + ms;
}

/** Milliseconds as WebVTT's "hh:mm:ss.mmm". */
export function formatTimestamp(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(t / 3_600_000))}:${p(Math.floor(t / 60_000) % 60)}:${p(Math.floor(t / 1000) % 60)}.${p(t % 1000, 3)}`;
}

/** A cue timing line "start --> end [settings]"; null when it is not one, a VttError when it is broken. */
function parseTiming(line: string): { startMs: number; endMs: number; settings: string } | null {
  if (!line.includes('-->')) return null;
  const m = /^\s*(\S+)\s+-->\s+(\S+)(.*)$/.exec(line);
  const startMs = m ? parseTimestamp(m[1] ?? '') : null;
  const endMs = m ? parseTimestamp(m[2] ?? '') : null;
  if (startMs === null || endMs === null) throw new VttError('SS_TEXT_BAD_TIMING', `unreadable cue timing "${line.trim().slice(0, 80)}"`);
  if (endMs < startMs) throw new VttError('SS_TEXT_BAD_TIMING', `a cue ends before it starts ("${line.trim().slice(0, 80)}")`);
  return { startMs, endMs, settings: (m?.[3] ?? '').trim() };
}

function blocksOf(text: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (line.trim() !== '') current.push(line);
    else if (current.length > 0) {
      blocks.push(current);
      current = [];
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/** Parses WebVTT (header, NOTE, STYLE and REGION blocks skipped). Throws VttError on a broken timing. */
export function parseVtt(text: string): VttCue[] {
  const cues: VttCue[] = [];
  for (const block of blocksOf(text)) {
    const head = block[0] ?? '';
    if (/^(WEBVTT|NOTE|STYLE|REGION)\b/.test(head)) continue;
    const at = block.findIndex((l) => l.includes('-->'));
    if (at < 0 || at > 1) continue;
    const timing = parseTiming(block[at] ?? '');
    if (!timing) continue;
    cues.push({ ...timing, text: block.slice(at + 1).join('\n') });
  }
  return cues.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/**
 * Checks a sidecar's bytes before conversion: valid UTF-8 (a BOM allowed), every timing line readable and
 * ordered, at least one cue. Returns the decoded text; throws a VttError saying what is wrong.
 */
export function checkSidecar(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VttError('SS_TEXT_INVALID_UTF8', 'the file is not UTF-8 text (save it as UTF-8)');
  }
  let cues = 0;
  for (const line of text.split(/\r\n|\r|\n/)) if (!/^NOTE\b/.test(line) && parseTiming(line)) cues += 1;
  if (cues === 0) throw new VttError('SS_TEXT_EMPTY', 'the file holds no subtitle cue');
  return text;
}

export interface VttSegmentOptions {
  segmentSeconds: number;
  /** Media duration, milliseconds: the segment count is ceil(duration / segment). */
  durationMs: number;
  /** The video's first media time, milliseconds (the X-TIMESTAMP-MAP anchor); default 0. */
  timelineStartMs?: number;
}

/** The X-TIMESTAMP-MAP header line for a timeline starting at `startMs`. */
export function timestampMap(startMs = 0): string {
  return `X-TIMESTAMP-MAP=MPEGTS:${Math.round(startMs * 90)},LOCAL:${formatTimestamp(startMs)}`;
}

export const segmentCount = (o: Pick<VttSegmentOptions, 'segmentSeconds' | 'durationMs'>): number =>
  Math.max(1, Math.ceil(o.durationMs / (o.segmentSeconds * 1000) - 1e-9));

/** Cuts cues into WebVTT segment files' texts, one per segment of the media, in order. */
export function segmentVtt(cues: readonly VttCue[], o: VttSegmentOptions): string[] {
  const segMs = o.segmentSeconds * 1000;
  const start = o.timelineStartMs ?? 0;
  const header = `WEBVTT\n${timestampMap(start)}\n`;
  return Array.from({ length: segmentCount(o) }, (_, n) => {
    const from = start + n * segMs;
    const to = from + segMs;
    const inside = cues.filter((c) => c.startMs < to && (c.endMs > from || (c.endMs === c.startMs && c.startMs >= from)));
    const body = inside.map((c) => `\n${formatTimestamp(c.startMs)} --> ${formatTimestamp(c.endMs)}${c.settings ? ` ${c.settings}` : ''}\n${c.text}\n`);
    return header + body.join('');
  });
}

/** The HLS media playlist of a text track: one WebVTT segment per video segment. */
export function vttMediaPlaylist(segmentFiles: readonly string[], o: Pick<VttSegmentOptions, 'segmentSeconds' | 'durationMs'>): string {
  const seg = o.segmentSeconds;
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${Math.ceil(seg - 1e-9)}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
  segmentFiles.forEach((file, n) => {
    const duration = Math.min(seg, o.durationMs / 1000 - n * seg);
    lines.push(`#EXTINF:${Math.max(0.001, duration).toFixed(3)},`, file);
  });
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}
