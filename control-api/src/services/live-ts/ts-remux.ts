// The MPEG-TS remux manager: ONE ffmpeg per watched channel, copying the channel's HLS into MPEG-TS,
// shared by every viewer of that channel (Plex, Jellyfin, Emby tuning `/live/{id}.ts`).
//
// - The first viewer of a channel resolves its HLS into video and audio playlists and starts ffmpeg;
//   later viewers join the running process at the next packet that opens a PAT; the last viewer
//   leaving stops it (SIGTERM, SIGKILL after a grace period).
// - ffmpeg's stdout is read as fast as it writes: each viewer gets every chunk pushed into its own
//   buffer, never waited for. A viewer whose unread bytes pass `maxClientBufferBytes` is disconnected
//   (logged SS_LIVE_TS_CLIENT_TOO_SLOW); the others and ffmpeg never notice.
// - The HLS not being readable, ffmpeg failing to start, exiting, or writing nothing within
//   `startTimeoutMs` ends every viewer's response (a viewer without a byte yet gets the coded error,
//   SS_LIVE_TS_FAILED) and is logged with its code (and the tail of stderr); the next viewer starts
//   afresh.
// - `close()` stops every process and resolves when all have exited (the app calls it at shutdown).
//
// The spawner, the input resolver, the timers and the logger are passed in: unit tests use a fake
// child process and a fake clock, one test runs the real ffmpeg.
import type { Readable } from 'node:stream';
import type { Timers } from '../../broker/timers.js';
import type { Logger } from '../../contracts/logger.js';
import { LIVE_TS_LOG_CODES, LiveTsErrors } from './errors.js';
import { tsRemuxArgs, type RemuxInputs } from './remux-args.js';
import { TsClient } from './ts-client.js';
import { firstPatOffset } from './ts-packets.js';

/** The part of a spawned ffmpeg the manager uses (node's ChildProcess with piped stdout/stderr has it). */
export interface RemuxChild {
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Undefined when the process could not be started. */
  readonly pid?: number | undefined;
  kill(signal?: NodeJS.Signals): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** After exit, once stdout and stderr are drained: every byte written has been read. */
  on(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

/** Starts ffmpeg with these arguments (see ffmpeg-spawner.ts for the real one). */
export type RemuxSpawner = (args: string[]) => RemuxChild;

export const TS_REMUX_DEFAULTS = {
  /** Unread bytes a viewer may hold before it is dropped (about 13 s of a 5 Mbit/s channel). */
  maxClientBufferBytes: 8 * 1024 * 1024, // bytes
  /** Time from the first viewer to ffmpeg's first bytes (read the playlists, fetch the first segments). */
  startTimeoutMs: 20_000, // milliseconds
  /** Between SIGTERM and SIGKILL when a process is stopped. */
  killGraceMs: 3_000, // milliseconds
  /** A read or connect of the HLS stalling this long fails (the master's fetch, ffmpeg's -rw_timeout). */
  inputTimeoutMs: 15_000, // milliseconds
  /** Characters of ffmpeg's stderr kept for the failure log. */
  stderrTailChars: 4_000, // characters
};
export type TsRemuxConfig = typeof TS_REMUX_DEFAULTS;

export interface TsRemuxOptions {
  spawn: RemuxSpawner;
  /** The playlists ffmpeg reads a channel from (hls-inputs.ts resolves the API's own master). */
  inputs: (channelId: string) => Promise<RemuxInputs>;
  timers: Timers;
  logger: Logger;
  config?: Partial<TsRemuxConfig>;
}

/** What the manager is running, for tests and diagnostics. */
export interface RemuxInfo {
  channelId: string;
  pid: number | undefined;
  viewers: number;
}

interface Session {
  readonly channelId: string;
  /** null while the inputs are being resolved (or when they could not be). */
  child: RemuxChild | null;
  readonly viewers: Set<TsClient>;
  /** Bytes ffmpeg has written so far (packets start at multiples of 188). */
  position: number;
  stderrTail: string;
  startTimer: unknown;
  killTimer: unknown;
  /** Stopped on purpose (no viewers, start timeout, shutdown): its exit is no failure. */
  stopping: boolean;
  ended: boolean;
  readonly exited: Promise<void>;
  markExited(): void;
}

type Outcome = { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null } | { kind: 'spawn-error'; error: Error };

function validated(config: TsRemuxConfig): TsRemuxConfig {
  for (const [key, value] of Object.entries(config)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`TsRemux: ${key} must be a positive number, got ${value}`);
  }
  return config;
}

export class TsRemux {
  private readonly config: TsRemuxConfig;
  /** The session (inputs being resolved, or ffmpeg running) of each watched channel. */
  private readonly sessions = new Map<string, Session>();
  /** Every session not over yet, stopping ones included (close() waits for them). */
  private readonly alive = new Set<Session>();
  private closed = false;

  constructor(private readonly options: TsRemuxOptions) {
    this.config = validated({ ...TS_REMUX_DEFAULTS, ...options.config });
  }

  /**
   * A new viewer of the channel: joins its running remux or starts one. Await `ready` before replying
   * (it rejects with a coded error when ffmpeg fails first); destroy the stream when the viewer leaves.
   */
  open(channelId: string): TsClient {
    if (this.closed) throw new LiveTsErrors.Closed();
    const session = this.sessions.get(channelId) ?? this.start(channelId);
    const client = new TsClient(channelId, session.position === 0);
    session.viewers.add(client);
    client.once('close', () => this.leave(session, client));
    return client;
  }

  /** The running processes. */
  running(): RemuxInfo[] {
    return [...this.sessions.values()].map((s) => ({ channelId: s.channelId, pid: s.child?.pid, viewers: s.viewers.size }));
  }

  /** Stops every process (viewers' responses end) and resolves once all have exited. No new viewer is taken. */
  async close(): Promise<void> {
    this.closed = true;
    for (const session of [...this.sessions.values()]) this.stop(session, 'the server is shutting down');
    await Promise.all([...this.alive].map((s) => s.exited));
  }

  /** A new session: its start timer runs from now; the inputs are resolved, then ffmpeg spawned. */
  private start(channelId: string): Session {
    let markExited = (): void => undefined;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const session: Session = {
      channelId,
      child: null,
      viewers: new Set(),
      position: 0,
      stderrTail: '',
      startTimer: null,
      killTimer: null,
      stopping: false,
      ended: false,
      exited,
      markExited,
    };
    this.sessions.set(channelId, session);
    this.alive.add(session);
    session.startTimer = this.options.timers.setTimeout(() => {
      session.startTimer = null;
      this.options.logger.warn(
        { code: LIVE_TS_LOG_CODES.startTimeout, channelId, startTimeoutMs: this.config.startTimeoutMs, stderrTail: session.stderrTail },
        'MPEG-TS remux wrote nothing in time: stopped',
      );
      this.stop(session, `ffmpeg wrote nothing within ${this.config.startTimeoutMs} ms`);
    }, this.config.startTimeoutMs);
    void this.launch(session);
    return session;
  }

  private async launch(session: Session): Promise<void> {
    const { channelId } = session;
    let inputs: RemuxInputs;
    try {
      inputs = await this.options.inputs(channelId);
    } catch (cause) {
      if (session.stopping) this.settle(session); // nobody waits for it any more
      else this.fail(session, coded(cause, (message) => new LiveTsErrors.Failed(channelId, `its HLS could not be read: ${message}`)));
      return;
    }
    if (session.stopping || session.ended) {
      if (!session.ended) this.settle(session); // stopped while resolving: no process to start
      return;
    }
    let child: RemuxChild;
    try {
      child = this.options.spawn(tsRemuxArgs(inputs, { inputTimeoutMs: this.config.inputTimeoutMs }));
    } catch (cause) {
      this.fail(session, coded(cause, (message) => new LiveTsErrors.Failed(channelId, `ffmpeg could not be started: ${message}`)));
      return;
    }
    session.child = child;
    child.stdout.on('data', (chunk: Buffer) => this.onData(session, chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      session.stderrTail = (session.stderrTail + chunk.toString('utf8')).slice(-this.config.stderrTailChars);
    });
    child.on('error', (error) => {
      // Not started at all (not installed, not executable): no 'close' may follow. Otherwise (a failed
      // kill) the process still runs and its 'close' settles it.
      if (child.pid === undefined) this.onGone(session, { kind: 'spawn-error', error });
      else this.options.logger.warn({ err: error, channelId }, 'MPEG-TS remux: ffmpeg reported an error');
    });
    child.on('close', (code, signal) => this.onGone(session, { kind: 'exit', code, signal }));
    this.options.logger.info({ channelId, pid: child.pid, inputs }, 'MPEG-TS remux started');
  }

  private onData(session: Session, chunk: Buffer): void {
    if (session.stopping || session.ended) return;
    const start = session.position;
    session.position += chunk.length;
    if (session.startTimer !== null) {
      this.options.timers.clearTimeout(session.startTimer);
      session.startTimer = null;
    }
    for (const viewer of [...session.viewers]) {
      if (viewer.inSync) {
        viewer.deliver(chunk);
      } else {
        const at = firstPatOffset(chunk, start);
        if (at < 0) continue;
        viewer.inSync = true;
        viewer.deliver(at === 0 ? chunk : chunk.subarray(at));
      }
      if (viewer.bufferedBytes > this.config.maxClientBufferBytes) {
        this.options.logger.warn(
          { code: LIVE_TS_LOG_CODES.clientTooSlow, channelId: session.channelId, bufferedBytes: viewer.bufferedBytes },
          'MPEG-TS viewer too slow: disconnected',
        );
        viewer.destroy();
      }
    }
  }

  private leave(session: Session, viewer: TsClient): void {
    if (!session.viewers.delete(viewer)) return;
    if (session.viewers.size === 0 && !session.ended) this.stop(session, 'no viewer left');
  }

  /** Stops a process on purpose: its viewers' responses end now, the process gets SIGTERM then SIGKILL. */
  private stop(session: Session, why: string): void {
    if (session.stopping || session.ended) return;
    session.stopping = true;
    if (this.sessions.get(session.channelId) === session) this.sessions.delete(session.channelId);
    this.clearTimers(session);
    this.finishViewers(session, new LiveTsErrors.Failed(session.channelId, why));
    const { child } = session;
    this.options.logger.info({ channelId: session.channelId, pid: child?.pid, why }, 'MPEG-TS remux stopping');
    if (child === null) return; // still resolving its inputs: launch() sees `stopping` and ends it
    child.kill('SIGTERM');
    session.killTimer = this.options.timers.setTimeout(() => {
      session.killTimer = null;
      if (!session.ended) child.kill('SIGKILL');
    }, this.config.killGraceMs);
  }

  private onGone(session: Session, outcome: Outcome): void {
    if (session.ended) return;
    const { channelId } = session;
    const pid = session.child?.pid;
    if (session.stopping) {
      this.options.logger.info({ channelId, pid }, 'MPEG-TS remux stopped');
      this.settle(session);
    } else if (outcome.kind === 'exit' && outcome.code === 0) {
      this.options.logger.info({ channelId, pid }, 'MPEG-TS remux: the input ended');
      this.finishViewers(session, new LiveTsErrors.Failed(channelId, 'the input ended before any data'));
      this.settle(session);
    } else {
      const why =
        outcome.kind === 'spawn-error'
          ? `ffmpeg could not be started: ${outcome.error.message}`
          : `ffmpeg exited (${outcome.signal ? `signal ${outcome.signal}` : `code ${outcome.code}`}): ${lastLine(session.stderrTail)}`;
      this.fail(session, new LiveTsErrors.Failed(channelId, why));
    }
  }

  /** Ends a session that failed: logged with its code, every viewer ended with the error. */
  private fail(session: Session, err: Error & { code?: string }): void {
    if (session.ended) return;
    const { channelId } = session;
    this.options.logger.error({ err, code: err.code, channelId, pid: session.child?.pid, stderrTail: session.stderrTail }, 'MPEG-TS remux failed');
    this.finishViewers(session, err);
    this.settle(session);
  }

  /** The session is over: forgotten, its timers cleared, close() no longer waits for it. */
  private settle(session: Session): void {
    session.ended = true;
    this.clearTimers(session);
    if (this.sessions.get(session.channelId) === session) this.sessions.delete(session.channelId);
    this.alive.delete(session);
    session.markExited();
  }

  private finishViewers(session: Session, error: Error): void {
    for (const viewer of session.viewers) viewer.finish(error);
    session.viewers.clear();
  }

  private clearTimers(session: Session): void {
    if (session.startTimer !== null) this.options.timers.clearTimeout(session.startTimer);
    if (session.killTimer !== null) this.options.timers.clearTimeout(session.killTimer);
    session.startTimer = null;
    session.killTimer = null;
  }
}

/** `cause` when it is one of our coded errors (e.g. SS_LIVE_TS_NO_INPUT), else `wrap` of its message. */
function coded(cause: unknown, wrap: (message: string) => Error): Error {
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string' && cause.code.startsWith('SS_')) return cause;
  return wrap(cause instanceof Error ? cause.message : String(cause));
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n|\r/).filter((l) => l.trim() !== '');
  return lines.at(-1)?.trim() ?? 'no error output';
}
