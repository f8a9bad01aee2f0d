// A sample source with audio languages and subtitles: a test pattern, one tone per audio language (each
// stream tagged), an embedded SubRip stream (captions: hearing impaired) and a sidecar `.fr.srt` beside
// it. The pipeline's and the TV app's track tests package it, so both check the same media.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileInput } from '../ffmpeg/args.js';
import type { MediaRunner } from '../ffmpeg/runner.js';

export interface SampleCue {
  startMs: number;
  endMs: number;
  text: string;
}

export const TRACKS_SAMPLE = {
  durationSec: 6, // seconds
  width: 320, // pixels
  height: 240, // pixels
  fps: 30, // frames per second
  /** Audio streams in order: their ISO 639-2 tags as a source carries them, and a tone each. */
  audio: [
    { tag: 'eng', toneHz: 440 },
    { tag: 'fra', toneHz: 660 },
  ],
  /** The embedded SubRip stream (Matroska), flagged for the hearing impaired. */
  embedded: {
    tag: 'eng',
    cues: [
      { startMs: 500, endMs: 1500, text: 'Hello' },
      { startMs: 2800, endMs: 3400, text: 'Across a boundary' },
      { startMs: 5000, endMs: 5900, text: '[door closes]' },
    ] satisfies SampleCue[],
  },
  /** The sidecar beside the source: `<name>.fr.srt`. */
  sidecar: {
    suffix: '.fr.srt',
    cues: [
      { startMs: 1200, endMs: 2000, text: 'Bonjour' },
      { startMs: 4500, endMs: 5200, text: 'Au revoir' },
    ] satisfies SampleCue[],
  },
} as const;

const srtTime = (ms: number) => {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)},${p(ms % 1000, 3)}`;
};

/** Cues as a SubRip file's text. */
export function srtText(cues: readonly SampleCue[]): string {
  return cues.map((c, i) => `${i + 1}\n${srtTime(c.startMs)} --> ${srtTime(c.endMs)}\n${c.text}\n`).join('\n');
}

/** ffmpeg's arguments for the Matroska source, the embedded stream read from `embeddedSrt`. */
export function tracksSourceArgs(outFile: string, embeddedSrt: string): string[] {
  const s = TRACKS_SAMPLE;
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];
  args.push('-f', 'lavfi', '-i', `testsrc2=size=${s.width}x${s.height}:rate=${s.fps}:duration=${s.durationSec}`);
  for (const a of s.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=${a.toneHz}:sample_rate=48000:duration=${s.durationSec}`);
  args.push('-i', fileInput(embeddedSrt));
  args.push('-map', '0:v');
  s.audio.forEach((_, i) => args.push('-map', `${i + 1}:a`));
  args.push('-map', `${s.audio.length + 1}:s`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-threads', '2', '-c:a', 'aac', '-b:a', '64k', '-c:s', 'srt');
  s.audio.forEach((a, i) => args.push(`-metadata:s:a:${i}`, `language=${a.tag}`));
  args.push('-metadata:s:s:0', `language=${s.embedded.tag}`, '-disposition:s:0', 'hearing_impaired');
  args.push('-f', 'matroska', outFile);
  return args;
}

/** Writes `<dir>/<stem>.mkv` and its sidecar `<dir>/<stem>.fr.srt`; returns both paths. */
export async function makeTracksSource(runner: MediaRunner, dir: string, stem: string): Promise<{ source: string; sidecar: string }> {
  const embedded = join(dir, `.${stem}.embedded.srt`);
  const source = join(dir, `${stem}.mkv`);
  const sidecar = join(dir, `${stem}${TRACKS_SAMPLE.sidecar.suffix}`);
  await writeFile(embedded, srtText(TRACKS_SAMPLE.embedded.cues));
  try {
    await runner.ffmpeg(tracksSourceArgs(source, embedded));
  } finally {
    await rm(embedded, { force: true });
  }
  await writeFile(sidecar, srtText(TRACKS_SAMPLE.sidecar.cues));
  return { source, sidecar };
}
