// Tiny CMAF test media for the browser tests: a few seconds of a test pattern with the frame
// number burned in and a tone, packaged by ffmpeg as DASH + HLS over the same 2 s segments.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface FixtureAsset {
  id: string;
  title: string;
  durationMs: number;
  dir: string;
}

const FIXTURE = {
  width: 320, // pixels
  height: 180, // pixels
  fps: 30, // frames per second
  segmentSeconds: 2, // seconds per segment (keyframe every segment)
  font: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
};

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** Packages one asset into `<mediaDir>/<id>/` (manifest.mpd, master.m3u8, segments). */
export async function makeAsset(mediaDir: string, id: string, opts: { seconds: number; hue: number; title: string }): Promise<FixtureAsset> {
  const dir = join(mediaDir, id);
  await mkdir(dir, { recursive: true });
  const { width, height, fps, segmentSeconds, font } = FIXTURE;
  const gop = fps * segmentSeconds;
  const label = `${opts.title.replace(/[^A-Za-z0-9 ]/g, '')} %{frame_num}`;
  await run([
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=${fps}:d=${opts.seconds}`,
    '-f', 'lavfi', '-i', `sine=f=440:sample_rate=48000:d=${opts.seconds}`,
    '-vf', `hue=h=${opts.hue},drawtext=fontfile=${font}:text='${label}':fontsize=22:x=8:y=8:fontcolor=white:box=1:boxcolor=black@0.7`,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-b:v', '300k',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`,
    '-c:a', 'aac', '-b:a', '64k', '-ar', '48000', '-ac', '2',
    '-t', String(opts.seconds),
    '-f', 'dash', '-seg_duration', String(segmentSeconds), '-use_template', '1', '-use_timeline', '1', '-hls_playlist', '1',
    join(dir, 'manifest.mpd'),
  ]);
  return { id, title: opts.title, durationMs: opts.seconds * 1000, dir };
}

export const FIXTURE_RENDITION = {
  name: '180p',
  width: FIXTURE.width,
  height: FIXTURE.height,
  bandwidth: 400_000,
  codecs: 'avc1.4d400d,mp4a.40.2',
  frameRate: FIXTURE.fps,
};
