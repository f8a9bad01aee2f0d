// A fake ffmpeg for the remux tests: a child process whose stdout the test writes, whose exit the test
// decides, and which records the signals it was sent; a spawner that hands them out and remembers the
// arguments. Plus builders of MPEG-TS packets (PAT, PMT, media) to write through it.
import { EventEmitter, once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { RemuxChild, RemuxSpawner } from '../../../src/services/live-ts/ts-remux.js';
import { TS_PACKET_BYTES, TS_SYNC_BYTE } from '../../../src/services/live-ts/ts-packets.js';
import { settle } from '../../fake-time.js';

let nextPid = 1000;

export class FakeChild extends EventEmitter implements RemuxChild {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: NodeJS.Signals[] = [];
  pid: number | undefined = nextPid++;
  exitCode: number | null = null;
  private closed = false;

  constructor(
    readonly args: string[],
    /** Exit (signal) as soon as a signal is sent, like a real ffmpeg on SIGTERM. */
    private readonly exitOnKill: boolean,
  ) {
    super();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    this.emit('kill', signal);
    if (this.exitOnKill) void this.exit(null, signal);
    return true;
  }

  /** ffmpeg writes bytes; resolves once the remux has handled them. */
  async write(chunk: Buffer): Promise<void> {
    this.stdout.write(chunk);
    await settle();
  }

  /** ffmpeg prints to stderr. */
  async printError(text: string): Promise<void> {
    this.stderr.write(text);
    await settle();
  }

  /** ffmpeg exits: its pipes close, then 'close' (code, signal) as node reports it. */
  async exit(code: number | null, signal: NodeJS.Signals | null = null): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.exitCode = code;
    this.stdout.end();
    this.stderr.end();
    await settle();
    this.emit('close', code, signal);
    await settle();
  }

  /** The process could not be started (ENOENT): node emits 'error' with no pid, then 'close'. */
  async failToStart(message = 'spawn ffmpeg ENOENT'): Promise<void> {
    this.pid = undefined;
    this.emit('error', Object.assign(new Error(message), { code: 'ENOENT' }));
    await this.exit(-2);
  }

  get killed(): boolean {
    return this.signals.length > 0;
  }

  /** Resolves with the next signal sent. */
  async nextKill(): Promise<NodeJS.Signals> {
    const [signal] = (await once(this, 'kill')) as [NodeJS.Signals];
    return signal;
  }
}

export class FakeSpawner extends EventEmitter {
  readonly children: FakeChild[] = [];

  constructor(private readonly options: { exitOnKill: boolean } = { exitOnKill: false }) {
    super();
  }

  readonly spawn: RemuxSpawner = (args) => {
    const child = new FakeChild(args, this.options.exitOnKill);
    this.children.push(child);
    this.emit('spawn', child);
    return child;
  };

  /** The child spawned last; fails the test when none was. */
  get last(): FakeChild {
    const child = this.children.at(-1);
    if (!child) throw new Error('nothing was spawned');
    return child;
  }

  /** The n-th child spawned (1-based), once it is. */
  async spawned(n: number): Promise<FakeChild> {
    for (;;) {
      const child = this.children[n - 1];
      if (child) return child;
      await once(this, 'spawn');
    }
  }
}

// ---------------------------------------------------------------- MPEG-TS packets

/** One 188-byte packet of `pid`; `start` sets payload_unit_start_indicator; the payload is `fill`. */
export function tsPacket(pid: number, options: { start?: boolean; fill?: number } = {}): Buffer {
  const packet = Buffer.alloc(TS_PACKET_BYTES, options.fill ?? 0xff);
  packet[0] = TS_SYNC_BYTE;
  packet[1] = (options.start ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  packet[2] = pid & 0xff;
  packet[3] = 0x10; // payload only, continuity counter 0
  return packet;
}

/** A PAT packet (PID 0, unit start). */
export const patPacket = (): Buffer => tsPacket(0, { start: true, fill: 0xa0 });
/** A PMT packet (PID 0x1000, unit start). */
export const pmtPacket = (): Buffer => tsPacket(0x1000, { start: true, fill: 0xa1 });
/** A video packet (PID 0x100); `fill` tells packets apart. */
export const videoPacket = (fill = 0x55): Buffer => tsPacket(0x100, { start: false, fill });

/** `count` groups of [PAT, PMT, video x perGroup], as a muxer repeating its tables writes them. */
export function tsStream(count: number, perGroup = 5): Buffer {
  const parts: Buffer[] = [];
  for (let g = 0; g < count; g++) {
    parts.push(patPacket(), pmtPacket());
    for (let v = 0; v < perGroup; v++) parts.push(videoPacket((g * perGroup + v) & 0x7f));
  }
  return Buffer.concat(parts);
}

/** Splits bytes into chunks of the given sizes (cycling), as a pipe delivers them: not on packet boundaries. */
export function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? bytes.length;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** Collects what a readable stream yields (until it ends or closes). */
export function collect(stream: NodeJS.ReadableStream & EventEmitter): { bytes: () => Buffer; done: Promise<'end' | 'close'> } {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<'end' | 'close'>((resolve) => {
    stream.once('end', () => resolve('end'));
    stream.once('close', () => resolve('close'));
  });
  return { bytes: () => Buffer.concat(chunks), done };
}
