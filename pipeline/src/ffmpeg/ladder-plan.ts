// Pure planning: which rungs a source gets (never upscaled), at which frame rate and GOP length.
import type { Rung } from '#contracts/settings-schema.js';

export interface Rational {
  num: number;
  den: number;
}

/** What the ladder needs to know about a probed source. */
export interface SourceVideo {
  width: number;
  height: number;
  /** Display aspect ratio numerator/denominator per pixel (sample aspect ratio); 1/1 for square pixels. */
  sar: Rational;
  fps: Rational;
}

export interface PlannedRung {
  name: string;
  width: number;
  height: number;
  videoKbps: number;
  profile: Rung['profile'];
  level: string;
}

export interface LadderPlan {
  rungs: PlannedRung[];
  /** Output frame rate: the source's, divided by the smallest integer that brings it under maxFps. */
  fps: Rational;
  /** Frames per segment, rounded up (fractional rates): the maximum GOP length. */
  gop: number;
  segmentSeconds: number;
}

export const fpsValue = (r: Rational): number => r.num / r.den;
export const formatRational = (r: Rational): string => (r.den === 1 ? String(r.num) : `${r.num}/${r.den}`);

/** Parses ffprobe's "30000/1001" (or "25"); null for "0/0" and other unusable values. */
export function parseRational(text: string | undefined): Rational | null {
  if (!text) return null;
  const m = /^(\d+)(?:\/(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (!(num > 0) || !(den > 0)) return null;
  return { num, den };
}

/** Source rate kept; above `maxFps` it is divided by the smallest integer k that fits (119.88 -> 59.94). */
export function capFrameRate(fps: Rational, maxFps: number): Rational {
  let k = 1;
  while (fpsValue(fps) / k > maxFps + 1e-9) k += 1;
  return k === 1 ? fps : reduce({ num: fps.num, den: fps.den * k });
}

function reduce(r: Rational): Rational {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(r.num, r.den);
  return { num: r.num / g, den: r.den / g };
}

const even = (n: number): number => Math.max(2, 2 * Math.round(n / 2));
const evenFloor = (n: number): number => Math.max(2, 2 * Math.floor(n / 2));

/** Width of a rung of `height` keeping the source's display aspect ratio, rounded to an even number. */
export function rungWidth(source: SourceVideo, height: number): number {
  const displayWidth = (source.width * source.sar.num) / source.sar.den;
  return even((displayWidth * height) / source.height);
}

/**
 * Rungs whose height is at most the source's (never upscaled). A source smaller than every rung gets one
 * rung at its own (even) height with the smallest rung's bitrate, profile and level.
 */
export function planLadder(
  source: SourceVideo,
  options: { ladder: Rung[]; maxFps: number; segmentSeconds: number },
): LadderPlan {
  const sorted = [...options.ladder].sort((a, b) => b.height - a.height);
  const fitting = sorted.filter((r) => r.height <= source.height);
  const smallest = sorted[sorted.length - 1];
  const chosen: Rung[] =
    fitting.length > 0 || !smallest ? fitting : [{ ...smallest, height: evenFloor(source.height) }];
  const rungs = chosen.map((r) => {
    const height = evenFloor(r.height);
    return { name: r.name, width: rungWidth(source, height), height, videoKbps: r.videoKbps, profile: r.profile, level: r.level };
  });
  const fps = capFrameRate(source.fps, options.maxFps);
  const gop = Math.ceil(fpsValue(fps) * options.segmentSeconds - 1e-9);
  return { rungs, fps, gop, segmentSeconds: options.segmentSeconds };
}

/** A stable text of everything that changes the packaged bytes: part of the asset id. */
export function ladderProfileKey(options: {
  ladder: Rung[];
  maxFps: number;
  segmentSeconds: number;
  loudnessLufs: number;
  preset: string;
  audioKbps: number;
  formatVersion: number;
}): string {
  return JSON.stringify({
    v: options.formatVersion,
    ladder: options.ladder.map((r) => [r.name, r.height, r.videoKbps, r.profile, r.level]),
    maxFps: options.maxFps,
    seg: options.segmentSeconds,
    lufs: options.loudnessLufs,
    preset: options.preset,
    audioKbps: options.audioKbps,
  });
}
