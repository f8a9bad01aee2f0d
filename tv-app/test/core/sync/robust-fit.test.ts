import { expect } from 'chai';
import { fitLine, lineThroughBars, median, weightedLeastSquares, weightedMedian, type WeightedPoint } from '../../../src/core/sync/robust-fit.js';

const line = (n: number, slope: number, intercept: number, step = 1_000): WeightedPoint[] =>
  Array.from({ length: n }, (_, i) => ({ x: i * step, y: intercept + slope * i * step, weight: 1 }));

describe('robust fit', () => {
  it('computes medians', () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 2, 3])).to.equal(2.5);
    expect(median([])).to.be.NaN;
    expect(weightedMedian([1, 2, 3], [1, 1, 10])).to.equal(3);
    expect(weightedMedian([1, 2, 3], [0, 0, 0])).to.equal(2);
  });

  it('recovers an exact line by weighted least squares', () => {
    const fit = weightedLeastSquares(line(10, 1e-4, 5), 9_000);
    expect(fit?.slope).to.be.closeTo(1e-4, 1e-12);
    expect(fit?.intercept).to.be.closeTo(5 + 0.9, 1e-9);
    expect(weightedLeastSquares([{ x: 1, y: 1, weight: 1 }], 1)).to.equal(null);
  });

  it('fits a drifting line and ignores a gross outlier', () => {
    const pts = line(12, -1e-4, 100);
    const bad = pts[6];
    if (bad === undefined) throw new Error('fixture');
    pts[6] = { ...bad, y: bad.y + 50 };
    const fit = fitLine(pts, { minPairSpan: 3_000, recentCount: 6 });
    expect(fit.slopeFitted).to.equal(true);
    expect(fit.slope).to.be.closeTo(-1e-4, 1e-6);
    expect(fit.x0).to.equal(11_000);
    expect(fit.intercept).to.be.closeTo(100 - 1.1, 0.01);
    expect(fit.used).to.not.include(6);
  });

  it('trusts heavy points over light ones', () => {
    const pts: WeightedPoint[] = [
      { x: 0, y: 0, weight: 100 },
      { x: 5_000, y: 0, weight: 100 },
      { x: 10_000, y: 3, weight: 0.01 },
    ];
    const fit = fitLine(pts, { minPairSpan: 1_000, recentCount: 3 });
    expect(Math.abs(fit.slope)).to.be.below(1e-5);
  });

  it('keeps the prior slope until points span minPairSpan, and clamps', () => {
    const short = fitLine(line(3, 1e-3, 0, 500), { minPairSpan: 3_000, recentCount: 6, priorSlope: 2e-5 });
    expect(short.slopeFitted).to.equal(false);
    expect(short.slope).to.equal(2e-5);
    const clamped = fitLine(line(10, 1e-3, 0), { minPairSpan: 1_000, recentCount: 6, maxAbsSlope: 5e-4 });
    expect(clamped.slope).to.equal(5e-4);
    expect(() => fitLine([], { minPairSpan: 1, recentCount: 1 })).to.throw(RangeError);
  });

  it('keeps a slope beyond the clamp only when enough points show it clearly', () => {
    const steep = { maxAbsSlope: 5e-2, minPoints: 4, sigmas: 5 };
    const clear = fitLine(line(4, 4e-3, 0), { minPairSpan: 1_000, recentCount: 6, maxAbsSlope: 5e-4, steep });
    expect(clear.slope).to.be.closeTo(4e-3, 1e-9);
    expect(fitLine(line(3, 4e-3, 0), { minPairSpan: 1_000, recentCount: 6, maxAbsSlope: 5e-4, steep }).slope, 'three points').to.equal(5e-4);
    expect(fitLine(line(6, 9e-2, 0), { minPairSpan: 1_000, recentCount: 6, maxAbsSlope: 5e-4, steep }).slope, 'the hard limit').to.equal(5e-2);
    // 6 ppm-scale points with noise as large as what the slope would add: not clear, clamped.
    const noisy = [0, 2.6, -2.4, 9, 1.5, 12].map((y, i) => ({ x: i * 1_000, y, weight: 1 }));
    const fit = fitLine(noisy, { minPairSpan: 1_000, recentCount: 6, maxAbsSlope: 5e-4, steep });
    expect(fit.slope).to.equal(5e-4);
  });

  describe('lineThroughBars', () => {
    it('finds a line within the slope limit through every bar, or says there is none', () => {
      // 10 ms up over 1 s: 10,000 ppm through the middles; bars of +-1 ms allow 8,000 ppm at least.
      const rising = [{ x: 0, y: 0, halfWidth: 1 }, { x: 1_000, y: 10, halfWidth: 1 }];
      expect(lineThroughBars(rising, 5e-4)).to.equal(false);
      expect(lineThroughBars(rising, 8.1e-3)).to.equal(true);
      expect(lineThroughBars(rising, 7.9e-3)).to.equal(false);
      // The same points with bars of +-6 ms: a flat line passes through both.
      expect(lineThroughBars(rising.map((p) => ({ ...p, halfWidth: 6 })), 0)).to.equal(true);
    });

    it('needs one line through all bars, not through each pair', () => {
      // Each pair alone fits a gentle slope, the three together only a bent line.
      const bent = [{ x: 0, y: 0, halfWidth: 1 }, { x: 1_000, y: 4, halfWidth: 1 }, { x: 2_000, y: 0, halfWidth: 1 }];
      expect(lineThroughBars(bent.slice(0, 2), 3e-3)).to.equal(true);
      expect(lineThroughBars(bent.slice(1), 3e-3)).to.equal(true);
      expect(lineThroughBars(bent, 1)).to.equal(false);
    });

    it('is true for fewer than two points', () => {
      expect(lineThroughBars([], 0)).to.equal(true);
      expect(lineThroughBars([{ x: 5, y: 100, halfWidth: 0 }], 0)).to.equal(true);
    });
  });
});
