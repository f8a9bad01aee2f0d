// The real spawner of the remux: ffmpeg as a child process, stdout and stderr piped, no shell (the
// arguments are passed verbatim). Tests pass a fake one to TsRemux instead.
import { spawn } from 'node:child_process';
import type { RemuxSpawner } from './ts-remux.js';

export interface FfmpegSpawnerOptions {
  /** The ffmpeg binary (looked up on PATH unless absolute). */
  ffmpegPath: string;
}

export const FFMPEG_SPAWNER_DEFAULTS: FfmpegSpawnerOptions = { ffmpegPath: 'ffmpeg' };

export function ffmpegSpawner(options: Partial<FfmpegSpawnerOptions> = {}): RemuxSpawner {
  const { ffmpegPath } = { ...FFMPEG_SPAWNER_DEFAULTS, ...options };
  return (args) => spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
}
