import { expect } from 'chai';
import {
  compileLoop,
  firstStartAfter,
  lastStartAtOrBefore,
  loopProgramId,
  loopSlotAt,
  loopSlotsInWindow,
  parseTimeInput,
} from '../../../src/services/lineup/time-math.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

describe('services/lineup/time-math', () => {
  describe('binary search', () => {
    const starts = [10, 20, 30, 40];
    const cases: Array<[number, number]> = [[5, -1], [10, 0], [15, 0], [20, 1], [39, 2], [40, 3], [1000, 3]];
    for (const [t, want] of cases) {
      it(`lastStartAtOrBefore(${t}) = ${want}`, () => {
        expect(lastStartAtOrBefore(starts, t)).to.equal(want);
        expect(firstStartAfter(starts, t)).to.equal(want + 1);
      });
    }
    it('handles an empty list', () => {
      expect(lastStartAtOrBefore([], 5)).to.equal(-1);
    });
    it('agrees with a linear scan on random sorted data', () => {
      const sorted = Array.from({ length: 500 }, (_, i) => i * 7 + (i % 3));
      for (let t = -5; t < 3600; t += 13) {
        let linear = -1;
        for (let i = 0; i < sorted.length; i++) if ((sorted[i] as number) <= t) linear = i;
        expect(lastStartAtOrBefore(sorted, t)).to.equal(linear);
      }
    });
  });

  describe('loops', () => {
    // Three items: 10, 20, 30 minutes -> a 60-minute cycle from T0.
    const plan = compileLoop(T0, [
      { assetId: 'a', inMs: 0, durationMs: 10 * MIN },
      { assetId: 'b', inMs: 5_000, durationMs: 20 * MIN },
      { assetId: 'c', inMs: 0, durationMs: 30 * MIN },
    ]);
    if (!plan) throw new Error('plan expected');

    it('compiles offsets and the cycle length, dropping empty items', () => {
      expect(plan.offsets).to.deep.equal([0, 10 * MIN, 30 * MIN]);
      expect(plan.cycleMs).to.equal(60 * MIN);
      expect(compileLoop(T0, [{ assetId: 'x', inMs: 0, durationMs: 0 }])).to.equal(null);
    });

    it('finds nothing before the epoch', () => {
      expect(loopSlotAt(plan, T0 - 1)).to.equal(null);
    });

    it('wraps from the last item of a cycle to the first item of the next', () => {
      const last = loopSlotAt(plan, T0 + 60 * MIN - 1);
      const first = loopSlotAt(plan, T0 + 60 * MIN);
      expect(last).to.include({ cycle: 0, index: 2, startMs: T0 + 30 * MIN, endMs: T0 + 60 * MIN });
      expect(first).to.include({ cycle: 1, index: 0, startMs: T0 + 60 * MIN, endMs: T0 + 70 * MIN });
      expect(first?.item.assetId).to.equal('a');
    });

    it('computes far cycles arithmetically (cycle one million in constant time)', () => {
      const t = T0 + 1_000_000 * 60 * MIN + 15 * MIN;
      const started = process.hrtime.bigint();
      const slot = loopSlotAt(plan, t);
      const micros = Number(process.hrtime.bigint() - started) / 1000;
      expect(slot).to.include({ cycle: 1_000_000, index: 1, startMs: T0 + 1_000_000 * 60 * MIN + 10 * MIN });
      expect(micros).to.be.below(50_000);
    });

    it('materializes a window across the wrap point with deterministic ids', () => {
      const slots = loopSlotsInWindow(plan, T0 + 55 * MIN, T0 + 75 * MIN, 100);
      expect(slots.map((s) => [s.cycle, s.index])).to.deep.equal([[0, 2], [1, 0], [1, 1]]);
      expect(loopProgramId('news', 1, 0)).to.equal('news-c1-i0');
      expect(loopProgramId('x'.repeat(64), 123, 4)).to.have.length.at.most(64);
    });

    it('starts a window that opens before the epoch at the first slot, and honours the limit', () => {
      const slots = loopSlotsInWindow(plan, T0 - 5 * MIN, T0 + 15 * MIN, 100);
      expect(slots.map((s) => s.startMs)).to.deep.equal([T0, T0 + 10 * MIN]);
      expect(loopSlotsInWindow(plan, T0, T0 + 600 * MIN, 4)).to.have.length(4);
      expect(loopSlotsInWindow(plan, T0 - 10 * MIN, T0, 100)).to.deep.equal([]);
    });
  });

  describe('parseTimeInput', () => {
    const good: Array<[string | number, number]> = [
      [1767225600000, T0],
      ['1767225600000', T0],
      ['2026-01-01T00:00:00Z', T0],
      ['2026-01-01T00:00:00.000Z', T0],
      ['2026-01-01T01:00:00+01:00', T0],
      ['2026-01-01T00:00:00', T0], // no offset: UTC
      ['2026-01-01', T0],
    ];
    for (const [raw, want] of good) it(`reads ${JSON.stringify(raw)}`, () => expect(parseTimeInput(raw)).to.equal(want));
    const bad = ['', 'now', '2026-13-45T00:00:00Z', '12345678901234567890', '1e12', '-5', '2026-01-01T00:00:00Zjunk', '{"$gt":""}'];
    for (const raw of bad) it(`refuses ${JSON.stringify(raw)}`, () => expect(Number.isNaN(parseTimeInput(raw))).to.equal(true));
    it('refuses non-integer numbers', () => expect(Number.isNaN(parseTimeInput(1.5))).to.equal(true));
  });
});
