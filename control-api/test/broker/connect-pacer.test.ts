// Connection admission: a burst goes at once, the rest wait their turn at the paced rate, too many
// waiting are refused; on real sockets a storm of CONNECTs is admitted over time while a connected
// viewer's time exchange stays fast.
import { expect } from 'chai';
import mqtt from 'mqtt';
import { Topics, encode } from '#core/protocol.js';
import { ConnectPacer } from '../../src/broker/connect-pacer.js';
import { FakeClock } from '../fake-time.js';
import { startHarness } from './harness.js';

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

  it('on real sockets: 150 CONNECTs at once are admitted over time while a connected viewer keeps fast time exchanges', async () => {
    const h = await startHarness({ tuning: { connectRatePerSecond: 60, connectBurst: 10 } });
    const clients: mqtt.MqttClient[] = [];
    try {
      const good = await mqtt.connectAsync(h.tcpUrl, { clientId: 'tv-good', reconnectPeriod: 0 });
      clients.push(good);
      await good.subscribeAsync(Topics.timeResponse('tv-good'));
      const pending = new Map<number, number>();
      const rtts: number[] = [];
      good.on('message', (_topic, payload) => {
        const t0 = (JSON.parse(payload.toString()) as { t0: number }).t0;
        const sent = pending.get(t0);
        if (sent !== undefined) rtts.push(performance.now() - sent);
      });
      let n = 0;
      const exchange = setInterval(() => {
        n += 1;
        pending.set(n, performance.now());
        good.publish(Topics.timeRequest('tv-good'), encode({ v: 1, t0: n }));
      }, 20);
      const startedAt = Date.now();
      const storm = await Promise.all(Array.from({ length: 150 }, (_, i) => mqtt.connectAsync(h.tcpUrl, { clientId: `storm-${i}`, reconnectPeriod: 0, connectTimeout: 20_000 })));
      clients.push(...storm);
      const tookMs = Date.now() - startedAt;
      clearInterval(exchange);
      const sorted = [...rtts].sort((a, b) => a - b);
      const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
      expect(storm.every((c) => c.connected), 'every stormer admitted in the end').to.equal(true);
      // 140 beyond the burst at 60/s: about 2.3 s, not all at once.
      expect(tookMs, 'admission paced (ms)').to.be.within(1_500, 20_000);
      expect(rtts.length, 'exchanges answered during the storm').to.be.above(20);
      expect(p95, "the connected viewer's round trip p95 during the storm (ms)").to.be.below(50);
    } finally {
      for (const c of clients) c.end(true);
      await h.close();
    }
  });
});
