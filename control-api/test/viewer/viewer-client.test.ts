// The Node viewer client: failing first connect, reconnect backoff while the broker is down.
import { expect } from 'chai';
import { createServer } from 'node:net';
import { ViewerClient } from '../../src/viewer/viewer-client.js';
import { startHarness } from '../broker/harness.js';
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
    const v = new ViewerClient({ url: h.tcpUrl, clientId: 'tv-backoff', channels: ['ch1'], reconnectInitialMs: 40, reconnectMaxMs: 320 });
    try {
      await v.start();
      await v.waitSynced();
      const closes: number[] = [];
      v.on('close', () => closes.push(Date.now()));
      const port = h.tcpPort;
      await h.close();
      v.nowByChannel.clear();
      await new Promise((r) => setTimeout(r, 1500));
      // Delays ~40, 80, 160, 320, 320...: a handful of attempts, not hundreds.
      expect(closes.length).to.be.within(3, 9);
      const gaps = closes.slice(1).map((t, i) => t - (closes[i] ?? t));
      expect(gaps.at(-1) ?? 0).to.be.at.least(200);
      const h2 = await startHarness({ tcpPort: port });
      try {
        await waitFor(() => v.connected, 3000, 'reconnect');
        await v.waitSynced(5000);
        await waitFor(() => v.nowByChannel.has('ch1'), 2000, 'now after reconnect');
      } finally {
        await v.close();
        await h2.close();
      }
    } finally {
      await v.close();
    }
  });
});
