// `npm start` stops cleanly however it is told to (real processes): a SIGTERM or a SIGINT (Ctrl-C) to
// its whole process group (what a service manager or a terminal sends: npm relays it, so the server
// gets it twice), while viewers are connected and requests are in flight, and a SIGTERM to the npm
// process alone all end the server gracefully within a bound, releasing the store's lock, and leave no
// server running behind npm.
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { LOCK_FILE } from '../../src/store/store-lock.js';
import { serverEnv, startServerProcess } from './server-process.js';

const STOP_BOUND_MS = 20_000; // milliseconds for a graceful stop (shutdownTimeoutMs is 10 s), with slack
const LOAD = { viewers: 100, requesters: 8 }; // MQTT-over-WebSocket viewers; HTTP loops in flight

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startNpm(dir: string): Promise<{ npm: ChildProcess; out: () => string; serverPid: number; baseUrl: string }> {
  const started = await startServerProcess('npm', serverEnv(dir, { STREAMSYNC_PIPELINE: 'false', STREAMSYNC_API_KEY: 'stop-test-key-0123456789abcdef' }));
  const serverPid = Number(readFileSync(join(dir, 'data', LOCK_FILE), 'utf8').split(' ')[0]);
  return { npm: started.proc, out: started.out, serverPid, baseUrl: started.baseUrl };
}

/**
 * Viewers connected over MQTT-over-WebSocket and HTTP requests kept in flight (the EPG, now, a
 * schedule) until `stop()`. Errors once the server goes are expected and counted, not thrown.
 */
async function startLoad(baseUrl: string): Promise<{ answered: () => number; stop: () => void }> {
  const viewers = await Promise.all(
    Array.from({ length: LOAD.viewers }, (_, i) => mqtt.connectAsync(`${baseUrl.replace(/^http/, 'ws')}/ws`, { clientId: `stop-load-${i}`, reconnectPeriod: 0 })),
  );
  for (const v of viewers) {
    v.on('error', () => {});
    void v.subscribeAsync('ss/v1/time').catch(() => {});
  }
  let running = true;
  let answered = 0;
  const paths = ['/v1/epg', '/v1/now', '/v1/channels', '/health'];
  const loops = Array.from({ length: LOAD.requesters }, async (_, i) => {
    for (let n = i; running; n += 1) {
      await fetch(`${baseUrl}${paths[n % paths.length]}`).then((r) => r.arrayBuffer()).then(() => (answered += 1), () => undefined);
    }
  });
  return {
    answered: () => answered,
    stop: () => {
      running = false;
      for (const v of viewers) v.end(true);
      void Promise.all(loops);
    },
  };
}

async function waitGone(pid: number, what: string): Promise<number> {
  const started = Date.now();
  while (alive(pid)) {
    if (Date.now() - started > STOP_BOUND_MS) throw new Error(`${what} still running after ${STOP_BOUND_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe('npm start stops cleanly on SIGTERM and SIGINT (real processes)', function () {
  this.timeout(400_000);
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-stop-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the process group under load: the server, told twice (group and npm relay), stops gracefully in bounded time and releases the store`, async () => {
      const { npm, out, serverPid, baseUrl } = await startNpm(dir);
      expect(serverPid, 'the server is its own process under npm').to.not.equal(npm.pid);
      const load = await startLoad(baseUrl);
      try {
        const before = load.answered();
        await new Promise((r) => setTimeout(r, 1000)); // the requests are flowing when the signal comes
        expect(load.answered(), 'requests answered under load before the signal').to.be.above(before);
        process.kill(-(npm.pid ?? 0), signal);
        const tookMs = await waitGone(serverPid, 'the server');
        await waitGone(npm.pid ?? 0, 'npm');
        expect(out(), 'a graceful stop, not the give-up path').to.include(`${signal}: shutting down`).and.not.include('exiting now').and.not.include('SS_SHUTDOWN_TIMEOUT');
        expect(existsSync(join(dir, 'data', LOCK_FILE)), 'the store lock released').to.equal(false);
        console.log(`      ${signal} under load (${LOAD.viewers} viewers, ${LOAD.requesters} request loops): the server was gone after ${tookMs} ms`);
      } finally {
        load.stop();
      }
    });
  }

  it('SIGTERM to npm alone: the server does not stay behind as an orphan', async () => {
    const { npm, out, serverPid } = await startNpm(dir);
    process.kill(npm.pid ?? 0, 'SIGTERM');
    await waitGone(serverPid, 'the server');
    expect(out()).to.include('SIGTERM: shutting down');
    expect(existsSync(join(dir, 'data', LOCK_FILE)), 'the store lock released').to.equal(false);
  });
});
