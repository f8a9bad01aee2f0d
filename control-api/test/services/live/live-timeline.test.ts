import { expect } from 'chai';
import { dashSpan, fillGaps, hlsEntries, hlsEntryCount, hlsSpan, type LiveAiring } from '../../../src/services/live/live-timeline.js';
import { airingOf, lengths, timelineOf, trackOf } from './builders.js';

const T0 = Date.UTC(2026, 11, 5, 20, 0, 0);
const show = timelineOf('show', lengths(47, 2000, 1400)); // 95.4 s
const promo = timelineOf('promo', lengths(5, 2000)); // 10 s
const slate = timelineOf('slate', lengths(4, 2000)); // 8 s

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('services/live/live-timeline', () => {
  describe('hlsEntries', () => {
    it('lists every segment of a whole airing, dated from its start, ending exactly at its end', () => {
      const airing = airingOf(show, T0, 0, 95_400);
      const video = hlsEntries(airing, show.video[0] ?? show.audio);
      expect(video.map((e) => e.index)).to.deep.equal([...Array(48).keys()]);
      expect(video[0]?.pdtMs).to.equal(T0);
      expect(video[1]?.pdtMs).to.equal(T0 + 2000);
      expect(video[47]?.durationMs).to.equal(1400);
      expect(video.map((e) => e.opensAiring)).to.deep.equal([true, ...Array<boolean>(47).fill(false)]);
    });

    it('gives the audio track its real segment lengths and still ends the airing exactly on the schedule', () => {
      const airing = airingOf(show, T0, 0, 95_400);
      const audio = hlsEntries(airing, show.audio);
      expect(audio).to.have.length(48);
      expect(audio[0]?.durationMs).to.be.closeTo(2005.333, 0.001); // 94 AAC frames
      const last = audio[audio.length - 1];
      expect((last?.pdtMs ?? 0) + (last?.durationMs ?? 0)).to.be.closeTo(airing.endMs, 1e-3);
      audio.slice(1).forEach((e, i) => expect(e.pdtMs).to.be.closeTo((audio[i]?.pdtMs ?? 0) + (audio[i]?.durationMs ?? 0), 1e-3));
    });

    it('plays a part [in, out) on segment boundaries as exactly those segments', () => {
      const airing = airingOf(show, T0, 20_000, 40_000);
      const video = hlsEntries(airing, show.video[0] ?? show.audio);
      expect(video.map((e) => e.index)).to.deep.equal([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      expect(video[0]?.pdtMs).to.equal(T0);
      expect(hlsEntries(airing, show.audio).map((e) => e.index)).to.deep.equal([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    });

    it('starts an in-point inside a segment at the nearest boundary (at most half a segment off) and keeps the airing exact', () => {
      const early = hlsEntries(airingOf(show, T0, 20_900, 30_900), show.video[0] ?? show.audio);
      expect(early[0]?.index).to.equal(10); // 20.9 s is nearer 20 s than 22 s
      const late = hlsEntries(airingOf(show, T0, 21_100, 31_100), show.video[0] ?? show.audio);
      expect(late[0]?.index).to.equal(11);
      for (const entries of [early, late]) {
        expect(sum(entries.map((e) => e.durationMs))).to.equal(10_000);
        expect(entries[0]?.pdtMs).to.equal(T0);
      }
    });

    it('never lists a segment that starts after a short airing has ended', () => {
      const airing = airingOf(show, T0, 0, 900);
      expect(hlsSpan(airing, show.video[0] ?? show.audio)).to.deep.equal({ first: 0, end: 1 });
      expect(hlsEntries(airing, show.video[0] ?? show.audio)[0]?.durationMs).to.equal(900);
      expect(hlsEntryCount(airingOf(show, T0, 0, 4_100), show.video[0] ?? show.audio)).to.equal(2);
    });

    it('makes a contiguous stream of back-to-back airings: every entry starts where the one before ends', () => {
      const airings: LiveAiring[] = [];
      let t = T0;
      for (const [tl, inMs, outMs] of [[show, 0, 30_000], [promo, 0, 10_000], [show, 30_000, 95_400], [slate, 2_000, 6_000]] as const) {
        airings.push(airingOf(tl, t, inMs, outMs));
        t += outMs - inMs;
      }
      for (const pick of [(a: LiveAiring) => a.timeline.video[0] ?? a.timeline.audio, (a: LiveAiring) => a.timeline.audio]) {
        const entries = airings.flatMap((a) => hlsEntries(a, pick(a)));
        entries.slice(1).forEach((e, i) => expect(e.pdtMs).to.be.closeTo((entries[i]?.pdtMs ?? 0) + (entries[i]?.durationMs ?? 0), 1e-3));
        const opens = entries.filter((e) => e.opensAiring).map((e) => e.pdtMs);
        expect(opens).to.deep.equal(airings.map((a) => a.startMs));
      }
    });
  });

  describe('dashSpan', () => {
    it('covers [in, out) with the segments holding it', () => {
      const v = show.video[0] ?? show.audio;
      expect(dashSpan(airingOf(show, T0, 20_000, 40_000), v)).to.deep.equal({ first: 10, end: 20 });
      expect(dashSpan(airingOf(show, T0, 20_900, 39_100), v)).to.deep.equal({ first: 10, end: 20 });
      expect(dashSpan(airingOf(show, T0, 0, 95_400), v)).to.deep.equal({ first: 0, end: 48 });
    });
  });

  describe('fillGaps', () => {
    const s = { timeline: slate, durationMs: 8_000 };
    const grid = Math.floor(T0 / 8_000) * 8_000;

    it('fills a gap with slate clips on the slate grid, each playing the slate from its grid point', () => {
      const a = airingOf(promo, grid + 3_000, 0, 10_000); // ends grid + 13 s
      const b = airingOf(promo, grid + 30_000, 0, 10_000);
      const out = fillGaps([b, a], grid, grid + 40_000, s);
      expect(out.map((x) => [x.startMs - grid, x.endMs - grid, x.inMs, x.timeline.assetId])).to.deep.equal([
        [0, 3_000, 0, 'slate'],
        [3_000, 13_000, 0, 'promo'],
        [13_000, 16_000, 5_000, 'slate'],
        [16_000, 24_000, 0, 'slate'],
        [24_000, 30_000, 0, 'slate'],
        [30_000, 40_000, 0, 'promo'],
      ]);
    });

    it('gives the same clips through a window that starts at a later grid point', () => {
      const a = airingOf(promo, grid, 0, 10_000);
      const whole = fillGaps([a], grid, grid + 64_000, s).filter((x) => x.startMs >= grid + 24_000);
      const later = fillGaps([a], grid + 24_000, grid + 64_000, s);
      expect(later.map((x) => [x.id, x.startMs, x.endMs, x.inMs])).to.deep.equal(whole.map((x) => [x.id, x.startMs, x.endMs, x.inMs]));
    });

    it('keeps the airing on air at the window start and leaves gaps open without a slate', () => {
      const a = airingOf(promo, grid - 4_000, 0, 10_000);
      const b = airingOf(promo, grid + 20_000, 0, 10_000);
      expect(fillGaps([a, b], grid, grid + 40_000, null).map((x) => x.startMs - grid)).to.deep.equal([-4_000, 20_000]);
      expect(fillGaps([a], grid, grid + 20_000, s).map((x) => x.startMs - grid)).to.deep.equal([-4_000, 6_000, 8_000, 16_000]);
    });
  });

  it('reads in-points against each track: a track starting at a non-zero media time keeps its own boundaries', () => {
    const shifted = trackOf('x', 'video', '0', lengths(3, 2000), { firstTicks: 2560 });
    expect(hlsSpan(airingOf({ assetId: 'x', video: [shifted], audio: shifted }, T0, 2000, 6000), shifted)).to.deep.equal({ first: 1, end: 3 });
  });
});
