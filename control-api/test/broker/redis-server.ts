// Spawns Debian's redis-server on a free loopback port with a temp dir (no persistence).
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './helpers.js';

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ss-redis-'));
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Never leave redis-server behind, even when the test process exits abruptly (mocha --exit).
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('Ready to accept connections'), 5000, 'redis-server start');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      process.off('exit', killOnExit);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await once(proc, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

