// A broker restart mid-session: viewers reconnect with backoff, resubscribe, re-sync their clock
// and find the retained now-playing and lineup again (the node republishes them at start from the
// lineup, the source of truth; with Redis they also survive in the shared persistence).
import { expect } from 'chai';
import { once } from 'node:events';
import { ViewerClient } from '../../src/viewer/viewer-client.js';
import type { ChatMessagePayload } from '#core/protocol.js';
import { startHarness, type Harness } from './harness.js';
import { FakeLineup, waitFor } from './helpers.js';

describe('broker restart', function () {
  this.timeout(30_000);
  let h: Harness;
  const viewers: ViewerClient[] = [];

  after(async () => {
    await Promise.all(viewers.map((v) => v.close()));
    await h?.close();
  });

  it('viewers reconnect, resubscribe, re-sync and keep retained state', async () => {
    const lineup = new FakeLineup(['ch1'], 60_000);
    h = await startHarness({ lineup });
    const { tcpPort, httpPort } = h;
    for (const url of [h.tcpUrl, h.wsUrl]) {
      const v = new ViewerClient({ url, clientId: `tv-${viewers.length}`, channels: ['ch1'], reconnectInitialMs: 50, reconnectMaxMs: 400 });
      viewers.push(v);
      await v.start();
      await v.waitSynced();
    }
    for (const v of viewers) expect(v.nowByChannel.get('ch1')?.channel.id).to.equal('ch1');

    const closes = viewers.map(() => 0);
    viewers.forEach((v, i) => v.on('close', () => (closes[i] = (closes[i] ?? 0) + 1)));
    await h.close();
    // Down for a while: several reconnect attempts fail and back off (the lost connection, then two failed attempts each).
    await waitFor(() => closes.every((n) => n >= 3), 10_000, 'failed reconnect attempts');
    for (const v of viewers) {
      v.nowByChannel.clear();
      v.lineupVersion = null;
      expect(v.connected).to.equal(false);
    }
    const burstsBefore = viewers.map((v) => v.clock.counters().bursts);

    h = await startHarness({ lineup, tcpPort, httpPort });
    await waitFor(() => viewers.every((v) => v.connected && v.connects === 2), 5000, 'reconnection');
    // A reconnect starts a fresh burst; the old estimate may still read "synced", so wait for the burst itself.
    await waitFor(() => viewers.every((v, i) => v.clock.counters().bursts > (burstsBefore[i] ?? 0)), 5000, 're-sync burst');
    await Promise.all(viewers.map((v) => v.waitSynced(5000)));
    await waitFor(() => viewers.every((v) => v.nowByChannel.get('ch1')?.current?.channelId === 'ch1' && v.lineupVersion === 1), 3000, 'retained state');

    // Live traffic flows again over the re-made subscriptions.
    const [a, b] = viewers as [ViewerClient, ViewerClient];
    const got = once(b, 'chat');
    a.postChat('ch1', 'back again');
    const [msg] = (await got) as [ChatMessagePayload];
    expect(msg.text).to.equal('back again');
  });
});
