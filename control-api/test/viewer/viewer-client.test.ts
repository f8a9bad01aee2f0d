// The Node viewer client: failing first connect, reconnect backoff while the broker is down (its
// timers on a fake clock, so the attempts are counted exactly).
import { expect } from 'chai';
import { createServer } from 'node:net';
import { ViewerClient } from '../../src/viewer/viewer-client.js';
import { once } from 'node:events';
import { startHarness, type Harness } from '../broker/harness.js';
import { FakeClock } from '../fake-time.js';
import { waitFor } from '../broker/helpers.js';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

describe('viewer/ViewerClient', function () {
  this.timeout(15_000);

  it('rejects start() when nothing listens', async () => {
    const v = new ViewerClient({ url: `mqtt://127.0.0.1:${await closedPort()}`, clientId: 'tv-x', reconnectInitialMs: 60_000 });
    let error: unknown = null;
    await v.start().catch((e: unknown) => (error = e));
    await v.close();
    expect(String(error)).to.contain('could not connect');
  });

  it('backs off between reconnect attempts (doubling, capped) and recovers', async () => {
    const h = await startHarness();
    // The viewer's timers and local clock are fake: attempts happen only when the test moves time,
    // whatever the machine's load. The broker and the sockets are real.
    const clock = new FakeClock();
    const v = new ViewerClient({
      url: h.tcpUrl,
      clientId: 'tv-backoff',
      channels: ['ch1'],
      reconnectInitialMs: 40,
      reconnectMaxMs: 320,
      timers: clock,
      localNow: clock.now,
      clock: { timeoutMs: 600_000, maxRttMs: 600_000 }, // replies come in real time, however fast fake time runs
    });
    const synced = () => {
      const e = v.estimate();
      return e.state === 'synced' && !e.bursting;
    };
    let h2: Harness | null = null;
    try {
      await v.start();
      await clock.runUntil(synced, { stepMs: 20, realTimeoutMs: 10_000, what: 'first sync' });
      let closes = 0;
      v.on('close', () => closes++);
      const port = h.tcpPort;
      const lost = once(v, 'close');
      await h.close();
      await lost;
      v.nowByChannel.clear();
      // Each lost connection arms exactly one reconnect timer, its delay twice the last (+-25 %
      // jitter) up to the cap: a handful of attempts, not hundreds.
      const delays: number[] = [];
      for (const base of [40, 80, 160, 320, 320, 320]) {
        const pending = clock.pendingDelays();
        expect(pending, `one timer armed after ${closes} closes`).to.have.length(1);
        const delay = pending[0] ?? 0;
        expect(delay, `delay for base ${base}`).to.be.within(base * 0.75, base * 1.25);
        delays.push(delay);
        const failed = once(v, 'close');
        clock.advance(delay - 1);
        expect(closes, 'no attempt before the delay is over').to.equal(delays.length);
        clock.advance(1);
        await failed; // the attempt reached the closed port and failed
      }
      expect(closes).to.equal(1 + delays.length);
      expect(v.connected).to.equal(false);

      h2 = await startHarness({ tcpPort: port });
      const back = once(v, 'connect');
      clock.advance(clock.nextDueIn() ?? 0);
      await back;
      expect(v.connects).to.equal(2);
      const burstsBefore = v.clock.counters().bursts;
      await clock.runUntil(() => v.clock.counters().bursts > burstsBefore && synced(), { stepMs: 20, realTimeoutMs: 10_000, what: 're-sync after reconnect' });
      await waitFor(() => v.nowByChannel.has('ch1'), 5000, 'now after reconnect');
      expect(clock.pendingDelays().length, 'only the clock pump is armed once connected').to.equal(1);
    } finally {
      await v.close();
      await h2?.close();
      await h.close();
    }
  });
});
