import { expect } from 'chai';
import { ChannelSchedule } from '../../../src/lib/player/channel-schedule.js';
import { channelNow, program } from '../builders.js';

const a = program({ id: 'a', startMs: 10_000, endMs: 20_000 });
const b = program({ id: 'b', startMs: 20_000, endMs: 26_000, inMs: 1_500 });

describe('lib/channel-schedule', () => {
  it('finds the program on air with [start, end) and the one after it', () => {
    const s = new ChannelSchedule(channelNow(a, b, 12_000), 'dash', 'http://tv:8080');
    expect(s.programAt(9_999)).to.equal(null);
    expect(s.programAt(10_000)?.id).to.equal('a');
    expect(s.programAt(19_999)?.id).to.equal('a');
    expect(s.programAt(20_000)?.id).to.equal('b');
    expect(s.programAt(26_000)).to.equal(null);
    expect(s.programAfter(15_000)?.id).to.equal('b');
    expect(s.programAfter(21_000)).to.equal(null);
    expect(s.programAfter(5_000)?.id).to.equal('b');
  });

  it('asks for fresh data once the next program is unknown near the end, or already started', () => {
    const only = new ChannelSchedule(channelNow(a, null, 12_000), 'dash', 'http://tv');
    expect(only.needsRefresh(14_000, 5_000)).to.equal(false);
    expect(only.needsRefresh(15_000, 5_000)).to.equal(true);
    const both = new ChannelSchedule(channelNow(a, b, 12_000), 'dash', 'http://tv');
    expect(both.needsRefresh(19_000, 5_000)).to.equal(false);
    expect(both.needsRefresh(20_000, 5_000)).to.equal(true);
  });

  it('takes newer data for its channel only', () => {
    const s = new ChannelSchedule(channelNow(a, b, 12_000), 'dash', 'http://tv');
    expect(s.update(channelNow(b, null, 11_000))).to.equal(false);
    const other = channelNow(b, null, 21_000);
    expect(s.update({ ...other, channel: { ...other.channel, id: 'two' } })).to.equal(false);
    expect(s.update(other)).to.equal(true);
    expect(s.programAt(21_000)?.id).to.equal('b');
  });

  it('keeps the last few programs that were current, for a picture held behind the schedule (the live stream)', () => {
    const c = program({ id: 'c', startMs: 26_000, endMs: 30_000 });
    const d = program({ id: 'd', startMs: 30_000, endMs: 40_000 });
    const s = new ChannelSchedule(channelNow(a, b, 12_000), 'dash', 'http://tv');
    s.update(channelNow(b, c, 20_000));
    s.update(channelNow(c, d, 26_000));
    s.update(channelNow(d, null, 30_000));
    expect([19_000, 21_000, 27_000, 31_000].map((t) => s.programAt(t)?.id)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect([19_000, 21_000, 27_000, 31_000].map((t) => s.programAfter(t)?.id ?? null)).to.deep.equal(['b', 'c', 'd', null]);
    expect(s.programAt(9_000)).to.equal(null);
    for (let i = 0; i < 12; i++) {
      const p = program({ id: `x${i}`, startMs: 40_000 + i * 1000, endMs: 41_000 + i * 1000 });
      s.update(channelNow(p, null, p.startMs));
    }
    expect(s.programAt(19_000), 'only a few are kept').to.equal(null);
  });

  it('knows the program a filler or slate clip leads to once that clip is on air, before fresh data names it next', () => {
    const promo = program({ id: 'promo', startMs: 10_000, endMs: 14_000, kind: 'filler' });
    const slate = program({ id: 'slate', startMs: 14_000, endMs: 16_000, kind: 'slate' });
    const news = program({ id: 'news', startMs: 16_000, endMs: 28_000 });
    const s = new ChannelSchedule(channelNow(promo, slate, 10_000, news), 'dash', 'http://tv');
    expect(s.programAfter(12_000)?.id, 'during the promo: the slate clip').to.equal('slate');
    expect(s.programAfter(14_500)?.id, 'during the slate clip, data not yet fresh: News').to.equal('news');
    expect(s.find({ id: 'news', startMs: 16_000, inMs: 0 })?.id, 'and its manifest can be found').to.equal('news');
    // Only a program that follows the clip directly: a gap (off air) or the clip itself is not taken for it.
    const later = program({ id: 'later', startMs: 17_000, endMs: 28_000 });
    expect(new ChannelSchedule(channelNow(promo, slate, 10_000, later), 'dash', 'http://tv').programAfter(14_500)).to.equal(null);
    expect(new ChannelSchedule(channelNow(promo, slate, 10_000, slate), 'dash', 'http://tv').programAfter(14_500)).to.equal(null);
    // Fresh data takes over, and names the same airing.
    expect(s.update(channelNow(slate, news, 14_100, news))).to.equal(true);
    expect(s.programAfter(14_500)?.id).to.equal('news');
  });

  it('resolves manifest URLs against the API base, DASH or HLS as configured', () => {
    expect(new ChannelSchedule(channelNow(a, b), 'dash', 'http://tv:8080').urlFor(a)).to.equal('http://tv:8080/media/asset-a/manifest.mpd');
    expect(new ChannelSchedule(channelNow(a, b), 'hls', 'https://cdn.example').urlFor(b)).to.equal('https://cdn.example/media/asset-b/master.m3u8');
    const abs = program({ id: 'c', startMs: 0, endMs: 1, dashUrl: 'https://media.example/c.mpd' });
    expect(new ChannelSchedule(channelNow(abs, null), 'dash', 'http://tv').urlFor(abs)).to.equal('https://media.example/c.mpd');
  });

  it('matches a controller target back to its airing program', () => {
    const s = new ChannelSchedule(channelNow(a, b), 'dash', 'http://tv');
    expect(s.find({ id: 'b', startMs: 20_000, inMs: 1_500 })?.title).to.equal('Program b');
    expect(s.find({ id: 'b', startMs: 20_001, inMs: 1_500 })).to.equal(null);
  });
});
