// Test helpers: tiny generated sources, a small ladder, temp content folders, ffprobe read-backs.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { PipelineSettings } from '#contracts/settings-schema.js';

export const run = promisify(execFile);

export interface SourceSpec {
  width: number;
  height: number;
  /** e.g. "30", "24000/1001" */
  fps: string;
  durationSec: number;
  /** Sine tone volume in dB (relative to full scale of the sine source), or null for no audio stream. */
  toneDb: number | null;
  /** Only audio (no video stream). */
  audioOnly?: boolean;
  container?: 'mp4' | 'mkv';
}

/** Writes a generated source (testsrc2 + sine) with ffmpeg. */
export async function makeSource(path: string, spec: SourceSpec): Promise<void> {
  const args = ['-v', 'error', '-y'];
  if (!spec.audioOnly) args.push('-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}:duration=${spec.durationSec}`);
  if (spec.toneDb !== null) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${spec.durationSec}`);
  if (spec.toneDb !== null) args.push('-af', `volume=${spec.toneDb}dB`);
  if (!spec.audioOnly) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-threads', '2');
  if (spec.toneDb !== null) args.push('-c:a', 'aac', '-b:a', '96k');
  args.push(path);
  await run('ffmpeg', args);
}

/** A small ladder for fast tests: heights 240/180/144, ultrafast. */
export function testPipelineSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  return {
    enabled: true,
    schedule: '* * * * *',
    segmentSeconds: 1,
    maxFps: 60,
    loudnessLufs: -23,
    preset: 'ultrafast',
    leaseMs: 60_000,
    maxAttempts: 2,
    limits: { maxDurationSeconds: 600, maxWidth: 3840, maxHeight: 2160, maxBytes: 1_000_000_000 },
    ladder: [
      { name: '240p', height: 240, videoKbps: 400, profile: 'main', level: '3.0' },
      { name: '180p', height: 180, videoKbps: 250, profile: 'main', level: '3.0' },
      { name: '144p', height: 144, videoKbps: 150, profile: 'baseline', level: '3.0' },
    ],
    audioKbps: 64,
    sampleOnEmptyLibrary: false,
    ...overrides,
  };
}

export interface TempContent {
  root: string;
  contentDir: string;
  inbox: string;
  cleanup(): Promise<void>;
}

export async function tempContent(): Promise<TempContent> {
  const root = await mkdtemp(join(tmpdir(), 'ss-pipeline-'));
  const contentDir = join(root, 'content');
  const inbox = join(contentDir, 'inbox');
  await mkdir(inbox, { recursive: true });
  return { root, contentDir, inbox, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Video packets of one rendition (init + segments concatenated): pts seconds and key flag. */
export async function videoPackets(file: string): Promise<Array<{ pts: number; key: boolean }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file]);
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [pts, flags] = l.split(',');
      return { pts: Number(pts), key: (flags ?? '').includes('K') };
    })
    .sort((a, b) => a.pts - b.pts);
}

/** Integrated loudness of a file's audio, LUFS (ffmpeg's ebur128 summary). */
export async function integratedLoudness(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const m = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!m) throw new Error('no ebur128 summary');
  return Number(m[1]);
}

/**
 * A minimal PGS (Blu-ray bitmap subtitle) file: two display sets (at 1 s and 2 s), each a presentation
 * composition, an empty window definition and an end segment. ffmpeg demuxes it as hdmv_pgs_subtitle.
 */
export function pgsSup(size: { width: number; height: number }): Buffer {
  const segment = (pts: number, type: number, data: Buffer) => {
    const head = Buffer.alloc(13);
    head.write('PG', 0, 'latin1');
    head.writeUInt32BE(pts, 2);
    head.writeUInt32BE(0, 6);
    head.writeUInt8(type, 10);
    head.writeUInt16BE(data.length, 11);
    return Buffer.concat([head, data]);
  };
  const sets = [90_000, 180_000].map((pts, n) => {
    const pcs = Buffer.alloc(11);
    pcs.writeUInt16BE(size.width, 0);
    pcs.writeUInt16BE(size.height, 2);
    pcs.writeUInt8(0x10, 4); // frame rate code
    pcs.writeUInt16BE(n, 5); // composition number
    pcs.writeUInt8(n === 0 ? 0x80 : 0x00, 7); // epoch start, then normal
    return Buffer.concat([segment(pts, 0x16, pcs), segment(pts, 0x17, Buffer.from([0])), segment(pts, 0x80, Buffer.alloc(0))]);
  });
  return Buffer.concat(sets);
}

/** A Matroska source with a tone and a PGS bitmap subtitle stream tagged `language` (the .sup written beside it, hidden). */
export async function makeBitmapSubtitleSource(path: string, options: { durationSec: number; language: string }): Promise<void> {
  const sup = join(dirname(path), `.${basename(path)}.sup`);
  await writeFile(sup, pgsSup({ width: 320, height: 240 }));
  try {
    await run('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=30:duration=${options.durationSec}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${options.durationSec}`, '-i', sup,
      '-map', '0:v', '-map', '1:a', '-map', '2:s', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-threads', '2',
      '-c:a', 'aac', '-c:s', 'copy', '-metadata:s:s:0', `language=${options.language}`, path,
    ]);
  } finally {
    await rm(sup, { force: true });
  }
}
