// Connection admission: a burst goes at once, the rest wait their turn at the paced rate, too many
// waiting are refused; on real sockets a storm of CONNECTs is admitted over time while a connected
// viewer's time exchange stays fast.
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import type mqtt from 'mqtt';
import { ConnectPacer } from '../../src/broker/connect-pacer.js';
import { FakeClock } from '../fake-time.js';
import { startHarness } from './harness.js';
import { exchangeProbe } from './helpers.js';
import { BROKER_DEFAULTS } from '../../src/broker/defaults.js';

const STORM = 1000; // connections opened at once (the storm that pushed round trips to 324-585 ms)

/** Opens a socket, sends an MQTT 3.1.1 CONNECT (clean session) and resolves with the CONNACK's return code. */
function rawConnect(port: number, clientId: string, sockets: Socket[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    sockets.push(sock);
    const id = Buffer.from(clientId);
    const body = Buffer.concat([Buffer.from([0, 4]), Buffer.from('MQTT'), Buffer.from([4, 2, 0, 60, 0, id.length]), id]);
    sock.once('connect', () => sock.write(Buffer.concat([Buffer.from([0x10, body.length]), body])));
    let got = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 4) resolve(got[0] === 0x20 ? (got[3] ?? -1) : -1);
    });
    sock.once('error', reject);
    sock.once('close', () => resolve(-1));
  });
}

describe('broker/connect-pacer: paced admission of new connections', function () {
  this.timeout(30_000);

  it('admits a burst at once, then one per 1/rate seconds in arrival order, refusing beyond the queue', () => {
    const clock = new FakeClock();
    const pacer = new ConnectPacer({ ratePerSecond: 10, burst: 3, maxWaiting: 4, clock: clock.now, timers: clock });
    const seen: string[] = [];
    const start = clock.t;
    for (let i = 0; i < 8; i++) pacer.admit((ok) => seen.push(`${i}:${ok ? 'in' : 'out'}@${clock.t - start}`));
    // 3 at once, 4 queued, 1 refused at once.
    expect(seen).to.deep.equal(['0:in@0', '1:in@0', '2:in@0', '7:out@0']);
    expect(pacer.queued).to.equal(4);
    clock.advance(100);
    expect(seen.slice(4)).to.deep.equal(['3:in@100']);
    clock.advance(300);
    expect(seen.slice(5)).to.deep.equal(['4:in@200', '5:in@300', '6:in@400']);
    expect(pacer.queued).to.equal(0);
    pacer.admit((ok) => seen.push(`late:${ok}`));
    expect(pacer.queued, 'the bucket is empty: the next one waits').to.equal(1);
    pacer.stop();
    expect(seen.at(-1), 'stop refuses what waits').to.equal('late:false');
  });

  it('on real sockets, at the default tuning: 1,000 CONNECTs at once are all admitted over time while a connected viewer keeps fast time exchanges', async () => {
    const h = await startHarness({});
    const sockets: Socket[] = [];
    let probeClient: mqtt.MqttClient | null = null;
    try {
      const probe = await exchangeProbe(h.tcpUrl, 'tv-good');
      probeClient = probe.client;
      probe.start();
      // Raw sockets: a stormer costs this process one write, so the probe measures the broker alone.
      const startedAt = Date.now();
      const admitted = await Promise.all(Array.from({ length: STORM }, (_, i) => rawConnect(h.tcpPort, `storm-${i}`, sockets)));
      const tookMs = Date.now() - startedAt;
      const { rtts, p95 } = probe.stop();
      expect(admitted.filter((code) => code === 0).length, 'every stormer admitted (CONNACK 0) in the end').to.equal(STORM);
      // 800 beyond the burst at 200/s: about 4 s, not all at once.
      const paced = ((STORM - BROKER_DEFAULTS.connectBurst) / BROKER_DEFAULTS.connectRatePerSecond) * 1000;
      expect(tookMs, 'admission paced (ms)').to.be.within(paced * 0.75, 30_000);
      expect(rtts.length, 'exchanges answered during the storm').to.be.above(50);
      expect(p95, "the connected viewer's round trip p95 during the storm (ms)").to.be.below(50);
    } finally {
      probeClient?.end(true);
      for (const s of sockets) s.destroy();
      await h.close();
    }
  });
});
