// Broker parts without sockets: chat hygiene, limiters, the hand-made MQTT frame, reaction
// windows, and the boundary timers of the now-publisher.
import { expect } from 'chai';
import { sanitizeChatText } from '../../src/broker/chat-sanitize.js';
import { MinInterval, TokenBucket } from '../../src/broker/rate-limit.js';
import { encodePublishFrame } from '../../src/broker/mqtt-wire.js';
import { ReactionAggregator } from '../../src/broker/reactions.js';
import { NowPublisher } from '../../src/broker/now-publisher.js';
import type { Publisher } from '../../src/broker/publisher.js';
import { topicMatches } from '../../src/broker/local-fanout.js';
import { FakeLineup, waitFor } from './helpers.js';

class RecordingPublisher implements Publisher {
  readonly sent: { topic: string; payload: unknown; retain: boolean; at: number }[] = [];
  publish<T extends { v: 1 }>(topic: string, payload: T | null, options: { retain?: boolean } = {}): void {
    this.sent.push({ topic, payload, retain: options.retain ?? false, at: Date.now() });
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

  it('encodes a QoS 0 PUBLISH frame, including multi-byte lengths', () => {
    const f = encodePublishFrame('a/b', 'xy');
    expect([...f]).to.deep.equal([0x30, 7, 0, 3, 0x61, 0x2f, 0x62, 0x78, 0x79]);
    const big = encodePublishFrame('t', 'z'.repeat(200));
    expect(big[1]).to.equal((203 % 128) | 0x80);
    expect(big[2]).to.equal(1);
    expect(big.length).to.equal(3 + 203);
  });

  it('aggregates reactions per channel per window into one message', async () => {
    const pub = new RecordingPublisher();
    const agg = new ReactionAggregator({ publisher: pub, clock: Date.now, ids: ['like', 'wow'], windowMs: 100, perClientPerWindow: 2 });
    expect(agg.add('c1', 'a', 'like')).to.equal(true);
    expect(agg.add('c1', 'a', 'like')).to.equal(true);
    expect(agg.add('c1', 'a', 'like')).to.equal(false); // over the client's share
    expect(agg.add('c1', 'b', 'wow')).to.equal(true);
    expect(agg.add('c1', 'b', 'boo')).to.equal(false); // not a configured id
    expect(agg.add('c2', 'b', 'wow')).to.equal(true);
    await waitFor(() => pub.sent.length === 2, 1000, 'two windows');
    const c1 = pub.sent.find((s) => s.topic === 'ss/v1/channels/c1/reactions');
    expect((c1?.payload as { counts: unknown }).counts).to.deep.equal({ like: 2, wow: 1 });
    agg.stop();
  });

  describe('NowPublisher', () => {
    it('publishes retained lineup and now at start, and again exactly at each boundary', async () => {
      const lineup = new FakeLineup(['c1', 'c2'], 250);
      const pub = new RecordingPublisher();
      const np = new NowPublisher({ source: lineup, publisher: pub, clock: Date.now });
      await np.start();
      expect(pub.sent.map((s) => [s.topic, s.retain])).to.deep.equal([
        ['ss/v1/lineup', true],
        ['ss/v1/channels/c1/now', true],
        ['ss/v1/channels/c2/now', true],
      ]);
      await waitFor(() => pub.sent.length >= 7, 2000, 'two boundaries');
      np.stop();
      expect(lineup.nowAllCalls, 'boundaries ask for their own channel, not the whole lineup').to.equal(1);
      const boundaryPubs = pub.sent.slice(3).filter((s) => s.topic === 'ss/v1/channels/c1/now');
      for (const s of boundaryPubs) {
        const now = s.payload as { serverTimeMs: number; current: { startMs: number } };
        expect(now.serverTimeMs - now.current.startMs).to.be.within(0, 100);
        expect(s.at - now.current.startMs).to.be.within(0, 120);
      }
      const count = pub.sent.length;
      await new Promise((r) => setTimeout(r, 300));
      expect(pub.sent.length).to.equal(count); // stopped: no timers left
    });

    it('republishes on a lineup change and clears channels that are gone', async () => {
      const lineup = new FakeLineup(['c1', 'c2'], 3_600_000);
      const pub = new RecordingPublisher();
      const np = new NowPublisher({ source: lineup, publisher: pub, clock: Date.now });
      await np.start();
      pub.sent.length = 0;
      lineup.change(['c1']);
      await waitFor(() => pub.sent.length >= 3, 1000, 'republish');
      np.stop();
      expect(pub.sent[0]).to.deep.include({ topic: 'ss/v1/lineup', payload: { v: 1, version: 2 } });
      expect(pub.sent.find((s) => s.topic === 'ss/v1/channels/c2/now')).to.deep.include({ payload: null, retain: true });
      expect(np.hasChannel('c2')).to.equal(false);
      expect(np.hasChannel('c1')).to.equal(true);
      expect(np.programAt('c1', Date.now()).programId).to.match(/^c1-p/);
    });
  });
});
