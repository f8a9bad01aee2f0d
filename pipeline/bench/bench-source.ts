// The pipeline benches' shared steps: a generated source (testsrc2 with a 440 Hz tone, x264
// ultrafast CRF 18) and the one-pass ladder command the pipeline would run on it (probe, ladder plan
// from the settings, loudness plan, ladderArgs), for bench:pipeline's bare-ffmpeg reference and
// bench:capacity's bytes per rung.
import { spawn } from 'node:child_process';
import type { PipelineSettings } from '#contracts/settings-schema.js';
import { ladderArgs } from '../src/ffmpeg/args.js';
import { planLadder, type LadderPlan } from '../src/ffmpeg/ladder-plan.js';
import type { MediaRunner } from '../src/ffmpeg/runner.js';
import { planAudio } from '../src/media/loudness.js';
import { probeSource } from '../src/media/probe.js';
import { PIPELINE_DEFAULTS } from '../src/defaults.js';

export interface SourceSpec {
  durationSec: number; // seconds
  width: number; // pixels
  height: number; // pixels
  fps: number; // frames per second
}

/** Runs a command to its end; resolves with its wall time (ms), rejects with the end of its stderr. */
export function exec(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

/** Writes the generated source to `path` (an .mp4). */
export async function generateSource(path: string, s: SourceSpec): Promise<void> {
  await exec('ffmpeg', [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${s.width}x${s.height}:rate=${s.fps}:duration=${s.durationSec}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${s.durationSec}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path,
  ]);
}

/** The ladder command of `source` into `outDir` (loudness measured now, not in the command). */
export async function ladderCommand(runner: MediaRunner, source: string, pipeline: PipelineSettings, outDir: string): Promise<{ args: string[]; plan: LadderPlan; durationSec: number }> {
  const info = await probeSource(runner, source, { sizeBytes: 1, limits: pipeline.limits });
  const target = { integratedLufs: pipeline.loudnessLufs, truePeakDbtp: PIPELINE_DEFAULTS.truePeakDbtp, rangeLu: PIPELINE_DEFAULTS.loudnessRangeLu };
  const audio = await planAudio(runner, source, { hasAudio: info.audio !== null, durationSec: info.durationSec, target });
  const plan = planLadder(info.video, pipeline);
  const args = ladderArgs({ input: source, outDir, plan, audio, loudness: target, audioKbps: pipeline.audioKbps, preset: pipeline.preset, posterAtSec: Math.min(PIPELINE_DEFAULTS.posterAtSeconds, info.durationSec / 2), threads: 0 });
  return { args, plan, durationSec: info.durationSec };
}
