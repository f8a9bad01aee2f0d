// Spawns Debian's Mosquitto with the configuration `npm run broker:config -- --mosquitto` writes,
// on free loopback ports in a temp dir.
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { MOSQUITTO_LIMITS, buildMosquittoConfig } from '../../../src/broker/mosquitto/mosquitto-config.js';
import { freePort } from '../redis-server.js';
import { waitFor } from '../helpers.js';

export const SERVICE_USER = 'streamsync-server';
export const SERVICE_PASSWORD = 'service-secret-for-tests';

export interface MosquittoServer {
  tcpUrl: string;
  wsUrl: string;
  /** What Mosquitto logged so far. */
  log(): string;
  stop(): Promise<void>;
}

export async function startMosquitto(options: { maxPayloadBytes?: number } = {}): Promise<MosquittoServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ss-mosquitto-'));
  const [tcpPort, wsPort] = [await freePort(), await freePort()];
  const files = buildMosquittoConfig({
    host: '127.0.0.1',
    tcpPort,
    wsPort,
    serviceUsername: SERVICE_USER,
    servicePassword: SERVICE_PASSWORD,
    maxPayloadBytes: options.maxPayloadBytes ?? 4096,
    dir,
    salt: randomBytes(MOSQUITTO_LIMITS.saltBytes),
    runAsUser: userInfo().username, // the files are this user's, 0600
  });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, { mode: 0o600 });
  await chmod(dir, 0o700);
  return runMosquitto(join(dir, 'mosquitto.conf'), { tcpPort, wsPort, dir });
}

/** Runs `mosquitto -c conf` until its WebSockets listener is open; stop() also removes `dir`. */
export async function runMosquitto(conf: string, at: { tcpPort: number; wsPort: number; dir: string }): Promise<MosquittoServer> {
  const proc: ChildProcess = spawn('mosquitto', ['-c', conf, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = '';
  const collect = (d: Buffer) => (out += d.toString());
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  await waitFor(() => /Opening websockets listen socket on port \d+/.test(out) || proc.exitCode !== null, 5000, 'mosquitto start');
  if (proc.exitCode !== null) throw new Error(`mosquitto exited ${proc.exitCode}: ${out}`);
  return {
    tcpUrl: `mqtt://127.0.0.1:${at.tcpPort}`,
    wsUrl: `ws://127.0.0.1:${at.wsPort}`,
    log: () => out,
    stop: async () => {
      process.off('exit', killOnExit);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await once(proc, 'exit');
      }
      await rm(at.dir, { recursive: true, force: true });
    },
  };
}
