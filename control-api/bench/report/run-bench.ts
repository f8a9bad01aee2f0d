// Runs one bench as a child process in its own process group (so a time-out stops its helpers
// too: API server, workers, brokers, Chromium), logs its output, and reads its JSON result.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseBenchResult, type BenchResult } from './bench-result.js';
import type { BenchStatus } from './report-model.js';

export const RUN_BENCH_DEFAULTS = {
  killGraceMs: 5_000, // milliseconds between SIGTERM and SIGKILL at a time-out
  tailBytes: 4_096, // bytes of stderr kept for the error detail
};

export interface RunBenchOptions {
  cwd: string; // repository root
  script: string; // relative to cwd
  args: readonly string[];
  timeoutMs: number;
  jsonPath: string; // where the bench is asked to write its result
  logPath: string | null;
  /** Called with each chunk of the bench's output (to echo it). */
  onOutput?: (chunk: string) => void;
  /** Lets the caller stop the bench (e.g. on Ctrl-C). */
  signal?: AbortSignal;
}

export interface RunBenchOutcome {
  status: BenchStatus;
  detail: string | null;
  exitCode: number | null;
  durationMs: number | null;
  result: BenchResult | null;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function lastLine(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const line = lines.at(-1);
  return line === undefined ? null : line.slice(0, 300);
}

export async function runBench(options: RunBenchOptions): Promise<RunBenchOutcome> {
  try {
    await access(join(options.cwd, options.script));
  } catch {
    return { status: 'missing', detail: `${options.script} not found`, exitCode: null, durationMs: null, result: null };
  }
  await rm(options.jsonPath, { force: true });
  const log = options.logPath ? createWriteStream(options.logPath) : null;
  const started = performance.now();
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href; // resolved here: a bench may live anywhere
  const child = spawn(process.execPath, ['--import', tsx, options.script, ...options.args, '--json', options.jsonPath], {
    cwd: options.cwd,
    detached: true, // its own process group: a time-out kills everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_JSON: options.jsonPath },
  });
  let stderrTail = '';
  let timedOut = false;
  const onChunk = (chunk: Buffer, isErr: boolean) => {
    const text = chunk.toString();
    log?.write(text);
    options.onOutput?.(text);
    if (isErr) stderrTail = (stderrTail + text).slice(-RUN_BENCH_DEFAULTS.tailBytes);
  };
  child.stdout.on('data', (c: Buffer) => onChunk(c, false));
  child.stderr.on('data', (c: Buffer) => onChunk(c, true));
  const pid = child.pid;
  let graceTimer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (pid === undefined) return;
    killGroup(pid, 'SIGTERM');
    graceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), RUN_BENCH_DEFAULTS.killGraceMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = () => stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const [code, spawnError] = await new Promise<[number | null, Error | null]>((resolve) => {
    child.once('error', (err) => resolve([null, err]));
    child.once('close', (c) => resolve([c, null]));
  });
  clearTimeout(timer);
  if (graceTimer) clearTimeout(graceTimer);
  options.signal?.removeEventListener('abort', onAbort);
  if (pid !== undefined) killGroup(pid, 'SIGKILL'); // helpers the bench left behind
  const durationMs = performance.now() - started;
  await new Promise<void>((resolve) => (log ? log.end(() => resolve()) : resolve()));

  let result: BenchResult | null = null;
  let resultProblem: string | null = null;
  try {
    const text = await readFile(options.jsonPath, 'utf8');
    result = parseBenchResult(JSON.parse(text) as unknown, options.script);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    resultProblem = e.code === 'ENOENT' ? null : `unreadable result: ${e.message}`;
  }

  if (spawnError) return { status: 'failed', detail: spawnError.message, exitCode: null, durationMs, result };
  if (timedOut) return { status: 'timeout', detail: `stopped after ${(options.timeoutMs / 1000).toFixed(0)} s`, exitCode: code, durationMs, result };
  if (code !== 0) return { status: 'failed', detail: lastLine(stderrTail), exitCode: code, durationMs, result };
  if (resultProblem) return { status: 'invalid-result', detail: resultProblem, exitCode: code, durationMs, result: null };
  if (!result) return { status: 'no-result', detail: 'the bench wrote no JSON result (see its log)', exitCode: code, durationMs, result: null };
  return { status: 'ok', detail: null, exitCode: code, durationMs, result };
}
