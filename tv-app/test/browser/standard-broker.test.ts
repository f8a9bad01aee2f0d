// The TV app on a standard MQTT broker in real Chromium: Debian's Mosquitto with the configuration
// `npm run broker:config -- --mosquitto` writes, and `npm start` with STREAMSYNC_BROKER_URL and
// STREAMSYNC_BROKER_WS_URL (no built-in broker). Two TVs connect to Mosquitto over WebSockets, sync
// their clocks through the server's service, play in sync, are counted from their presence, and chat
// reaches the other TV.
import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { Topics, parseViewers } from '../../src/core/protocol.js';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { expectSync, sampleSync } from './sync-bound.js';
import { freePort } from './tv-browser.js';
import { apiNow, qaState, syncErrorMs, waitFor, waitPlaying } from './tv-page.js';

const SYNC_BOUND_MS = 50; // |media clock - schedule| a few seconds after a tune
const SETTLE_MS = 3_000; // a program is sampled from this long after its start (the tune's lock)

/** Writes the configuration with the product's own command and runs Mosquitto with it. */
async function startMosquitto(dir: string): Promise<{ tcpPort: number; wsPort: number; password: string; proc: ChildProcess }> {
  const [tcpPort, wsPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, MQTT_PORT: String(tcpPort) };
  delete env.STREAMSYNC_MQTT_PASSWORD; // the command makes one and writes it beside the files
  await promisify(execFile)('npm', ['run', '-s', 'broker:config', '--', '--mosquitto', '--out', dir, '--ws-port', String(wsPort), '--run-as', userInfo().username], { env });
  const proc = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('mosquitto listening on WebSockets', async () => {
    if (proc.exitCode !== null) throw new Error(`mosquitto exited ${proc.exitCode}: ${out}`);
    return /Opening websockets listen socket on port \d+/.test(out);
  }, 5_000, 20);
  return { tcpPort, wsPort, password: (await readFile(join(dir, 'service-password'), 'utf8')).trim(), proc };
}

describe('TV app on a standard MQTT broker (Mosquitto) in Chromium', function () {
  this.timeout(180_000);
  let dir: string;
  let mosquitto: ChildProcess | undefined;
  let tcpUrl: string;
  let system: RunningSystem;
  let browser: Browser;
  const pages: Page[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-tv-mosquitto-'));
    const broker = await startMosquitto(dir);
    mosquitto = broker.proc;
    tcpUrl = `mqtt://127.0.0.1:${broker.tcpPort}`;
    system = await startSystem({
      assets: [
        { id: 'assetA', title: 'Alpha', seconds: 8, hue: 0 },
        { id: 'assetB', title: 'Bravo', seconds: 6, hue: 120 },
      ],
      channels: [{ id: 'one', number: 1, name: 'One', loop: ['assetA', 'assetB'] }],
      env: {
        STREAMSYNC_BROKER_URL: `mqtt://127.0.0.1:${broker.tcpPort}`,
        STREAMSYNC_BROKER_WS_URL: `ws://127.0.0.1:${broker.wsPort}`,
        STREAMSYNC_MQTT_PASSWORD: broker.password,
      },
    });
    browser = await openBrowser();
    for (let i = 0; i < 2; i++) pages.push(await openTv(browser, system.baseUrl));
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
    if (mosquitto && mosquitto.exitCode === null) {
      mosquitto.kill('SIGTERM');
      await once(mosquitto, 'exit');
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('two TVs connect to Mosquitto, sync their clocks through the server, and play the same frame', async () => {
    for (const page of pages) await waitPlaying(page, 1, 60_000);
    for (const page of pages) await waitFor('connected to the broker', async () => (await qaState(page)).brokerUp, 10_000);
    for (const [i, page] of pages.entries()) {
      const errors = await sampleSync(async () => {
        const now = await apiNow(system.baseUrl, 'one');
        const program = now.current;
        const t = Date.now();
        if (!program || (await qaState(page)).program?.id !== program.id || t - program.startMs < SETTLE_MS || program.endMs - t < 400) return null;
        return syncErrorMs(page, program);
      }, { samples: 5, boundMs: SYNC_BOUND_MS, everyMs: 150, timeoutMs: 30_000 });
      expect(errors.length, `TV ${i + 1}: sync samples`).to.be.at.least(5);
      expectSync(errors, `TV ${i + 1}: sync`, SYNC_BOUND_MS);
    }
  });

  it('the server counts the two TVs from their presence (the broker does not say who subscribes)', async () => {
    const counter = await mqtt.connectAsync(tcpUrl, { clientId: 'iptv-counter', protocolVersion: 4, reconnectPeriod: 0 });
    try {
      const counts: number[] = [];
      counter.on('message', (_topic, payload) => {
        const v = parseViewers(payload);
        if (v.ok) counts.push(v.value.count);
      });
      await counter.subscribeAsync(Topics.viewers('one'), { qos: 0 });
      await waitFor('a count of 2 on channels/one/viewers', async () => counts.at(-1) === 2, 10_000);
    } finally {
      await counter.endAsync(true);
    }
  });

  it('chat from one TV reaches the other through the broker, moderated by the server', async () => {
    const [a, b] = pages as [Page, Page];
    await b.keyboard.press('KeyC');
    await a.keyboard.press('KeyC');
    const talkUp = (p: Page) => p.evaluate(() => Boolean((window as unknown as { streamsyncTv?: { state: () => { screens?: { talkUp?: boolean } } } }).streamsyncTv?.state().screens?.talkUp));
    await waitFor('both chats connected', async () => (await talkUp(a)) && (await talkUp(b)), 10_000);
    await a.keyboard.press('ArrowRight'); // the second preset
    await a.keyboard.press('Enter');
    const lines = (p: Page) => p.evaluate(() => ((window as unknown as { streamsyncTv?: { state: () => { screens?: { chat?: { lines?: string[] } } } } }).streamsyncTv?.state().screens?.chat?.lines ?? []) as string[]);
    const line = await waitFor('the line on the other TV', async () => (await lines(b)).find((l) => l.includes('Great show')), 10_000);
    expect(line).to.match(/^\d\d:\d\d Viewer [0-9A-F]{4}: Great show$/);
  });
});
