// Tiny multi-rung CMAF test media for the network scenarios: one decode, the frame number burned in
// before the split (every rung shows it), one x264 encode per rung with keyframes on the segment
// boundaries, DASH + HLS over the same 2 s segments.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rendition } from '#contracts/lineup.js';

export interface LadderRung {
  name: string;
  width: number; // pixels
  height: number; // pixels
  videoKbps: number; // kilobits per second
}

export const LADDER_FIXTURE = {
  fps: 30, // frames per second
  segmentSeconds: 2, // seconds per segment
  audioKbps: 32, // kilobits per second
  font: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  rungs: [
    { name: '180p', width: 320, height: 180, videoKbps: 120 },
    { name: '270p', width: 480, height: 270, videoKbps: 400 },
    { name: '360p', width: 640, height: 360, videoKbps: 1000 },
  ] as LadderRung[],
};

export interface LadderAsset {
  id: string;
  title: string;
  durationMs: number;
  renditions: Rendition[];
}

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** The ffmpeg arguments for one ladder asset (pure: tested apart from running it). */
export function ladderArgs(outFile: string, opts: { seconds: number; hue: number; title: string; rungs: LadderRung[] }): string[] {
  const { fps, segmentSeconds, audioKbps, font } = LADDER_FIXTURE;
  const top = opts.rungs[opts.rungs.length - 1];
  if (!top) throw new Error('a ladder needs at least one rung');
  const gop = fps * segmentSeconds;
  const label = `${opts.title.replace(/[^A-Za-z0-9 ]/g, '')} %{frame_num}`;
  const n = opts.rungs.length;
  const scaled = opts.rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height}[v${i}]`).join(';');
  const filter =
    `[0:v]hue=h=${opts.hue},drawtext=fontfile=${font}:text='${label}':fontsize=${Math.round(top.height / 8)}:x=8:y=8:fontcolor=white:box=1:boxcolor=black@0.7,` +
    `split=${n}${opts.rungs.map((_, i) => `[s${i}]`).join('')};${scaled}`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${top.width}x${top.height}:r=${fps}:d=${opts.seconds}`,
    '-f', 'lavfi', '-i', `sine=f=440:sample_rate=48000:d=${opts.seconds}`,
    '-filter_complex', filter,
  ];
  opts.rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`, `-c:v:${i}`, 'libx264', `-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${r.videoKbps}k`, `-bufsize:v:${i}`, `${r.videoKbps * 2}k`);
  });
  args.push(
    '-map', '1:a', '-c:a', 'aac', '-b:a', `${audioKbps}k`, '-ar', '48000', '-ac', '2',
    '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`,
    '-t', String(opts.seconds),
    '-f', 'dash', '-seg_duration', String(segmentSeconds), '-use_template', '1', '-use_timeline', '1', '-hls_playlist', '1',
    '-adaptation_sets', 'id=0,streams=v id=1,streams=a',
    outFile,
  );
  return args;
}

/** Packages one ladder asset into `<mediaDir>/<id>/` (manifest.mpd, master.m3u8, segments). */
export async function makeLadderAsset(mediaDir: string, id: string, opts: { seconds: number; hue: number; title: string; rungs?: LadderRung[] }): Promise<LadderAsset> {
  const dir = join(mediaDir, id);
  await mkdir(dir, { recursive: true });
  const rungs = opts.rungs ?? LADDER_FIXTURE.rungs;
  await ffmpeg(ladderArgs(join(dir, 'manifest.mpd'), { ...opts, rungs }));
  return {
    id,
    title: opts.title,
    durationMs: opts.seconds * 1000,
    renditions: rungs.map((r) => ({
      name: r.name, width: r.width, height: r.height, bandwidth: (r.videoKbps + LADDER_FIXTURE.audioKbps) * 1000,
      codecs: 'avc1.4d401e,mp4a.40.2', frameRate: LADDER_FIXTURE.fps,
    })),
  };
}
