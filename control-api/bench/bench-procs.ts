// Child processes of the broker benches (bench:fanout, bench:capacity): every child dies with this
// process however it ends; JSON lines read from a child's stdout; a free loopback port; one Aedes
// node (fanout-broker.ts) or Debian's mosquitto started on loopback and stopped again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import mqtt from 'mqtt';

const here = new URL('.', import.meta.url).pathname;
/** Debian's mosquitto (the reference broker of the benches). */
export const MOSQUITTO_PATH = '/usr/sbin/mosquitto';

export interface RunningBroker {
  port: number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let hooked = false;

/** Registers a child to be killed when this process exits (SIGINT and SIGTERM included). */
export function track(proc: ChildProcess): ChildProcess {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
    process.once('SIGINT', () => process.exit(130));
    process.once('SIGTERM', () => process.exit(143));
  }
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  return proc;
}

/** A bench helper script of this folder under tsx, tracked; stdout piped (JSON lines), stderr inherited. */
export function spawnHelper(script: string, args: readonly string[]): ChildProcess {
  return track(spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] }));
}

export function lines(proc: ChildProcess): AsyncIterator<string> {
  if (!proc.stdout) throw new Error('no stdout');
  return createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
}

/** The next line that parses as JSON (other lines are logs and are skipped). */
export async function nextJson<T>(it: AsyncIterator<string>, what: string): Promise<T> {
  for (;;) {
    const r = await it.next();
    if (r.done) throw new Error(`process ended before ${what}`);
    try {
      return JSON.parse(r.value) as T;
    } catch {
      // a log line: skip
    }
  }
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

/** SIGTERM, then SIGKILL after 3 s. */
export async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

/** One Aedes broker node in its own process (fanout-broker.ts; `args` are its options). */
export async function startAedes(args: readonly string[] = []): Promise<RunningBroker> {
  const proc = spawnHelper('fanout-broker.ts', args);
  const { port } = await nextJson<{ port: number }>(lines(proc), 'the broker port');
  return { port, stop: () => stop(proc) };
}

/** The service of a standard broker (fanout-broker.ts --service-url) as a client of `url`; resolves once subscribed. */
export async function startServiceNode(url: string, args: readonly string[] = []): Promise<{ stop(): Promise<void> }> {
  const proc = spawnHelper('fanout-broker.ts', ['--service-url', url, ...args]);
  await nextJson<{ ready: true }>(lines(proc), 'the service node');
  return { stop: () => stop(proc) };
}

/** Resolves true once a client can connect to `port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 500 });
    c.once('connect', () => (c.end(true), resolve(true)));
    c.once('error', () => (c.end(true), resolve(false)));
  });
}

/** Debian's mosquitto on a free loopback port: anonymous, no connection limit, Nagle off, no persistence. */
export async function startMosquitto(): Promise<RunningBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'ss-mosq-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\nset_tcp_nodelay true\npersistence false\nlog_dest none\n`);
  const proc = track(spawn(MOSQUITTO_PATH, ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] }));
  for (let i = 0; i < 50 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    port,
    stop: async () => {
      await stop(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
