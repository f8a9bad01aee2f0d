// FerretDB for the MongoDB store suite: the binary .ci/ferretdb.sh builds once per machine (npm test
// runs it), started on a free port with a fresh SQLite folder. A real MongoDB-wire server, so the
// adapter is tested through the mongodb driver as it runs in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../broker/redis-server.js';

export const FERRETDB_VERSION = 'v1.24.2';

/** Where .ci/ferretdb.sh leaves the binary (STREAMSYNC_FERRETDB overrides), or null when it is not there. */
export function ferretdbBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.STREAMSYNC_FERRETDB ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'streamsync', `ferretdb-${FERRETDB_VERSION}`);
  return existsSync(path) ? path : null;
}

export interface RunningFerretdb {
  url: string;
  stop(): Promise<void>;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function startFerretdb(binary: string, options: { startTimeoutMs?: number } = {}): Promise<RunningFerretdb> {
  const dir = await mkdtemp(join(tmpdir(), 'ss-ferretdb-'));
  const port = await freePort();
  let out = '';
  const proc: ChildProcess = spawn(binary, ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--log-level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const until = Date.now() + (options.startTimeoutMs ?? 20_000);
  while (!(await accepts(port))) {
    if (proc.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`FerretDB did not start on port ${port}: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `mongodb://127.0.0.1:${port}/`, stop };
}
