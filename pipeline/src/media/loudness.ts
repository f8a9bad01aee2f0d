// Loudness: a first pass measures the source with loudnorm (audio only, cheap), the ladder pass then
// applies a linear gain to the EBU R128 integrated target.
import { loudnessMeasureArgs, type AudioPlan, type LoudnessMeasurement, type LoudnessTarget } from '../ffmpeg/args.js';
import type { MediaRunner, RunOptions } from '../ffmpeg/runner.js';
import type { AudioStreamInfo } from './tracks.js';

/** Below this the source's audio is treated as silence (nothing to normalize). */
const SILENCE_LUFS = -70;

/** Extracts loudnorm's JSON block from stderr. Pure; null when absent or unusable. */
export function parseLoudnormJson(stderr: string): LoudnessMeasurement | null {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  let raw: Record<string, string>;
  try {
    raw = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  } catch {
    return null;
  }
  const num = (k: string) => Number(raw[k]);
  const m = {
    inputI: num('input_i'),
    inputTp: num('input_tp'),
    inputLra: num('input_lra'),
    inputThresh: num('input_thresh'),
    targetOffset: num('target_offset'),
  };
  // "-inf" (digital silence) parses as NaN: keep it visible to the caller as a non-finite inputI.
  if (raw.input_i === '-inf') return { ...m, inputI: Number.NEGATIVE_INFINITY };
  return Object.values(m).every(Number.isFinite) ? m : null;
}

/** Measures the source's first audio stream (or `stream`) and decides how the ladder pass treats audio. */
export async function planAudio(
  runner: MediaRunner,
  input: string,
  options: { hasAudio: boolean; durationSec: number; target: LoudnessTarget; signal?: AbortSignal; stream?: number },
): Promise<AudioPlan> {
  if (!options.hasAudio) return { kind: 'silent', durationSec: options.durationSec };
  const runOptions: RunOptions = { durationSec: options.durationSec };
  if (options.signal) runOptions.signal = options.signal;
  const stream = options.stream ?? 0;
  const { stderr } = await runner.ffmpeg(loudnessMeasureArgs(input, options.target, stream), runOptions);
  const measured = parseLoudnormJson(stderr);
  const at = stream === 0 ? {} : { stream };
  if (measured && !(measured.inputI > SILENCE_LUFS)) return { kind: 'source-silent', ...at };
  return { kind: 'source', measured, ...at };
}

/**
 * One plan per source audio stream (each measured on its own, tagged with its language when known), in
 * the source's order; a source without audio gets the one silent plan. One untagged stream plans exactly
 * as planAudio does.
 */
export async function planAudioTracks(
  runner: MediaRunner,
  input: string,
  options: { streams: readonly AudioStreamInfo[]; durationSec: number; target: LoudnessTarget; signal?: AbortSignal },
): Promise<AudioPlan[]> {
  if (options.streams.length === 0) return [await planAudio(runner, input, { ...options, hasAudio: false })];
  const plans: AudioPlan[] = [];
  for (const s of options.streams) {
    const plan = await planAudio(runner, input, { ...options, hasAudio: true, stream: s.index });
    plans.push(plan.kind !== 'silent' && s.lang !== 'und' ? { ...plan, language: s.lang } : plan);
  }
  return plans;
}
