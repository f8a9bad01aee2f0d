// The browser tests' camera: a source file made by ffmpeg the way a broadcaster's file arrives in the
// inbox (a hue-shifted test pattern with the title and the frame number burned in, and a 440 Hz
// tone), for the pipeline's own code to package (ladder-fixture.ts). Frame n is at n/fps seconds.
import type { MediaRunner } from '#pipeline/ffmpeg/runner.js';

export const FIXTURE_SOURCE = {
  fps: 30, // frames per second: frame n of an asset is at n/30 s from its start
  font: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  labelX: 8, // pixels of the source picture from its left edge to the label
  labelY: 8, // pixels of the source picture from its top edge to the label
  labelHeightDivisor: 8, // font size = picture height / 8 (22 px on a 180-line rung, whatever the source)
  toneHz: 440, // hertz
  sampleRate: 48_000, // hertz
  videoCrf: 12, // x264 constant quality of the intermediate file (visually lossless)
  container: 'mkv', // the intermediate file's extension (x264 + PCM: nothing lost before the pipeline)
};

export interface SourceSpec {
  width: number; // pixels
  height: number; // pixels
  seconds: number;
  /** Hue rotation of the test pattern, degrees (tells assets apart on screen). */
  hue: number;
  title: string;
}

/** The burned-in label: the title (letters, digits, spaces) and ffmpeg's frame number. */
export function sourceLabel(title: string): string {
  return `${title.replace(/[^A-Za-z0-9 ]/g, '')} %{frame_num}`;
}

/** The ffmpeg arguments writing one source file (pure: tested apart from running it). */
export function sourceArgs(outFile: string, spec: SourceSpec): string[] {
  const { fps, font, labelX, labelY, labelHeightDivisor, toneHz, sampleRate, videoCrf } = FIXTURE_SOURCE;
  const fontSize = Math.round(spec.height / labelHeightDivisor);
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc2=s=${spec.width}x${spec.height}:r=${fps}:d=${spec.seconds}`,
    '-f', 'lavfi', '-i', `sine=f=${toneHz}:sample_rate=${sampleRate}:d=${spec.seconds}`,
    '-vf', `hue=h=${spec.hue},drawtext=fontfile=${font}:text='${sourceLabel(spec.title)}':fontsize=${fontSize}:x=${labelX}:y=${labelY}:fontcolor=white:box=1:boxcolor=black@0.7`,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', String(videoCrf), '-pix_fmt', 'yuv420p',
    '-c:a', 'pcm_s16le', '-ac', '2',
    '-t', String(spec.seconds),
    outFile,
  ];
}

/** Writes one source file through the pipeline's media runner. */
export async function makeSource(runner: MediaRunner, outFile: string, spec: SourceSpec): Promise<void> {
  await runner.ffmpeg(sourceArgs(outFile, spec), { durationSec: spec.seconds });
}
