// The service node on Debian's Mosquitto (real sockets): several instances share the work through
// MQTT 5 shared subscriptions, each request answered once; a bad credential or a missing password is
// a coded error at start.
import { expect } from 'chai';
import mqtt from 'mqtt';
import { randomBytes } from 'node:crypto';
import { Topics, encode, parseChatMessage, parseTimeResponse } from '#core/protocol.js';
import { createServiceNode } from '../../../src/broker/external/service-node.js';
import { createDeviceIdentity } from '../../../src/services/devices/device-identity.js';
import { FakeLineup, testSettings, waitFor } from '../helpers.js';
import { startExternalHarness, type ExternalHarness } from './external-harness.js';

describe('service node on a standard broker (Mosquitto, shared subscriptions)', function () {
  this.timeout(20_000);
  let h: ExternalHarness;

  before(async () => {
    // Beacons every 200 ms: the first test waits for one as the end of the traffic before it.
    h = await startExternalHarness({ instances: 3, settings: testSettings({}, (s) => (s.time.beaconIntervalMs = 200)) });
  });
  after(async () => {
    await h?.close();
  });

  it('three instances answer each time request once and take each chat post once', async () => {
    const tv = await mqtt.connectAsync(h.tcpUrl, { clientId: 'tv-shared', protocolVersion: 5, reconnectPeriod: 0 });
    try {
      const answers = new Map<number, number>();
      const chat: string[] = [];
      tv.on('message', (topic, payload) => {
        if (topic === Topics.timeResponse('tv-shared')) {
          const r = parseTimeResponse(payload);
          if (r.ok) answers.set(r.value.t0, (answers.get(r.value.t0) ?? 0) + 1);
        } else if (topic === Topics.chat('ch1')) {
          const m = parseChatMessage(payload);
          if (m.ok) chat.push(m.value.text);
        }
      });
      await tv.subscribeAsync([Topics.timeResponse('tv-shared'), Topics.chat('ch1')], { qos: 0 });
      for (let t0 = 1; t0 <= 30; t0++) await tv.publishAsync(Topics.timeRequest('tv-shared'), encode({ v: 1, t0 }), { qos: 1 });
      for (const text of ['one', 'two', 'three']) await tv.publishAsync(Topics.chatPost('ch1', 'tv-shared'), encode({ v: 1, text }), { qos: 1 });
      await waitFor(() => answers.size === 30 && chat.length >= 3, 5000, '30 answers and 3 chat lines');
      // Whatever else was coming would come with the next beacon's worth of traffic.
      const beacon = new Promise<void>((resolve) => {
        tv.on('message', (topic) => topic === Topics.time && resolve());
      });
      await tv.subscribeAsync(Topics.time, { qos: 0 });
      await beacon;
      expect([...answers.values()].every((n) => n === 1), `answers per request: ${JSON.stringify([...answers])}`).to.equal(true);
      expect(chat).to.deep.equal(['one', 'two', 'three']);
      expect(h.store.messages.map((m) => m.text)).to.deep.equal(['one', 'two', 'three']);
    } finally {
      await tv.endAsync(true);
    }
  });

  it('refuses to start without the service password, or with a wrong one, with a coded error', async () => {
    const base = testSettings().services;
    const node = (password: string | null) =>
      createServiceNode({
        url: h.tcpUrl,
        settings: { mqtt: { ...base.mqtt, serverPassword: password }, time: base.time, chat: base.chat, reactions: base.reactions },
        now: new FakeLineup(['ch1'], 60_000),
        store: null,
        devices: createDeviceIdentity(randomBytes(32)),
        clock: Date.now,
      }).then(
        (n) => n.close().then(() => 'started'),
        (err: Error & { code?: string }) => err.code,
      );
    expect(await node(null)).to.equal('SS_BROKER_PASSWORD_REQUIRED');
    expect(await node('not-the-password')).to.equal('SS_BROKER_UNREACHABLE');
  });
});
