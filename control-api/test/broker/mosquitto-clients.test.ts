// Interop with Debian's mosquitto-clients (MQTT 3.1.1): mosquitto_sub receives the beacon and the
// retained now-playing; mosquitto_pub posts chat as a viewer and control/sync as a server publisher.
import { expect } from 'chai';
import { once } from 'node:events';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { ViewerClient } from '../../src/viewer/viewer-client.js';
import { Topics, parseChannelNow, parseTimeBeacon, type ChatMessagePayload, type ControlSync } from '#core/protocol.js';
import { startHarness, type Harness } from './harness.js';
import { testSettings } from './helpers.js';

const run = promisify(execFile);

describe('mosquitto_pub / mosquitto_sub interop', function () {
  this.timeout(20_000);
  let h: Harness;
  let viewer: ViewerClient;

  before(async () => {
    h = await startHarness({ settings: testSettings({}, (s) => (s.time.beaconIntervalMs = 200)) });
    viewer = new ViewerClient({ url: h.tcpUrl, clientId: 'tv-interop', channels: ['ch1'] });
    await viewer.start();
  });
  after(async () => {
    await viewer?.close();
    await h?.close();
  });

  const base = () => ['-h', '127.0.0.1', '-p', String(h.tcpPort), '-V', 'mqttv311'];

  it('mosquitto_sub receives beacons and the retained now-playing', async () => {
    const { stdout } = await run('mosquitto_sub', [...base(), '-i', 'sub-1', '-t', Topics.time, '-t', Topics.channelNow('ch1'), '-C', '3', '-W', '10', '-v']);
    const lines = stdout.trim().split('\n');
    const nowLine = lines.find((l) => l.startsWith(`${Topics.channelNow('ch1')} `));
    const beaconLine = lines.find((l) => l.startsWith(`${Topics.time} `));
    expect(nowLine, stdout).to.be.a('string');
    expect(beaconLine, stdout).to.be.a('string');
    expect(parseChannelNow((nowLine ?? '').slice(Topics.channelNow('ch1').length + 1)).ok).to.equal(true);
    expect(parseTimeBeacon((beaconLine ?? '').slice(Topics.time.length + 1)).ok).to.equal(true);
  });

  it('a server subscriber with a wildcard gets the live messages and chat posts', async () => {
    const creds = ['-u', 'streamsync-server', '-P', 'test-server-password'];
    const sub = spawn('mosquitto_sub', [...base(), '-i', 'server-watch', ...creds, '-t', 'ss/v1/#', '-v', '-W', '5']);
    let out = '';
    sub.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 5000;
    while (!(out.includes(`${Topics.time} `) && out.includes(`${Topics.chat('ch1')} `)) && Date.now() < deadline) {
      viewer.postChat('ch1', 'for the watcher');
      await new Promise((r) => setTimeout(r, 250));
    }
    sub.kill();
    expect(out).to.contain(`${Topics.time} `);
    expect(out).to.contain(`${Topics.chat('ch1')} `);
    expect(out).to.contain(`${Topics.lineup} `);
  });

  it('mosquitto_pub posts chat as a viewer', async () => {
    // Chat from earlier tests may still be arriving: wait for this one by its text.
    const got = new Promise<ChatMessagePayload>((resolve) => {
      const onChat = (m: ChatMessagePayload) => {
        if (m.text !== 'from mosquitto') return;
        viewer.off('chat', onChat);
        resolve(m);
      };
      viewer.on('chat', onChat);
    });
    await run('mosquitto_pub', [...base(), '-i', 'pub-viewer', '-t', Topics.chatPost('ch1'), '-m', JSON.stringify({ v: 1, text: 'from mosquitto' })]);
    const msg = await got;
    expect(msg.text).to.equal('from mosquitto');
    expect(msg.from).to.equal(h.devices.nameOf('pub-viewer'));
  });

  it('mosquitto_pub publishes control/sync with server credentials, and is refused without them', async () => {
    const got = once(viewer, 'sync');
    const creds = ['-u', 'streamsync-server', '-P', 'test-server-password'];
    await run('mosquitto_pub', [...base(), '-i', 'pub-server', ...creds, '-t', Topics.controlSync, '-m', JSON.stringify({ v: 1, serverTimeMs: Date.now(), channelId: null })]);
    const [sync] = (await got) as [ControlSync];
    expect(sync.channelId).to.equal(null);
    // Without credentials the same publish is a forbidden topic: the client is dropped.
    const subscribed = new Promise<void>((resolve) => {
      const onSubscribe = (subs: { topic: string }[], client: { id: string } | null) => {
        if (client?.id !== 'watch' || !subs.some((s) => s.topic === Topics.controlSync)) return;
        h.app.broker.aedes.off('subscribe', onSubscribe);
        resolve();
      };
      h.app.broker.aedes.on('subscribe', onSubscribe);
    });
    const sub = spawn('mosquitto_sub', [...base(), '-i', 'watch', '-t', Topics.controlSync, '-C', '1', '-W', '2']);
    let received = '';
    sub.stdout.on('data', (d: Buffer) => (received += d.toString()));
    await subscribed; // the watcher's subscription is in place before the forbidden publish
    await run('mosquitto_pub', [...base(), '-i', 'pub-anon', '-t', Topics.controlSync, '-m', JSON.stringify({ v: 1, serverTimeMs: 1, channelId: null })]).catch(() => {});
    await once(sub, 'exit');
    expect(received).to.equal('');
  });
});
