// Sample sources made with ffmpeg's test sources: a distinct pattern per source, a large burned-in frame
// number and timecode (sync is visible in any screenshot), the title, and a tone.
import { fileInput } from '../ffmpeg/args.js';

export const SAMPLE_DEFAULTS = {
  width: 1280, // pixels (720p: the product ladder packages 720p, 480p, 360p and 240p, so adaptive streaming shows)
  height: 720, // pixels
  fps: 30, // frames per second
  fontPath: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
} as const;

/** What a sample source is for in the demo lineup: a show, filler between shows, or the slate. */
export type SampleKind = 'show' | 'promo' | 'bumper' | 'slate';

export interface SampleSourceSpec {
  /** Stable key of the source (the demo lineup names its sources by it). */
  key: string;
  title: string;
  kind: SampleKind;
  /** lavfi video source name. */
  pattern: string;
  /** Extra options of that source ("key=value:key=value"), if any. */
  patternOptions?: string;
  /** Generate the pattern this many times smaller and enlarge it with square pixels (big, calm blocks). */
  blockScale?: number;
  toneHz: number;
  durationSec: number;
}

/**
 * The sample library: shows of 1-2 minutes, promos and a bumper of 5-15 s, and a slate. Made in this
 * order: the first show puts the first channels on air, the filler then pads and breaks them, the
 * other shows fill their slots.
 */
export const SAMPLE_SOURCES: SampleSourceSpec[] = [
  { key: 'news', title: 'Morning News', kind: 'show', pattern: 'smptehdbars', toneHz: 440, durationSec: 75 },
  { key: 'bumper', title: 'StreamSync', kind: 'bumper', pattern: 'rgbtestsrc', toneHz: 880, durationSec: 5 },
  { key: 'slate', title: 'Please stand by', kind: 'slate', pattern: 'color', patternOptions: 'c=0x1d3557', toneHz: 330, durationSec: 8 },
  { key: 'promo-tonight', title: 'Tonight on StreamSync', kind: 'promo', pattern: 'smptebars', toneHz: 587.33, durationSec: 15 },
  { key: 'promo-weekend', title: 'This weekend', kind: 'promo', pattern: 'pal75bars', toneHz: 698.46, durationSec: 10 },
  { key: 'cartoons', title: 'Cartoon Club', kind: 'show', pattern: 'testsrc2', toneHz: 523.25, durationSec: 60 },
  { key: 'nature', title: 'Nature Hour', kind: 'show', pattern: 'cellauto', patternOptions: 'rule=110:seed=20250101', blockScale: 8, toneHz: 659.25, durationSec: 90 },
  { key: 'sports', title: 'Sports Desk', kind: 'show', pattern: 'testsrc', toneHz: 392, durationSec: 60 },
  { key: 'film', title: 'Feature Film', kind: 'show', pattern: 'yuvtestsrc', toneHz: 783.99, durationSec: 120 },
];

/** The inbox file name of a sample source ("Morning News.mp4"). */
export const sampleSourceName = (spec: SampleSourceSpec) => `${spec.title}.mp4`;

/** drawtext needs ':' , '\'' and '\\' escaped inside its option values. */
export function escapeDrawtext(text: string): string {
  return text.replace(/[\\':%,]/g, (c) => `\\${c}`);
}

/** ffmpeg arguments generating one sample source file (H.264 + AAC in MP4). */
export function sampleSourceArgs(o: {
  spec: SampleSourceSpec;
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
    `drawtext=${font}:${box}:fontsize=${mid}:x=(w-tw)/2:y=h*0.08:text='${escapeDrawtext(spec.title)}',` +
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
