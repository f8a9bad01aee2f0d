// Sample sources made with ffmpeg's test sources: a distinct pattern per channel, a large burned-in frame
// number and timecode (sync is visible in any screenshot), the channel name, and a tone.
import { fileInput } from '../ffmpeg/args.js';

export const SAMPLE_DEFAULTS = {
  width: 1280, // pixels (720p: the product ladder packages 720p, 480p, 360p and 240p, so adaptive streaming shows)
  height: 720, // pixels
  fps: 30, // frames per second
  fontPath: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  /** A fixed loop epoch, so every start computes the same "now" on each channel. */
  loopEpochMs: Date.UTC(2025, 0, 1), // epoch milliseconds
} as const;

export interface SampleChannelSpec {
  id: string;
  number: number;
  name: string;
  /** lavfi video source name. */
  pattern: string;
  /** Extra options of that source ("key=value:key=value"), if any. */
  patternOptions?: string;
  /** Generate the pattern this many times smaller and enlarge it with square pixels (big, calm blocks). */
  blockScale?: number;
  toneHz: number;
  durationSec: number;
}

/** Four channels, 60-72 s each (different lengths so the loops drift apart like real channels). */
export const SAMPLE_CHANNELS: SampleChannelSpec[] = [
  { id: 'demo-bars', number: 1, name: 'Bars One', pattern: 'smptehdbars', toneHz: 440, durationSec: 60 },
  { id: 'demo-test', number: 2, name: 'Test Two', pattern: 'testsrc2', toneHz: 523.25, durationSec: 64 },
  { id: 'demo-cells', number: 3, name: 'Cells Three', pattern: 'cellauto', patternOptions: 'rule=110:seed=20250101', blockScale: 8, toneHz: 659.25, durationSec: 68 },
  { id: 'demo-rgb', number: 4, name: 'RGB Four', pattern: 'rgbtestsrc', toneHz: 783.99, durationSec: 72 },
];

/** drawtext needs ':' , '\'' and '\\' escaped inside its option values. */
export function escapeDrawtext(text: string): string {
  return text.replace(/[\\':%,]/g, (c) => `\\${c}`);
}

/** ffmpeg arguments generating one sample source file (H.264 + AAC in MP4). */
export function sampleSourceArgs(o: {
  spec: SampleChannelSpec;
  out: string;
  width: number;
  height: number;
  fps: number;
  fontPath: string;
  threads: number;
}): string[] {
  const { spec } = o;
  const font = `fontfile=${o.fontPath}`;
  const big = Math.round(o.height / 6);
  const mid = Math.round(o.height / 12);
  const box = 'box=1:boxcolor=black@0.6:boxborderw=12:fontcolor=white';
  const k = spec.blockScale ?? 1;
  const size = `${Math.round(o.width / k)}x${Math.round(o.height / k)}`;
  const enlarge = k > 1 ? `scale=${o.width}:${o.height}:flags=neighbor,` : '';
  const video =
    `${spec.pattern}=${spec.patternOptions ? `${spec.patternOptions}:` : ''}size=${size}:rate=${o.fps},trim=duration=${spec.durationSec},${enlarge}` +
    `drawtext=${font}:${box}:fontsize=${mid}:x=(w-tw)/2:y=h*0.08:text='${escapeDrawtext(`${spec.number}  ${spec.name}`)}',` +
    `drawtext=${font}:${box}:fontsize=${big}:x=(w-tw)/2:y=(h-th)/2:text='%{frame_num}':start_number=0,` +
    `drawtext=${font}:${box}:fontsize=${mid}:x=(w-tw)/2:y=h*0.78:text='%{pts\\:hms}'`;
  const audio = `sine=frequency=${spec.toneHz}:sample_rate=48000:duration=${spec.durationSec},volume=-12dB`;
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', video,
    '-f', 'lavfi', '-i', audio,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-pix_fmt', 'yuv420p',
    ...(o.threads > 0 ? ['-threads', String(o.threads)] : []),
    '-c:a', 'aac', '-b:a', '128k', '-shortest', '-movflags', '+faststart',
    fileInput(o.out),
  ];
}
