// npm start's entry (control-api/src/main.ts) as a real process: when the preflight finds what the
// pipeline needs missing and cannot install it, the process exits non-zero, says what fixes it, and
// opens nothing (no store folder, no listening socket).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../broker/redis-server.js';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const refused = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(false);
    });
    socket.once('error', () => ok(true));
  });

describe('npm start with a media tool it cannot provide (real process)', function () {
  this.timeout(60_000);
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-preflight-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('exits non-zero before listening, naming the problem and the fix', async () => {
    const [port, mqttPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      FFMPEG_PATH: join(dir, 'no-such', 'ffmpeg'),
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      STREAMSYNC_DATA_DIR: join(dir, 'data'),
      STREAMSYNC_CONTENT_DIR: join(dir, 'content'),
      STREAMSYNC_API_KEY: 'preflight-test-key-0123456789',
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'control-api/src/main.ts')], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let listenedWhileUp = false;
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const poll = setInterval(() => {
      void refused(port).then((r) => {
        if (!r) listenedWhileUp = true;
      });
    }, 20);
    const code = await new Promise<number | null>((ok) => proc.once('exit', ok));
    clearInterval(poll);
    expect(code, out).to.equal(1);
    expect(out).to.include('cannot start').and.include(`FFMPEG_PATH is set to "${env.FFMPEG_PATH}"`).and.include('README.md, section "Run it, test it"');
    expect(out).to.not.include('is running');
    expect(listenedWhileUp).to.equal(false);
    expect(await refused(port)).to.equal(true);
    expect(await refused(mqttPort)).to.equal(true);
    expect(existsSync(join(dir, 'data')), 'the store was opened').to.equal(false);
  });
});
