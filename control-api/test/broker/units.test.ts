// Broker parts without sockets: chat hygiene, limiters, the hand-made MQTT frame, and every timer
// (reaction windows, the beacon, viewer counts, the now-publisher's boundaries) on a fake clock.
import { expect } from 'chai';
import { sanitizeChatText } from '../../src/broker/chat-sanitize.js';
import { MinInterval, TokenBucket } from '../../src/broker/rate-limit.js';
import { encodePublishFrame } from '../../src/broker/mqtt-wire.js';
import { ReactionAggregator } from '../../src/broker/reactions.js';
import { NowPublisher } from '../../src/broker/now-publisher.js';
import type { Publisher } from '../../src/broker/publisher.js';
import { topicMatches } from '../../src/broker/local-fanout.js';
import { TimeBeaconService } from '../../src/broker/time-beacon.js';
import { ViewerCounts } from '../../src/broker/viewer-counts.js';
import { CountSummer } from '../../src/broker/count-summer.js';
import { Topics } from '#core/protocol.js';
import { FakeClock, settle } from '../fake-time.js';
import { HOUR, T0, makeAsset } from '../store/builders.js';
import { TempDirs } from '../store/temp-dirs.js';
import { EmbeddedStore } from '../../src/store/embedded-store.js';
import { LineupService } from '../../src/services/lineup/index.js';
import { silentLogger } from '../../src/contracts/logger.js';
import { FakeLineup } from './helpers.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { ClockEstimator } from '#core/sync/clock-estimator.js';

class RecordingPublisher implements Publisher {
  readonly sent: { topic: string; payload: unknown; retain: boolean; at: number }[] = [];
  constructor(private readonly clock: () => number) {}
  publish<T extends { v: 1 }>(topic: string, payload: T | null, options: { retain?: boolean } = {}): void {
    this.sent.push({ topic, payload, retain: options.retain ?? false, at: this.clock() });
  }
}

describe('broker units', () => {
  describe('sanitizeChatText', () => {
    const clean = (s: string, maxLength = 200) => sanitizeChatText(s, { maxLength });
    it('strips control characters, HTML and extra whitespace', () => {
      expect(clean('  hi\u0000\u0007 there\n\n<script>alert(1)</script> <b>bold</b>  ')).to.deep.equal({ ok: true, text: 'hi there alert(1) bold' });
      expect(clean('a\u202Eb\u200Bc')).to.deep.equal({ ok: true, text: 'a b c' });
      expect(clean('1 < 2 > 0')).to.deep.equal({ ok: true, text: '1 2 0' });
      expect(clean('bad \uD800 surrogate')).to.deep.equal({ ok: true, text: 'bad \uFFFD surrogate' });
      expect(clean('emoji 👍 kept')).to.deep.equal({ ok: true, text: 'emoji 👍 kept' });
    });
    it('refuses empty and too long text (counting code points)', () => {
      expect(clean(' \u0001 <br> ')).to.deep.equal({ ok: false, code: 'SS_CHAT_EMPTY' });
      expect(clean('abcd', 3)).to.deep.equal({ ok: false, code: 'SS_CHAT_TOO_LONG' });
      expect(clean('👍👍👍', 3).ok).to.equal(true);
    });
  });

  it('matches MQTT topic filters like the broker does', () => {
    expect(topicMatches('ss/v1/time', 'ss/v1/time')).to.equal(true);
    expect(topicMatches('ss/v1/#', 'ss/v1/time')).to.equal(true);
    expect(topicMatches('ss/#', 'ss')).to.equal(true);
    expect(topicMatches('ss/v1/channels/+/chat', 'ss/v1/channels/c1/chat')).to.equal(true);
    expect(topicMatches('ss/v1/channels/+/chat', 'ss/v1/channels/c1/chat/post')).to.equal(false);
    expect(topicMatches('ss/v1/channels/+', 'ss/v1/channels/c1/chat')).to.equal(false);
    expect(topicMatches('#', '$SYS/x')).to.equal(false);
    expect(topicMatches('+/x', '$SYS/x')).to.equal(false);
    expect(topicMatches('ss/v1/time', 'ss/v1/time/res/a')).to.equal(false);
  });

  it('TokenBucket allows a burst then the refill rate', () => {
    const b = new TokenBucket(10, 3, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).to.deep.equal([true, true, true, false]);
    expect(b.take(50)).to.equal(false);
    expect(b.take(100)).to.equal(true);
  });

  it('MinInterval spaces events per key', () => {
    const m = new MinInterval(1000);
    expect([m.allow('a', 0), m.allow('a', 999), m.allow('b', 999), m.allow('a', 1000)]).to.deep.equal([true, false, true, true]);
  });

  it('MinInterval keeps keys for their interval only, pruning old ones past its bound', () => {
    const m = new MinInterval(1000, 3);
    for (const [k, t] of [['a', 0], ['b', 100], ['c', 1500], ['d', 1600]] as const) m.allow(k, t);
    // At 1600, a and b are over their interval: pruned; c and d kept.
    expect(m.size).to.equal(2);
    expect([m.allow('c', 1700), m.allow('a', 1700)]).to.deep.equal([false, true]);
  });

  it('encodes a QoS 0 PUBLISH frame, including multi-byte lengths', () => {
    const f = encodePublishFrame('a/b', 'xy');
    expect([...f]).to.deep.equal([0x30, 7, 0, 3, 0x61, 0x2f, 0x62, 0x78, 0x79]);
    const big = encodePublishFrame('t', 'z'.repeat(200));
    expect(big[1]).to.equal((203 % 128) | 0x80);
    expect(big[2]).to.equal(1);
    expect(big.length).to.equal(3 + 203);
  });

  it('aggregates reactions per channel per window into one message', () => {
    const clock = new FakeClock(T0 + 7);
    const pub = new RecordingPublisher(clock.now);
    const agg = new ReactionAggregator({ publisher: pub, clock: clock.now, timers: clock, ids: ['like', 'wow'], windowMs: 100, perClientPerWindow: 2 });
    expect(agg.add('c1', 'a', 'like')).to.equal(true);
    expect(agg.add('c1', 'a', 'like')).to.equal(true);
    expect(agg.add('c1', 'a', 'like')).to.equal(false); // over the client's share
    expect(agg.add('c1', 'b', 'wow')).to.equal(true);
    expect(agg.add('c1', 'b', 'boo')).to.equal(false); // not a configured id
    expect(agg.add('c2', 'b', 'wow')).to.equal(true);
    clock.advance(99);
    expect(pub.sent, 'nothing before the window closes').to.have.length(0);
    clock.advance(1);
    expect(pub.sent, 'two windows').to.have.length(2);
    const c1 = pub.sent.find((s) => s.topic === 'ss/v1/channels/c1/reactions');
    expect(c1?.payload).to.deep.equal({ v: 1, channelId: 'c1', windowStartMs: T0 + 7, windowMs: 100, counts: { like: 2, wow: 1 } });
    expect(c1?.at).to.equal(T0 + 107);
    // A new window starts with the next reaction, with fresh shares.
    expect(agg.add('c1', 'a', 'like')).to.equal(true);
    agg.stop();
    expect(clock.pendingCount, 'stopped: no timers left').to.equal(0);
  });

  describe('steady-state cost per viewer (the project settings, nothing happening)', () => {
    it('is at most 0.1 messages a second: the beacon it receives, and its clock refreshes once locked (request and reply)', () => {
      const settings = loadSettings(new URL('../../../settings.json', import.meta.url).pathname, {});
      const hour = 3_600_000;
      const clock = new FakeClock(T0);
      const pub = new RecordingPublisher(clock.now);
      const beacon = new TimeBeaconService({ publisher: pub, clock: clock.now, timers: clock, intervalMs: settings.services.time.beaconIntervalMs, lineupVersion: () => 1 });
      beacon.start();
      clock.advance(hour);
      beacon.stop();
      const beaconsPerHour = pub.sent.filter((m) => m.topic === Topics.time).length;

      // A viewer's clock with the TV's defaults on a steady loopback link: 20 minutes to lock, then an hour.
      const estimator = new ClockEstimator();
      let now = 0;
      let sent = 0;
      const runUntil = (end: number) => {
        for (let due = estimator.nextRequestDueAt(now); due <= end; due = estimator.nextRequestDueAt(now)) {
          now = Math.max(now, due);
          estimator.onRequestSent(now);
          sent++;
          estimator.onResponse({ t0: now, t1: now + 0.5, t2: now + 0.55 }, now + 1.05);
        }
        now = end;
      };
      runUntil(20 * 60_000);
      const sentBefore = sent;
      runUntil(20 * 60_000 + hour);
      const exchangesPerHour = sent - sentBefore;
      const perSecond = (beaconsPerHour + 2 * exchangesPerHour) / 3_600;
      expect(beaconsPerHour, 'beacons an hour').to.be.at.least(1);
      expect(perSecond, `messages a second per viewer (${beaconsPerHour} beacons, ${exchangesPerHour} exchanges an hour)`).to.be.at.most(0.1);
    });
  });

  describe('TimeBeaconService', () => {
    it('publishes at start, then on whole multiples of the interval with increasing seq', () => {
      const clock = new FakeClock(T0 + 300);
      const pub = new RecordingPublisher(clock.now);
      let version = 3;
      const beacon = new TimeBeaconService({ publisher: pub, clock: clock.now, timers: clock, intervalMs: 1000, lineupVersion: () => version });
      beacon.start();
      clock.advance(699);
      version = 4;
      clock.advance(1);
      clock.advance(1000);
      expect(pub.sent.map((s) => [s.topic, s.retain])).to.deep.equal([
        [Topics.time, false],
        [Topics.time, false],
        [Topics.time, false],
      ]);
      expect(pub.sent.map((s) => s.payload)).to.deep.equal([
        { v: 1, serverTimeMs: T0 + 300, seq: 0, lineupVersion: 3 },
        { v: 1, serverTimeMs: T0 + 1000, seq: 1, lineupVersion: 4 },
        { v: 1, serverTimeMs: T0 + 2000, seq: 2, lineupVersion: 4 },
      ]);
      beacon.stop();
      expect(clock.pendingCount, 'stopped: no timers left').to.equal(0);
    });

    it('skips a multiple closer than half an interval (no two beacons in a burst)', () => {
      const clock = new FakeClock(T0 + 600);
      const pub = new RecordingPublisher(clock.now);
      const beacon = new TimeBeaconService({ publisher: pub, clock: clock.now, timers: clock, intervalMs: 1000, lineupVersion: () => 1 });
      beacon.start();
      expect(clock.pendingDelays()).to.deep.equal([1400]);
      clock.advance(1400);
      expect(pub.sent.map((s) => (s.payload as { serverTimeMs: number }).serverTimeMs)).to.deep.equal([T0 + 600, T0 + 2000]);
      beacon.stop();
    });
  });

  describe('ViewerCounts', () => {
    it("publishes a channel's count retained at most once per interval, after changes", () => {
      const clock = new FakeClock();
      const pub = new RecordingPublisher(clock.now);
      const counts = new ViewerCounts({ publisher: pub, clock: clock.now, timers: clock, intervalMs: 1000 });
      counts.subscribed('a', Topics.channelNow('c1'));
      counts.subscribed('b', Topics.channelNow('c1'));
      counts.subscribed('b', Topics.channelNow('c1')); // the same viewer again
      counts.subscribed('a', Topics.chat('c1')); // not a now-playing subscription
      expect(counts.count('c1')).to.equal(2);
      clock.advance(999);
      expect(pub.sent).to.have.length(0);
      clock.advance(1);
      expect(pub.sent).to.deep.equal([
        { topic: Topics.viewers('c1'), payload: { v: 1, channelId: 'c1', count: 2, serverTimeMs: T0 + 1000 }, retain: true, at: T0 + 1000 },
      ]);
      clock.advance(5000);
      expect(pub.sent, 'nothing changed: nothing published').to.have.length(1);
      counts.disconnected('a');
      counts.unsubscribed('b', Topics.channelNow('c1'));
      clock.advance(1000);
      expect(pub.sent.slice(1).map((s) => s.payload)).to.deep.equal([{ v: 1, channelId: 'c1', count: 0, serverTimeMs: T0 + 7000 }]);
      counts.subscribed('c', Topics.channelNow('c1'));
      counts.stop();
      expect(clock.pendingCount, 'stopped: no timers left').to.equal(0);
    });
  });

  describe('ViewerCounts on a cluster node, and the CountSummer', () => {
    it("a node publishes all its counts on its own topic, again every refresh; the summer publishes each channel's total and drops a silent node", () => {
      const clock = new FakeClock();
      const pub = new RecordingPublisher(clock.now);
      const nodeA = new ViewerCounts({ publisher: pub, clock: clock.now, timers: clock, intervalMs: 1000, node: { id: 'node-a', refreshMs: 10_000 } });
      nodeA.start();
      nodeA.subscribed('a1', Topics.channelNow('c1'));
      nodeA.subscribed('a2', Topics.channelNow('c1'));
      nodeA.subscribed('a3', Topics.channelNow('c2'));
      clock.advance(1000);
      const nodeMessages = () => pub.sent.filter((m) => m.topic === Topics.nodeViewers('node-a'));
      expect(nodeMessages().map((m) => [m.payload, m.retain]).at(-1)).to.deep.equal([{ v: 1, nodeId: 'node-a', counts: { c1: 2, c2: 1 }, serverTimeMs: T0 + 1000 }, true]);
      expect(pub.sent.some((m) => m.topic === Topics.viewers('c1')), 'a node does not publish totals').to.equal(false);
      const before = nodeMessages().length;
      clock.advance(10_000);
      expect(nodeMessages().length, 'republished unchanged, as its sign of life').to.equal(before + 1);
      nodeA.stop();

      const totals = new RecordingPublisher(clock.now);
      const summer = new CountSummer({ publisher: totals, clock: clock.now, timers: clock, intervalMs: 1000, staleMs: 30_000 });
      summer.start();
      summer.accept({ v: 1, nodeId: 'node-a', counts: { c1: 2, c2: 1 }, serverTimeMs: 0 });
      summer.accept({ v: 1, nodeId: 'node-b', counts: { c1: 5 }, serverTimeMs: 0 });
      expect(summer.total('c1')).to.equal(7);
      clock.advance(1000);
      const latest = (channelId: string) => totals.sent.filter((m) => m.topic === Topics.viewers(channelId)).at(-1)?.payload as { count: number } | undefined;
      expect([latest('c1')?.count, latest('c2')?.count]).to.deep.equal([7, 1]);
      const published = totals.sent.length;
      summer.accept({ v: 1, nodeId: 'node-b', counts: { c1: 5 }, serverTimeMs: 0 }); // unchanged
      clock.advance(1000);
      expect(totals.sent.length, 'unchanged totals are not republished').to.equal(published);
      // node-a keeps reporting, node-b goes silent: within 1.5 staleMs (a sweep every staleMs / 2) its viewers no longer count.
      for (let i = 0; i < 5; i++) {
        clock.advance(10_000);
        summer.accept({ v: 1, nodeId: 'node-a', counts: { c1: 2, c2: 1 }, serverTimeMs: 0 });
      }
      clock.advance(1000);
      expect([summer.total('c1'), latest('c1')?.count]).to.deep.equal([2, 2]);
      summer.forget('c2');
      expect(totals.sent.at(-1)).to.include({ topic: Topics.viewers('c2'), payload: null, retain: true });
      summer.stop();
      expect(clock.pendingCount, 'stopped: no timers left').to.equal(0);
    });
  });

  describe('NowPublisher', () => {
    it('publishes retained lineup and now at start, and again exactly at each boundary', async () => {
      const lineup = new FakeLineup(['c1', 'c2'], 250);
      const clock = new FakeClock(T0 + 10);
      const pub = new RecordingPublisher(clock.now);
      const np = new NowPublisher({ source: lineup, publisher: pub, clock: clock.now, timers: clock });
      await np.start();
      expect(pub.sent.map((s) => [s.topic, s.retain])).to.deep.equal([
        ['ss/v1/lineup', true],
        ['ss/v1/channels/c1/now', true],
        ['ss/v1/channels/c2/now', true],
      ]);
      await clock.tickAsync(239);
      expect(pub.sent, 'nothing before the first boundary').to.have.length(3);
      await clock.tickAsync(1 + 250); // two boundaries
      expect(pub.sent).to.have.length(7);
      np.stop();
      expect(lineup.nowAllCalls, 'boundaries ask for their own channel, not the whole lineup').to.equal(1);
      const boundaryPubs = pub.sent.slice(3).filter((s) => s.topic === 'ss/v1/channels/c1/now');
      expect(boundaryPubs.map((s) => (s.payload as { current: { startMs: number } }).current.startMs)).to.deep.equal([T0 + 250, T0 + 500]);
      for (const s of boundaryPubs) {
        const now = s.payload as { serverTimeMs: number; current: { startMs: number } };
        expect(now.serverTimeMs - now.current.startMs).to.equal(0); // computed at the boundary itself
        expect(s.at - now.current.startMs).to.equal(0); // published right at it
      }
      expect(clock.pendingCount, 'stopped: no timers left').to.equal(0);
      const count = pub.sent.length;
      await clock.tickAsync(1000);
      expect(pub.sent.length).to.equal(count);
    });

    it('cuts a wait longer than maxTimerMs into pieces and still lands on the boundary', async () => {
      const lineup = new FakeLineup(['c1'], 1000);
      const clock = new FakeClock(T0 + 10);
      const pub = new RecordingPublisher(clock.now);
      const np = new NowPublisher({ source: lineup, publisher: pub, clock: clock.now, timers: clock, maxTimerMs: 300 });
      await np.start();
      expect(clock.pendingDelays()).to.deep.equal([300]);
      await clock.tickAsync(989);
      expect(pub.sent, 'woken early three times, published nothing').to.have.length(2);
      await clock.tickAsync(1);
      expect(pub.sent).to.have.length(3);
      expect(pub.sent[2]?.payload).to.deep.include({ serverTimeMs: T0 + 1000 });
      expect(pub.sent[2]?.at).to.equal(T0 + 1000);
      np.stop();
    });

    it('republishes on a lineup change and clears channels that are gone', async () => {
      const lineup = new FakeLineup(['c1', 'c2'], 3_600_000);
      const clock = new FakeClock(T0 + 10);
      const pub = new RecordingPublisher(clock.now);
      const np = new NowPublisher({ source: lineup, publisher: pub, clock: clock.now, timers: clock });
      await np.start();
      pub.sent.length = 0;
      lineup.change(['c1']);
      await settle(); // the refresh runs on promise jobs only (the fake lineup answers at once)
      np.stop();
      expect(pub.sent.map((s) => s.topic)).to.deep.equal(['ss/v1/lineup', 'ss/v1/channels/c1/now', 'ss/v1/channels/c2/now']);
      expect(pub.sent[0]).to.deep.include({ topic: 'ss/v1/lineup', payload: { v: 1, version: 2 } });
      expect(pub.sent.find((s) => s.topic === 'ss/v1/channels/c2/now')).to.deep.include({ payload: null, retain: true });
      expect(np.hasChannel('c2')).to.equal(false);
      expect(np.hasChannel('c1')).to.equal(true);
      expect(np.programAt('c1', clock.now()).programId).to.match(/^c1-p/);
    });

    it("the retained now carries the airing's rating, republished when its asset is rated", async () => {
      const temp = new TempDirs();
      const store = await EmbeddedStore.open({ dataDir: await temp.make(), logger: silentLogger() });
      const clock = new FakeClock(T0 + 10);
      try {
        const lineup = new LineupService({ store, clock: clock.now, timers: clock });
        const asset = await lineup.putAsset(makeAsset({ durationMs: HOUR }));
        await lineup.createChannel({ id: 'c1', number: 1, name: 'One', loop: { epochMs: T0, items: [{ assetId: asset.id }] } });
        const pub = new RecordingPublisher(clock.now);
        const np = new NowPublisher({ source: lineup, publisher: pub, clock: clock.now, timers: clock });
        await np.start();
        type Now = { current: { rating?: unknown }; program: { rating?: unknown } };
        const lastNow = () => pub.sent.filter((s) => s.topic === Topics.channelNow('c1')).at(-1)?.payload as Now;
        expect(lastNow().current).to.not.have.property('rating');
        const sent = pub.sent.length;
        await lineup.setAssetRating(asset.id, { scheme: 'us-tv', value: 'TV-PG' });
        for (let i = 0; i < 100 && pub.sent.length < sent + 2; i++) await settle(); // the refresh reads the store
        np.stop();
        expect(lastNow().current.rating).to.deep.equal({ scheme: 'us-tv', value: 'TV-PG' });
        expect(lastNow().program.rating).to.deep.equal({ scheme: 'us-tv', value: 'TV-PG' });
      } finally {
        await store.close();
        await temp.removeAll();
      }
    });
  });
});
