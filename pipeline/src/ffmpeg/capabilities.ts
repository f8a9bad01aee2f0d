// What the pipeline needs of ffmpeg and ffprobe, and the check that a machine's binaries have it
// (npm start's preflight runs it before listening). The lists name what args.ts and the sample
// sources use: a build without one of them would fail every job, so it is found at start instead.
import { MediaToolError, type MediaRunner, type Tool } from './runner.js';

export const REQUIRED_MEDIA = {
  encoders: ['libx264', 'aac', 'mjpeg'],
  filters: ['loudnorm', 'drawtext', 'split', 'scale', 'fps', 'format', 'select', 'aresample', 'anullsrc', 'atrim', 'sine', 'volume', 'trim'],
  muxers: ['dash', 'mp4', 'image2'],
} as const;

/** Names listed by `ffmpeg -encoders` / `-filters` / `-muxers` (the word after the flag column). */
export function parseComponentList(stdout: string): Set<string> {
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    // " V....D libx264   libx264 H.264 ..." (encoders), " T.C drawtext   V->V  ..." (filters), "  E dash   DASH Muxer" (muxers)
    const m = /^\s*[A-Z.|]{1,6}\s+([A-Za-z0-9_,]+)\s+\S/.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

export interface MediaToolsReport {
  /** One sentence per problem, naming the program and what it lacks; empty when all is there. */
  problems: string[];
  /** True when a program could not be started at all (missing, not executable). */
  unavailable: Tool[];
}

/** Runs ffprobe -version, ffmpeg -encoders and -filters; reports what is missing. */
export async function checkMediaTools(runner: MediaRunner): Promise<MediaToolsReport> {
  const problems: string[] = [];
  const unavailable: Tool[] = [];
  const attempt = async (tool: Tool, args: string[]): Promise<string | null> => {
    try {
      return (await (tool === 'ffmpeg' ? runner.ffmpeg(args, { fullStdout: true }) : runner.ffprobe(args))).stdout;
    } catch (err) {
      if (err instanceof MediaToolError && err.details.spawnFailed) unavailable.push(tool);
      problems.push(`${tool} (${runner.binary(tool)}) does not work: ${(err as Error).message}`);
      return null;
    }
  };
  if ((await attempt('ffprobe', ['-hide_banner', '-version'])) === null) return { problems, unavailable };
  const encoders = await attempt('ffmpeg', ['-hide_banner', '-encoders']);
  if (encoders === null) return { problems, unavailable };
  const filters = await attempt('ffmpeg', ['-hide_banner', '-filters']);
  if (filters === null) return { problems, unavailable };
  const muxers = await attempt('ffmpeg', ['-hide_banner', '-muxers']);
  if (muxers === null) return { problems, unavailable };
  const have = { encoders: parseComponentList(encoders), filters: parseComponentList(filters), muxers: parseComponentList(muxers) };
  const lacking = [
    ...REQUIRED_MEDIA.encoders.filter((e) => !have.encoders.has(e)).map((e) => `the ${e} encoder`),
    ...REQUIRED_MEDIA.filters.filter((f) => !have.filters.has(f)).map((f) => `the ${f} filter`),
    ...REQUIRED_MEDIA.muxers.filter((m) => !have.muxers.has(m)).map((m) => `the ${m} muxer`),
  ];
  if (lacking.length > 0) problems.push(`ffmpeg (${runner.binary('ffmpeg')}) lacks ${lacking.join(', ')}`);
  return { problems, unavailable };
}
