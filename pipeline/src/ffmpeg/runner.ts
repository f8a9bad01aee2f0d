// The one typed wrapper that runs ffmpeg and ffprobe, spawned with node:child_process. Argument lists come
// from the pure builders in args.ts and are passed verbatim (fluent-ffmpeg's public API cannot do that:
// it builds its own argument list, adds `-y`, runs ffprobe only as `-show_streams -show_format`, and its
// binary paths are process-wide). Progress is read from ffmpeg's `-stats` lines, cancellation goes
// through an AbortSignal (SIGTERM, then SIGKILL after a grace period), and the tail of stderr is kept
// for errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { PIPELINE_DEFAULTS } from '../defaults.js';
import { commandLine } from './args.js';

export interface Progress {
  /** Media time written so far, seconds. */
  outTimeSec: number;
  /** 0-100 when the expected duration is known, else null. */
  percent: number | null;
  /** Encoding speed as a multiple of realtime, when ffmpeg reports it. */
  speed: number | null;
}

export interface RunOptions {
  /** Expected output duration, seconds: turns progress into percent. */
  durationSec?: number;
  onProgress?: (progress: Progress) => void;
  /** Aborting kills the process (SIGTERM, then SIGKILL after the grace period). */
  signal?: AbortSignal;
  /** Keep all of stdout (ffprobe always does; ffmpeg keeps its last lines unless asked). */
  fullStdout?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Wall time of the process, milliseconds. */
  elapsedMs: number;
}

export type Tool = 'ffmpeg' | 'ffprobe';

export class MediaToolError extends Error {
  readonly code = 'SS_MEDIA_TOOL_FAILED';
  constructor(
    message: string,
    readonly details: {
      tool: Tool;
      commandLine: string;
      exitCode: number | null;
      signal: string | null;
      cancelled: boolean;
      /** The program could not be started at all (not installed, not executable): a machine problem, never the file's. */
      spawnFailed: boolean;
      stderrTail: string;
    },
  ) {
    super(message);
    this.name = 'MediaToolError';
  }
}

export interface MediaRunner {
  ffmpeg(args: string[], options?: RunOptions): Promise<RunResult>;
  ffprobe(args: string[], options?: RunOptions): Promise<RunResult>;
  /** The binary a tool runs, for command lines shown to people. */
  binary(tool: Tool): string;
}

export interface RunnerOptions {
  ffmpegPath: string;
  ffprobePath: string;
  stderrTailLines: number;
  killGraceMs: number;
  /** Called for every process started (tests count spawns; logs). */
  onSpawn?: (tool: Tool, args: string[]) => void;
}

/**
 * Splits text into lines at `\n`, `\r\n` or a lone `\r` (ffmpeg ends its `-stats` lines with `\r`),
 * across chunk boundaries.
 */
class LineSplitter {
  private partial = '';
  /** The last chunk ended with \r: a \n opening the next one ends no further line. */
  private afterCr = false;
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    if (text.length === 0) return;
    this.afterCr = text.endsWith('\r');
    const lines = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  end(): void {
    if (this.partial.length > 0) this.onLine(this.partial);
    this.partial = '';
  }
}

/** The last `max` items pushed. */
function ring<T>(max: number): { push(item: T): void; items: T[] } {
  const items: T[] = [];
  return {
    items,
    push(item) {
      items.push(item);
      if (items.length > max) items.shift();
    },
  };
}

const STATS_LINE = /(?:^|\s)time=\s*(-?\d+):(\d+):(\d+(?:\.\d+)?)/;
const SPEED = /speed=\s*([\d.]+)x/;

/** Parses one `-stats` line of ffmpeg (frame=... time=00:00:01.23 ... speed=2.1x); null otherwise. */
export function parseStatsLine(line: string, durationSec?: number): Progress | null {
  const m = STATS_LINE.exec(line);
  if (!m) return null;
  const outTimeSec = Math.max(0, Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
  const s = SPEED.exec(line);
  const percent = durationSec && durationSec > 0 ? Math.min(100, (outTimeSec / durationSec) * 100) : null;
  return { outTimeSec, percent, speed: s ? Number(s[1]) : null };
}

/** The ffmpeg/ffprobe binaries an environment asks for (FFMPEG_PATH, FFPROBE_PATH), for the entry points. */
export function mediaToolPaths(env: Record<string, string | undefined>): Partial<RunnerOptions> {
  return {
    ...(env.FFMPEG_PATH ? { ffmpegPath: env.FFMPEG_PATH } : {}),
    ...(env.FFPROBE_PATH ? { ffprobePath: env.FFPROBE_PATH } : {}),
  };
}

export function createMediaRunner(options: Partial<RunnerOptions> = {}): MediaRunner {
  const o: RunnerOptions = {
    ffmpegPath: options.ffmpegPath ?? PIPELINE_DEFAULTS.ffmpegPath,
    ffprobePath: options.ffprobePath ?? PIPELINE_DEFAULTS.ffprobePath,
    stderrTailLines: options.stderrTailLines ?? PIPELINE_DEFAULTS.stderrTailLines,
    killGraceMs: options.killGraceMs ?? PIPELINE_DEFAULTS.killGraceMs,
    onSpawn: options.onSpawn,
  };
  const binary = (tool: Tool) => (tool === 'ffmpeg' ? o.ffmpegPath : o.ffprobePath);

  function run(tool: Tool, args: string[], runOptions: RunOptions = {}): Promise<RunResult> {
    const line = commandLine(binary(tool), args);
    return new Promise<RunResult>((resolve, reject) => {
      const started = Date.now();
      const tail = ring<string>(o.stderrTailLines);
      let settled = false;
      let cancelled = false;
      let proc: ChildProcess | null = null;
      let killTimer: NodeJS.Timeout | null = null;
      const onAbort = () => {
        cancelled = true;
        if (!proc) return;
        proc.kill('SIGTERM');
        killTimer = setTimeout(() => proc?.kill('SIGKILL'), o.killGraceMs);
        killTimer.unref();
      };
      /** Settles once: after the process closed (`exited`), or when it could not be started (`spawnError`). */
      const finish = (outcome: { exited?: { code: number | null; signal: string | null; stdout: string }; spawnError?: Error }) => {
        if (settled) return;
        settled = true;
        if (killTimer) clearTimeout(killTimer);
        runOptions.signal?.removeEventListener('abort', onAbort);
        const stderrTail = tail.items.join('\n');
        const { exited, spawnError } = outcome;
        const exitCode = exited?.code ?? null;
        const signal = exited?.signal ?? null;
        if (exited && !cancelled && exitCode === 0 && signal === null) {
          resolve({ stdout: exited.stdout, stderr: stderrTail, elapsedMs: Date.now() - started });
          return;
        }
        const spawnFailed = spawnError !== undefined;
        const why = cancelled
          ? 'was cancelled'
          : spawnFailed
            ? `could not be started (${binary(tool)}: ${spawnError.message})`
            : signal
              ? `was killed by ${signal}`
              : `exited with code ${exitCode ?? '?'}`;
        const lastLine = tail.items.filter((l) => l.trim().length > 0).at(-1);
        const message = `${tool} ${why}${lastLine && !cancelled && !spawnFailed ? `: ${lastLine.trim()}` : ''}`;
        reject(new MediaToolError(message, { tool, commandLine: line, exitCode, signal, cancelled, spawnFailed, stderrTail }));
      };
      if (runOptions.signal?.aborted) {
        cancelled = true;
        finish({});
        return;
      }
      runOptions.signal?.addEventListener('abort', onAbort, { once: true });
      o.onSpawn?.(tool, args);

      // ffprobe's answer is its stdout; ffmpeg's stdout is kept only when asked, else its last lines.
      const keepAllStdout = tool === 'ffprobe' || runOptions.fullStdout === true;
      let stdout = '';
      const stdoutLines = ring<string>(o.stderrTailLines * 4);
      const stdoutSplitter = new LineSplitter((text) => stdoutLines.push(text));
      const stderrSplitter = new LineSplitter((text) => {
        const progress = parseStatsLine(text, runOptions.durationSec);
        if (progress) runOptions.onProgress?.(progress);
        else tail.push(text);
      });

      const child = spawn(binary(tool), [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      proc = child;
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (keepAllStdout) stdout += chunk;
        else stdoutSplitter.push(chunk);
      });
      child.stderr.on('data', (chunk: string) => stderrSplitter.push(chunk));
      child.on('error', (err) => {
        // Without a pid the program never started (ENOENT, EACCES); other errors (a failed kill) wait for 'close'.
        if (child.pid === undefined) finish({ spawnError: err });
      });
      // 'close' comes after the exit and the end of both output streams.
      child.once('close', (code, signal) => {
        stderrSplitter.end();
        stdoutSplitter.end();
        finish({ exited: { code, signal, stdout: keepAllStdout ? stdout : stdoutLines.items.join('\n') } });
      });
    });
  }

  return {
    ffmpeg: (args, runOptions) => run('ffmpeg', args, runOptions),
    ffprobe: (args, runOptions) => run('ffprobe', args, runOptions),
    binary,
  };
}
