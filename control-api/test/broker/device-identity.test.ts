// Device identity at the broker, over real sockets: a client id shaped like a device id is that
// device's alone. Regression: a viewer whose client id was published in chat could be taken over (MQTT
// disconnects the first connection of a client id) and impersonated in chat; the two kicked each other
// on every reconnect. Chat shows opaque names, and limits count per device or per source address.
import { expect } from 'chai';
import { once } from 'node:events';
import mqtt from 'mqtt';
import { Topics, type ChatMessagePayload, type ControlSync } from '#core/protocol.js';
import { ViewerClient } from '../../src/viewer/viewer-client.js';
import type { IssuedDevice } from '../../src/services/devices/device-identity.js';
import { captureLogger } from '../../src/logging/capture-logger.js';
import { startHarness, type Harness } from './harness.js';
import { FakeClock } from '../fake-time.js';
import { judged, testSettings, waitFor } from './helpers.js';

describe('broker device identity (client-id takeover)', function () {
  this.timeout(20_000);
  let h: Harness;
  const viewers: ViewerClient[] = [];
  const raw: mqtt.MqttClient[] = [];

  afterEach(async () => {
    for (const c of raw.splice(0)) c.end(true);
    await Promise.all(viewers.splice(0).map((v) => v.close()));
    await h?.close();
  });

  const viewer = async (options: { clientId: string; url?: string; device?: IssuedDevice }): Promise<ViewerClient> => {
    const v = new ViewerClient({
      url: options.url ?? h.tcpUrl,
      clientId: options.clientId,
      channels: ['ch1'],
      reconnectInitialMs: 60_000,
      ...(options.device ? { username: options.device.id, token: options.device.token } : {}),
    });
    viewers.push(v);
    await v.start();
    return v;
  };

  /** A plain mqtt.js CONNECT: resolves with the CONNACK refusal code, or 0 when admitted. */
  const tryConnect = async (options: mqtt.IClientOptions): Promise<number> => {
    try {
      const c = await mqtt.connectAsync(h.tcpUrl, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
      raw.push(c);
      return 0;
    } catch (err) {
      return (err as { code?: number }).code ?? -1;
    }
  };

  it("refuses a connection that reuses a device's client id without its token; the device stays connected and alone in its name", async () => {
    const log = captureLogger('info');
    h = await startHarness({ logger: log.logger });
    const device = h.devices.issue();
    const victimId = `${device.id}-0a1b2c`;
    const victim = await viewer({ clientId: victimId, device });
    let closes = 0;
    victim.on('close', () => closes++);

    expect(await tryConnect({ clientId: victimId }), 'anonymous takeover').to.equal(4);
    expect(await tryConnect({ clientId: victimId, username: device.id, password: 'not-the-token' }), 'wrong token').to.equal(4);
    expect(await tryConnect({ clientId: victimId, username: 'viewer', password: device.token }), 'token under another username').to.equal(4);
    const other = h.devices.issue();
    expect(await tryConnect({ clientId: victimId, username: other.id, password: other.token }), "another device's credentials").to.equal(4);
    expect(await tryConnect({ clientId: device.id }), 'the bare device id').to.equal(4);
    expect(await tryConnect({ clientId: `${device.id}-not-hex` }), 'a look-alike').to.equal(4);
    const refused = log.records.filter((r) => r.code === 'SS_MQTT_DEVICE_REFUSED');
    expect(refused.length, 'one info line per refusal').to.equal(6);
    expect(refused.every((r) => r.level === 'info')).to.equal(true);

    // Still connected and served: a message published after the attempts reaches it, nothing closed it.
    const sync = once(victim, 'sync') as Promise<[ControlSync]>;
    h.app.broker.publishSync('ch1');
    await sync;
    expect(victim.connected).to.equal(true);
    expect(closes).to.equal(0);

    // Chat carries the device's opaque name and no id; an anonymous poster cannot show as the device.
    const attacker = await viewer({ clientId: 'tv-attacker' });
    const seen: ChatMessagePayload[] = [];
    victim.on('chat', (m) => seen.push(m));
    victim.postChat('ch1', 'from the device');
    attacker.postChat('ch1', 'from the attacker');
    await waitFor(() => seen.length === 2, 5000, 'both chat lines');
    const byText = new Map(seen.map((m) => [m.text, m]));
    expect(byText.get('from the device')?.from).to.equal(h.devices.nameOf(device.id)).and.match(/^Viewer [0-9A-F]{4}$/);
    expect(byText.get('from the attacker')?.from).to.not.equal(h.devices.nameOf(device.id));
    for (const m of seen) {
      expect(m).to.not.have.property('clientId');
      expect(JSON.stringify(m)).to.not.include(device.id).and.not.include('tv-attacker');
    }
    expect(JSON.stringify(h.store.messages)).to.not.include(device.id);
    expect(closes).to.equal(0);
  });

  it("admits a device's second tab (same device, another suffix, same credentials); its tabs share one chat limit", async () => {
    const clock = new FakeClock();
    h = await startHarness({ clock: clock.now, settings: testSettings({}, (s) => (s.chat.minIntervalMs = 1000)) });
    const device = h.devices.issue();
    const first = await viewer({ clientId: `${device.id}-aaaaaa`, device });
    const second = await viewer({ clientId: `${device.id}-bbbbbb`, url: h.wsUrl, device });
    expect(first.connected && second.connected).to.equal(true);
    const seen: ChatMessagePayload[] = [];
    first.on('chat', (m) => seen.push(m));
    first.postChat('ch1', 'tab one');
    await judged(first);
    second.postChat('ch1', 'tab two'); // the device's interval is not over
    await judged(second);
    clock.advance(1000);
    second.postChat('ch1', 'tab two later');
    await waitFor(() => seen.some((m) => m.text === 'tab two later'), 5000, 'the chat after the interval');
    expect(seen.map((m) => m.text)).to.deep.equal(['tab one', 'tab two later']);
    expect(new Set(seen.map((m) => m.from)).size, 'one name for the device').to.equal(1);
    expect(first.connected && second.connected, 'neither tab took over the other').to.equal(true);
  });

  it('anonymous reconnects with fresh client ids from one address (TCP and WebSocket) share one chat limit', async () => {
    const clock = new FakeClock();
    h = await startHarness({ clock: clock.now, settings: testSettings({}, (s) => (s.chat.minIntervalMs = 1000)) });
    const device = h.devices.issue();
    const watcher = await viewer({ clientId: `${device.id}-cccccc`, device }); // a device: a limit of its own
    const seen: ChatMessagePayload[] = [];
    watcher.on('chat', (m) => seen.push(m));
    for (let i = 0; i < 6; i++) {
      const v = await viewer({ clientId: `tv-fresh-${i}`, url: i % 2 === 0 ? h.tcpUrl : h.wsUrl });
      v.postChat('ch1', `fresh ${i}`);
      await judged(v);
      await v.close();
    }
    watcher.postChat('ch1', 'the device is not limited by them');
    clock.advance(1000);
    const last = await viewer({ clientId: 'tv-fresh-last', url: h.wsUrl });
    last.postChat('ch1', 'after the interval');
    await waitFor(() => seen.some((m) => m.text === 'after the interval'), 5000, 'the chat after the interval');
    expect(seen.map((m) => m.text)).to.deep.equal(['fresh 0', 'the device is not limited by them', 'after the interval']);
  });

  it('keeps server publishers and anonymous viewers as they were (no device id, no token needed)', async () => {
    h = await startHarness({});
    expect(await tryConnect({ clientId: 'tv-anonymous' })).to.equal(0);
    expect(await tryConnect({ clientId: 'pub-x', username: h.settings.services.mqtt.serverUsername, password: h.app.broker.serverPassword })).to.equal(0);
    expect(await tryConnect({ clientId: 'pub-y', username: h.settings.services.mqtt.serverUsername, password: 'nope' })).to.equal(4);
    expect(await tryConnect({ clientId: 'ss/v1/#' })).to.equal(2);
  });
});
