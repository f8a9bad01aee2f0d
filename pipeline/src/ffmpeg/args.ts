// Pure argument builders: every ffmpeg/ffprobe step is a function returning string[]. Nothing here spawns.
// Inputs are passed as `file:` URLs so that names with colons or other special characters are taken
// literally (processes are spawned without a shell, so shell metacharacters need no quoting).
import { join } from 'node:path';
import { OUTPUT_NAMES } from '../defaults.js';
import { formatRational, type LadderPlan } from './ladder-plan.js';

export const fileInput = (path: string): string => `file:${path}`;

/** ffprobe: format and streams as JSON. */
export function probeArgs(input: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', fileInput(input)];
}

export interface LoudnessTarget {
  integratedLufs: number;
  truePeakDbtp: number;
  rangeLu: number;
}

/** Values printed by loudnorm's measuring pass (print_format=json). */
export interface LoudnessMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

/** First loudness pass: decode one audio stream (`0:a:<stream>`, the first by default) and print loudnorm's measurement as JSON. */
export function loudnessMeasureArgs(input: string, target: LoudnessTarget, stream = 0): string[] {
  const filter = `loudnorm=I=${target.integratedLufs}:TP=${target.truePeakDbtp}:LRA=${target.rangeLu}:print_format=json`;
  return ['-hide_banner', '-nostdin', '-nostats', '-i', fileInput(input), '-map', `0:a:${stream}`, '-vn', '-sn', '-dn', '-af', filter, '-f', 'null', '-'];
}

/** Second-pass loudnorm with the measurement (linear gain when possible); null measurement = one pass. */
export function loudnormFilter(target: LoudnessTarget, measured: LoudnessMeasurement | null): string {
  const base = `loudnorm=I=${target.integratedLufs}:TP=${target.truePeakDbtp}:LRA=${target.rangeLu}`;
  if (!measured) return base;
  const f = (n: number) => n.toFixed(2);
  return (
    `${base}:measured_I=${f(measured.inputI)}:measured_TP=${f(measured.inputTp)}:measured_LRA=${f(measured.inputLra)}` +
    `:measured_thresh=${f(measured.inputThresh)}:offset=${f(measured.targetOffset)}:linear=true`
  );
}

/** Where a source audio rendition comes from and what it is tagged with (absent: the first stream, untagged). */
export interface AudioSource {
  /** Index among the source's audio streams (`0:a:N`); default 0. */
  stream?: number;
  /** BCP 47 tag written as the output stream's language (the MPD's AdaptationSet@lang). */
  language?: string;
}

export type AudioPlan =
  /** A source audio stream, loudness-normalized (measurement null = single pass). */
  | ({ kind: 'source'; measured: LoudnessMeasurement | null } & AudioSource)
  /** The source stream is digital silence: kept as is (nothing to normalize). */
  | ({ kind: 'source-silent' } & AudioSource)
  /** No audio stream: a generated silent stereo track of the source's duration. */
  | { kind: 'silent'; durationSec: number };

export interface LadderArgsOptions {
  input: string;
  /** Folder receiving manifest, playlists, segments and poster (must exist). */
  outDir: string;
  plan: LadderPlan;
  /** One plan, or one per audio rendition (each its own AdaptationSet, in order; 'silent' only alone). */
  audio: AudioPlan | readonly AudioPlan[];
  loudness: LoudnessTarget;
  audioKbps: number;
  preset: string;
  /** Poster frame time, seconds from the start. */
  posterAtSec: number;
  /** 0 = ffmpeg's choice. */
  threads: number;
}

/**
 * The one-pass ladder: decode once, `split` the video, one x264 encode per rung with closed GOPs of exactly
 * one segment (keyframes forced on segment boundaries, no scene-cut keyframes, so every rung is aligned),
 * AAC-LC stereo 48 kHz, CMAF segments with a DASH MPD (SegmentTimeline) and HLS playlists over the same
 * files, plus a poster JPEG from the same decode.
 */
export function ladderArgs(o: LadderArgsOptions): string[] {
  const { plan } = o;
  const n = plan.rungs.length;
  const top = plan.rungs[0];
  if (!top) throw new Error('ladderArgs: the plan has no rung');
  const seg = plan.segmentSeconds;
  const splitOuts = [...plan.rungs.map((_, i) => `[s${i}]`), '[sp]'].join('');
  const graph: string[] = [`[0:v:0]fps=${formatRational(plan.fps)},format=yuv420p,split=${n + 1}${splitOuts}`];
  plan.rungs.forEach((r, i) => graph.push(`[s${i}]scale=${r.width}:${r.height}[v${i}]`));
  graph.push(`[sp]select='gte(t\\,${o.posterAtSec.toFixed(3)})',scale=${top.width}:${top.height}[poster]`);
  const audios: readonly AudioPlan[] = Array.isArray(o.audio) ? o.audio : [o.audio as AudioPlan];
  if (audios.length === 0) throw new Error('ladderArgs: no audio plan');
  if (audios.length > 1 && audios.some((a) => a.kind === 'silent')) throw new Error("ladderArgs: a 'silent' audio plan comes alone");
  // One audio keeps the labels and adaptation sets of a single-audio ladder; several are numbered.
  const audioLabel = (i: number) => (audios.length === 1 ? '[aout]' : `[aout${i}]`);
  audios.forEach((a, i) => graph.push(audioGraph(a, o.loudness, audioLabel(i))));

  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'warning', '-stats', '-i', fileInput(o.input)];
  args.push('-filter_complex', graph.join(';'));
  if (o.threads > 0) args.push('-threads', String(o.threads));
  plan.rungs.forEach((_, i) => args.push('-map', `[v${i}]`));
  audios.forEach((_, i) => args.push('-map', audioLabel(i)));
  args.push(
    '-c:v', 'libx264', '-preset', o.preset, '-pix_fmt', 'yuv420p', '-flags:v', '+cgop',
    '-g', String(plan.gop), '-keyint_min', String(plan.gop), '-sc_threshold', '0',
    '-force_key_frames', `expr:gte(t,n_forced*${seg})`,
  );
  plan.rungs.forEach((r, i) => {
    args.push(
      `-b:v:${i}`, `${r.videoKbps}k`,
      `-maxrate:v:${i}`, `${Math.round(r.videoKbps * 1.1)}k`,
      `-bufsize:v:${i}`, `${r.videoKbps * 2}k`,
      `-profile:v:${i}`, r.profile,
      `-level:v:${i}`, r.level,
    );
  });
  args.push('-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', `${o.audioKbps}k`, '-ac', String(AUDIO_CHANNELS), '-ar', '48000');
  audios.forEach((a, i) => {
    if (a.kind !== 'silent' && a.language) args.push(`-metadata:s:a:${i}`, `language=${a.language}`);
  });
  const audioSets = audios.map((_, i) => `id=${i + 1},streams=${audios.length === 1 ? 'a' : String(n + i)}`);
  args.push(
    '-f', 'dash', '-dash_segment_type', 'mp4',
    '-seg_duration', String(seg), '-use_template', '1', '-use_timeline', '1',
    '-hls_playlist', '1', '-hls_master_name', OUTPUT_NAMES.hlsMaster,
    '-adaptation_sets', ['id=0,streams=v', ...audioSets].join(' '),
    '-init_seg_name', OUTPUT_NAMES.initSegment, '-media_seg_name', OUTPUT_NAMES.mediaSegment,
    join(o.outDir, OUTPUT_NAMES.manifest),
  );
  args.push('-map', '[poster]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2', '-update', '1', join(o.outDir, OUTPUT_NAMES.poster));
  return args;
}

/** Channels of every packaged audio rendition (AAC-LC stereo). */
export const AUDIO_CHANNELS = 2;

function audioGraph(a: AudioPlan, loudness: LoudnessTarget, label: string): string {
  switch (a.kind) {
    case 'source':
      return `[0:a:${a.stream ?? 0}]${loudnormFilter(loudness, a.measured)},aresample=48000${label}`;
    case 'source-silent':
      return `[0:a:${a.stream ?? 0}]aresample=48000${label}`;
    case 'silent':
      return `anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration=${a.durationSec.toFixed(3)}${label}`;
  }
}

/** One subtitle stream of the source (`0:s:<stream>`) converted to a WebVTT file (the segmenter cuts it). */
export function subtitleToVttArgs(input: string, stream: number, outFile: string): string[] {
  return ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', fileInput(input), '-map', `0:s:${stream}`, '-c:s', 'webvtt', '-f', 'webvtt', outFile];
}

/** A sidecar subtitle file (.srt or .vtt) read by ffmpeg and written as WebVTT. */
export function sidecarToVttArgs(sidecar: string, format: 'srt' | 'webvtt', outFile: string): string[] {
  return ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-sub_charenc', 'UTF-8', '-f', format, '-i', fileInput(sidecar), '-map', '0:s:0', '-c:s', 'webvtt', '-f', 'webvtt', outFile];
}

/** The ffmpeg command line as one copy-pasteable shell string (for the job record and logs). */
export function commandLine(binary: string, args: string[]): string {
  const quote = (a: string) => (/^[A-Za-z0-9_\-+=:,./%@]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  return [binary, ...args].map(quote).join(' ');
}
