import { expect } from 'chai';
import { explicitIndex, loopIndex, WindowTooLargeError } from '../../../src/services/lineup/channel-index.js';
import { HOUR, MINUTE, T0, makeAsset, makeChannel, makeSchedule } from '../../store/builders.js';

describe('services/lineup/channel-index', () => {
  const asset = makeAsset({ id: 'a1', durationMs: 10 * MINUTE });
  const assets = new Map([[asset.id, asset]]);

  it('explicit: window includes a program that started before `from` and excludes one starting at `to`', () => {
    const channel = makeChannel({ id: 'c' });
    const index = explicitIndex(channel, makeSchedule('c', { count: 4, durationMs: 10 * MINUTE }).map((p) => ({ ...p, assetId: 'a1' })), assets);
    const w = index.window(T0 + 5 * MINUTE, T0 + 30 * MINUTE, 100);
    expect(w.map((p) => p.startMs - T0)).to.deep.equal([0, 10 * MINUTE, 20 * MINUTE]);
    expect(w[0]?.dashUrl).to.equal(asset.dashUrl);
    expect(() => index.window(T0, T0 + HOUR, 2)).to.throw(WindowTooLargeError);
  });

  it('explicit: a missing asset leaves empty URLs rather than failing', () => {
    const index = explicitIndex(makeChannel({ id: 'c' }), makeSchedule('c', { count: 1 }), new Map());
    expect(index.at(T0)?.current?.dashUrl).to.equal('');
  });

  it('loop: a channel without a usable loop has nothing on and no boundary', () => {
    const index = loopIndex(makeChannel({ id: 'l', loop: { epochMs: T0, items: [{ assetId: 'gone' }] } }), assets);
    expect(index.at(T0 + 1)).to.deep.equal({ current: null, next: null });
    expect(index.nextBoundaryAfter(T0)).to.equal(null);
    expect(index.window(T0, T0 + HOUR, 10)).to.deep.equal([]);
  });

  it('looks up in time that grows with log(programs), not with programs', () => {
    const channel = makeChannel({ id: 'big' });
    const build = (count: number) =>
      explicitIndex(channel, Array.from({ length: count }, (_, i) => ({ id: `p${i}`, channelId: 'big', assetId: 'a1', title: '', startMs: T0 + i * MINUTE, endMs: T0 + (i + 1) * MINUTE, inMs: 0 })), assets);
    const time = (index: ReturnType<typeof build>, span: number) => {
      const started = process.hrtime.bigint();
      let sink = 0;
      for (let i = 0; i < 200_000; i++) sink += index.at(T0 + ((i * 7919) % span) * MINUTE).current ? 1 : 0;
      expect(sink).to.be.above(0);
      return Number(process.hrtime.bigint() - started);
    };
    const small = build(1_000);
    const large = build(200_000);
    time(small, 1_000); // warm up
    time(large, 200_000);
    const ratio = time(large, 200_000) / time(small, 1_000);
    // 200x the programs: a scan would be ~200x slower; a binary search ~2x (plus cache effects).
    expect(ratio).to.be.below(20);
  });
});
