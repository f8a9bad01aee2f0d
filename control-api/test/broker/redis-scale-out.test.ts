// Scale-out: two broker nodes share messages and retained state through a real redis-server
// (Debian package, spawned on a free loopback port in a temp dir). Node B publishes (beacon,
// now-playing); node A only relays. A viewer on A gets B's beacons, now-playing and chat, and a
// retained now-playing set on B before anyone subscribed reaches a late subscriber on A.
import { expect } from 'chai';
import { once } from 'node:events';
import { createBrokerNode, type BrokerNode } from '../../src/broker/broker-node.js';
import { ViewerClient } from '../../src/viewer/viewer-client.js';
import mqtt from 'mqtt';
import { Topics, type ChatMessagePayload, type TimeBeacon } from '#core/protocol.js';
import { FakeLineup, MemoryChatStore, brokerSettings, testSettings, waitFor } from './helpers.js';
import { startRedis } from './redis-server.js';

/** Resolves when a subscriber on that port is handed a retained message on `topic` (bounded polling). */
async function retainedOn(port: number, topic: string, timeoutMs = 5000): Promise<void> {
  const probe = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'probe-retained', username: 'streamsync-server', password: 'test-server-password', reconnectPeriod: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      let poll: ReturnType<typeof setTimeout> | null = null;
      const timer = setTimeout(() => {
        if (poll) clearTimeout(poll);
        reject(new Error(`no retained message on ${topic} within ${timeoutMs} ms`));
      }, timeoutMs);
      probe.on('message', (t, _payload, packet) => {
        if (t !== topic || !packet.retain) return;
        clearTimeout(timer);
        if (poll) clearTimeout(poll);
        resolve();
      });
      // Each subscribe is answered with the retained message if it is stored yet: ask again until it is.
      const ask = () => {
        probe.subscribe(topic, { qos: 0 });
        poll = setTimeout(ask, 50);
      };
      probe.on('connect', ask);
      probe.on('error', reject);
    });
  } finally {
    await new Promise<void>((resolve) => probe.end(true, {}, () => resolve()));
  }
}

describe('broker scale-out over Redis', function () {
  this.timeout(30_000);
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let nodeA: BrokerNode;
  let nodeB: BrokerNode;
  const storeB = new MemoryChatStore();
  const viewers: ViewerClient[] = [];

  before(async () => {
    redis = await startRedis();
    const settings = testSettings({ BROKER_REDIS_URL: redis.url }, (s) => (s.time.beaconIntervalMs = 200));
    nodeB = await createBrokerNode({ settings: brokerSettings(settings), now: new FakeLineup(['ch1'], 60_000), store: storeB, clock: Date.now, id: 'node-b' });
    nodeA = await createBrokerNode({ settings: brokerSettings(settings), now: null, store: null, clock: Date.now, id: 'node-a' });
  });
  after(async () => {
    await Promise.all(viewers.map((v) => v.close()));
    await nodeA?.close();
    await nodeB?.close();
    await redis?.stop();
  });

  it('a late viewer on A sees retained now-playing from B, then beacons and chat through B', async () => {
    const portA = await nodeA.listenTcp({ host: '127.0.0.1', port: 0 });
    const portB = await nodeB.listenTcp({ host: '127.0.0.1', port: 0 });
    // B published now-playing at start, long before this subscriber existed: wait until it is stored
    // (a probe subscribing on A gets it as a retained message), then subscribe the viewer.
    await retainedOn(portA, Topics.channelNow('ch1'));
    const onA = new ViewerClient({ url: `mqtt://127.0.0.1:${portA}`, clientId: 'tv-on-a', channels: ['ch1'] });
    const onB = new ViewerClient({ url: `mqtt://127.0.0.1:${portB}`, clientId: 'tv-on-b', channels: ['ch1'] });
    viewers.push(onA, onB);
    const beacons: TimeBeacon[] = [];
    onA.on('beacon', (b) => beacons.push(b));
    await Promise.all([onA.start(), onB.start()]);
    await waitFor(() => onA.nowByChannel.get('ch1')?.current?.channelId === 'ch1', 5000, 'retained now-playing on A');
    expect(onA.lineupVersion).to.equal(1);
    await waitFor(() => beacons.length >= 2, 5000, 'beacons on A');
    // One beacon source (B): sequence numbers do not repeat.
    expect(new Set(beacons.map((b) => b.seq)).size).to.equal(beacons.length);
    await onA.waitSynced();
    expect(Math.abs(onA.serverNow() - Date.now())).to.be.below(5);

    const got = once(onA, 'chat');
    onB.postChat('ch1', 'across nodes');
    const [msg] = (await got) as [ChatMessagePayload];
    expect(msg.text).to.equal('across nodes');

    // Chat posted through the relay node A is kept in history by B, the node with the store.
    const back = once(onB, 'chat');
    onA.postChat('ch1', 'from the relay');
    await back;
    await waitFor(() => storeB.messages.some((m) => m.text === 'from the relay'), 3000, 'history of relay chat');
    expect(storeB.messages.filter((m) => m.text === 'across nodes')).to.have.length(1); // stored once

    // A fresh retained now-playing set on B (lineup change) reaches A's subscriber too.
    nodeB.publish('ss/v1/channels/ch1/now', { v: 1 as const, ...new FakeLineup(['ch1'], 1000).nowOf('ch1', Date.now()) }, { retain: true });
    await waitFor(() => onA.nowByChannel.get('ch1')?.current?.endMs === (onA.nowByChannel.get('ch1')?.current?.startMs ?? 0) + 1000, 5000, 'updated now on A');
  });
});

describe('viewer counts summed across broker nodes (Redis)', function () {
  this.timeout(30_000);
  const tuning = { viewerCountIntervalMs: 100, nodeCountsRefreshMs: 200, nodeCountsStaleMs: 800 };
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let summing: BrokerNode;
  let relay: BrokerNode;
  let relayClosed = false;
  const viewers: ViewerClient[] = [];

  before(async () => {
    redis = await startRedis();
    const settings = testSettings({ BROKER_REDIS_URL: redis.url }, (s) => (s.time.beaconIntervalMs = 200));
    summing = await createBrokerNode({ settings: brokerSettings(settings), now: new FakeLineup(['ch1'], 60_000), store: null, clock: Date.now, id: 'node-sum', tuning });
    relay = await createBrokerNode({ settings: brokerSettings(settings), now: null, store: null, clock: Date.now, id: 'node-relay', tuning });
  });
  after(async () => {
    await Promise.all(viewers.map((v) => v.close()));
    if (!relayClosed) await relay?.close();
    await summing?.close();
    await redis?.stop();
  });

  it('each node counts its own viewers, the node with the lineup publishes the sum, and a node that stops stops counting', async () => {
    const [portSum, portRelay] = [await summing.listenTcp({ host: '127.0.0.1', port: 0 }), await relay.listenTcp({ host: '127.0.0.1', port: 0 })];
    const watcher = new ViewerClient({ url: `mqtt://127.0.0.1:${portSum}`, clientId: 'tv-sum-1', channels: ['ch1'] });
    const counts: number[] = [];
    watcher.on('viewers', (v) => counts.push(v.count));
    viewers.push(watcher);
    for (const id of ['tv-relay-1', 'tv-relay-2']) viewers.push(new ViewerClient({ url: `mqtt://127.0.0.1:${portRelay}`, clientId: id, channels: ['ch1'] }));
    await Promise.all(viewers.map((v) => v.start()));
    await waitFor(() => counts.at(-1) === 3, 5000, 'a total of 3 (1 + 2 on two nodes)');
    expect(summing.viewerCount('ch1'), 'the summing node').to.equal(3);
    expect(relay.viewerCount('ch1'), "the relay's own").to.equal(2);
    // The relay stops without a word (its last counts stay retained, its viewers are cut off, not
    // unsubscribed): they stop counting once its counts are stale, not before.
    const stoppedAt = Date.now();
    relayClosed = true;
    await relay.close();
    await waitFor(() => counts.at(-1) === 1, 5000, 'the total back to 1');
    expect(Date.now() - stoppedAt, 'dropped as stale (after nodeCountsStaleMs)').to.be.at.least(tuning.nodeCountsStaleMs - tuning.nodeCountsRefreshMs);
  });
});
