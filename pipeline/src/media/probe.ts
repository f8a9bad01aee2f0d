// ffprobe first: reads what a source is and turns anything unusable into a message a broadcaster understands.
import { open } from 'node:fs/promises';
import { probeArgs } from '../ffmpeg/args.js';
import { parseRational, type Rational, type SourceVideo } from '../ffmpeg/ladder-plan.js';
import { MediaToolError, type MediaRunner } from '../ffmpeg/runner.js';
import { mediaToolUnavailable, sourceError } from '../errors.js';
import type { PipelineSettings } from '#contracts/settings-schema.js';
import { audioStreams, subtitleStreams, type AudioStreamInfo, type ProbeTrackStream, type SubtitleStreamInfo } from './tracks.js';

export interface SourceInfo {
  formatName: string;
  durationSec: number;
  video: SourceVideo & { codec: string };
  audio: { codec: string; channels: number; sampleRate: number } | null;
  /** Every audio stream, in order (`audio` is the first). */
  audioStreams: AudioStreamInfo[];
  /** Every subtitle stream, in order, text and bitmap. */
  subtitleStreams: SubtitleStreamInfo[];
}

interface ProbeStream extends ProbeTrackStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_aspect_ratio?: string;
  channels?: number;
  sample_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number } & Record<string, number | undefined>;
}
interface ProbeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: ProbeStream[];
}

const fmtSeconds = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

/** Interprets ffprobe's JSON. Pure; throws a permanent PipelineError for an unusable source. */
export function interpretProbe(json: string, limits: PipelineSettings['limits']): SourceInfo {
  let data: ProbeOutput;
  try {
    data = JSON.parse(json) as ProbeOutput;
  } catch {
    throw sourceError('SS_SOURCE_NOT_MEDIA', 'The file is not a video file that can be read.');
  }
  const streams = data.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!data.format || streams.length === 0) {
    throw sourceError('SS_SOURCE_NOT_MEDIA', 'The file contains no audio or video: it is not a media file.');
  }
  if (!video) {
    const what = audio ? 'It has audio only (for example a music or podcast file)' : 'It has no picture';
    throw sourceError('SS_SOURCE_NO_VIDEO', `The file has no video stream. ${what}; channels play video, so add a picture track and drop it in again.`);
  }
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (width < 16 || height < 16) {
    throw sourceError('SS_SOURCE_NOT_MEDIA', `The video stream has no usable picture size (${width}x${height}).`);
  }
  const fps = pickFrameRate(video);
  if (!fps) throw sourceError('SS_SOURCE_NOT_MEDIA', 'The video stream has no usable frame rate.');
  const durationSec = Number(data.format.duration ?? video.duration ?? NaN);
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw sourceError('SS_SOURCE_TRUNCATED', 'The file has no readable duration: it is probably incomplete or damaged. Export or copy it again.');
  }
  if (durationSec > limits.maxDurationSeconds) {
    throw sourceError('SS_SOURCE_TOO_LONG', `The video lasts ${fmtSeconds(durationSec)}; the library accepts at most ${fmtSeconds(limits.maxDurationSeconds)}.`);
  }
  if (width > limits.maxWidth || height > limits.maxHeight) {
    throw sourceError('SS_SOURCE_TOO_BIG_FRAME', `The picture is ${width}x${height}; the library accepts at most ${limits.maxWidth}x${limits.maxHeight}.`);
  }
  const sar = parseSar(video.sample_aspect_ratio);
  return {
    formatName: data.format.format_name ?? 'unknown',
    durationSec,
    video: { width, height, sar, fps, codec: video.codec_name ?? 'unknown' },
    audio: audio
      ? { codec: audio.codec_name ?? 'unknown', channels: audio.channels ?? 0, sampleRate: Number(audio.sample_rate ?? 0) }
      : null,
    audioStreams: audioStreams(streams),
    subtitleStreams: subtitleStreams(streams),
  };
}

function pickFrameRate(video: ProbeStream): Rational | null {
  const avg = parseRational(video.avg_frame_rate);
  const r = parseRational(video.r_frame_rate);
  const ok = (x: Rational | null) => x !== null && x.num / x.den >= 1 && x.num / x.den <= 240;
  if (ok(avg) && avg) return avg;
  if (ok(r) && r) return r;
  return null;
}

function parseSar(text: string | undefined): Rational {
  const m = /^(\d+):(\d+)$/.exec(text ?? '');
  const num = Number(m?.[1] ?? 1);
  const den = Number(m?.[2] ?? 1);
  return num > 0 && den > 0 ? { num, den } : { num: 1, den: 1 };
}

/** True when the first bytes are those of a media container (ISO BMFF/MP4/MOV, Matroska/WebM, MPEG-TS, AVI). */
export function looksLikeMedia(head: Buffer): boolean {
  const box = head.subarray(4, 8).toString('latin1');
  if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(box)) return true;
  if (head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return true;
  if (head[0] === 0x47 && head[188] === 0x47) return true;
  return head.subarray(0, 4).toString('latin1') === 'RIFF';
}

/**
 * ffprobe's stderr for an unreadable file, turned into the broadcaster's message. `head` (the file's first
 * bytes) tells a cut-short media file from something that never was media (e.g. a text file named .mp4).
 */
export function describeProbeFailure(stderr: string, head: Buffer): { code: 'SS_SOURCE_TRUNCATED' | 'SS_SOURCE_NOT_MEDIA'; message: string } {
  if (looksLikeMedia(head) && /moov atom not found|partial file|Truncating|End of file|truncated|Invalid NAL unit size|error reading header|Invalid data found/i.test(stderr)) {
    return { code: 'SS_SOURCE_TRUNCATED', message: 'The file is incomplete or damaged (it ends before the video index). Copy or export it again and drop it in once it is complete.' };
  }
  return { code: 'SS_SOURCE_NOT_MEDIA', message: 'The file is not a video file that can be read (unknown or unsupported format).' };
}

/** Runs ffprobe and interprets it; every unusable source becomes a permanent PipelineError. */
export async function probeSource(
  runner: MediaRunner,
  path: string,
  options: { sizeBytes: number; limits: PipelineSettings['limits'] },
): Promise<SourceInfo> {
  if (options.sizeBytes === 0) throw sourceError('SS_SOURCE_EMPTY', 'The file is empty (0 bytes). The copy probably failed; drop the file in again.');
  if (options.sizeBytes > options.limits.maxBytes) {
    const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
    throw sourceError('SS_SOURCE_TOO_LARGE', `The file is ${gb(options.sizeBytes)}; the library accepts at most ${gb(options.limits.maxBytes)}.`);
  }
  let stdout: string;
  try {
    ({ stdout } = await runner.ffprobe(probeArgs(path)));
  } catch (err) {
    if (err instanceof MediaToolError && err.details.spawnFailed) throw mediaToolUnavailable('ffprobe', err.message);
    if (!(err instanceof MediaToolError) || err.details.cancelled || err.details.exitCode === null) throw err;
    // ffprobe ran and refused the file: blame the file only once ffprobe itself is known to work.
    const works = await runner.ffprobe(['-hide_banner', '-version']).then(() => true, () => false);
    if (!works) throw mediaToolUnavailable('ffprobe', `it fails even on "ffprobe -version": ${err.message}`, err.details.stderrTail);
    const head = await readHead(path);
    const { code, message } = describeProbeFailure(err.details.stderrTail, head);
    throw sourceError(code, message, err.details.stderrTail);
  }
  return interpretProbe(stdout, options.limits);
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
