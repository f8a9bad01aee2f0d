// The one typed wrapper that runs ffmpeg and ffprobe. fluent-ffmpeg is no longer maintained upstream, so it
// is used here only as the process spawner (binary lookup, stdout/stderr line rings) and nowhere else in
// the code base; argument lists come from the pure builders in args.ts. Progress is read from ffmpeg's
// `-stats` lines, cancellation goes through an AbortSignal, and the tail of stderr is kept for errors.
import type { ChildProcess } from 'node:child_process';
import Ffmpeg from 'fluent-ffmpeg';
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

/** The part of fluent-ffmpeg's FfmpegCommand this wrapper relies on (stable: upstream is frozen). */
interface LineRing {
  callback(cb: (line: string) => void): void;
  get(): string;
}
interface SpawningCommand {
  _getFfmpegPath(cb: (err: Error | null, path?: string) => void): void;
  _spawnFfmpeg(
    args: string[],
    options: { captureStdout: boolean; stdoutLines: number; windowsHide: boolean },
    processCB: (proc: ChildProcess, stdoutRing: LineRing, stderrRing: LineRing) => void,
    endCB: (err: Error | null, stdoutRing?: LineRing, stderrRing?: LineRing) => void,
  ): void;
}

function spawningCommand(binary: string): SpawningCommand {
  const command: unknown = Ffmpeg();
  const c = command as Partial<SpawningCommand>;
  if (typeof c._spawnFfmpeg !== 'function') {
    throw new Error('fluent-ffmpeg: this version lacks _spawnFfmpeg; the pipeline runner needs 2.1.x');
  }
  // Per-command binary (setFfmpegPath would change a process-wide cache).
  c._getFfmpegPath = (cb) => cb(null, binary);
  return c as SpawningCommand;
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
      const tail: string[] = [];
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
      const finish = (err: Error | null, stdout: string) => {
        if (settled) return;
        settled = true;
        if (killTimer) clearTimeout(killTimer);
        runOptions.signal?.removeEventListener('abort', onAbort);
        const stderrTail = tail.join('\n');
        if (err || cancelled) {
          const exitCode = proc?.exitCode ?? null;
          const signal = proc?.signalCode ?? null;
          const spawnFailed = (err as NodeJS.ErrnoException | null)?.syscall?.startsWith('spawn') === true;
          const why = cancelled
            ? 'was cancelled'
            : spawnFailed
              ? `could not be started (${binary(tool)}: ${err?.message ?? 'unknown error'})`
              : signal
                ? `was killed by ${signal}`
                : `exited with code ${exitCode ?? '?'}`;
          const lastLine = tail.filter((l) => l.trim().length > 0).at(-1);
          const message = `${tool} ${why}${lastLine && !cancelled && !spawnFailed ? `: ${lastLine.trim()}` : ''}`;
          reject(new MediaToolError(message, { tool, commandLine: line, exitCode, signal, cancelled, spawnFailed, stderrTail }));
          return;
        }
        resolve({ stdout, stderr: stderrTail, elapsedMs: Date.now() - started });
      };
      if (runOptions.signal?.aborted) {
        cancelled = true;
        finish(null, '');
        return;
      }
      runOptions.signal?.addEventListener('abort', onAbort, { once: true });
      o.onSpawn?.(tool, args);
      spawningCommand(binary(tool))._spawnFfmpeg(
        [...args],
        { captureStdout: true, stdoutLines: tool === 'ffprobe' || runOptions.fullStdout ? 0 : o.stderrTailLines * 4, windowsHide: true },
        (child, _stdoutRing, stderrRing) => {
          proc = child;
          if (cancelled) onAbort();
          stderrRing.callback((text) => {
            const progress = parseStatsLine(text, runOptions.durationSec);
            if (progress) {
              runOptions.onProgress?.(progress);
              return;
            }
            tail.push(text);
            if (tail.length > o.stderrTailLines) tail.shift();
          });
        },
        (err, stdoutRing) => finish(err, stdoutRing?.get() ?? ''),
      );
    });
  }

  return {
    ffmpeg: (args, runOptions) => run('ffmpeg', args, runOptions),
    ffprobe: (args, runOptions) => run('ffprobe', args, runOptions),
    binary,
  };
}
