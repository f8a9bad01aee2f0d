import { expect } from 'chai';
import { judgeLevel, planLevels, searchResult, shouldContinue, type LevelOutcome, type Verdict } from '../../bench/capacity-search.js';

function anOutcome(overrides: Partial<LevelOutcome> = {}): LevelOutcome {
  return { viewers: 1000, connected: 1000, deliveryP95Ms: 20, timeSent: 100, timeAnswered: 100, ...overrides };
}

const HOLDS: Verdict = { holds: true };
const FAILS: Verdict = { holds: false, reason: 'slow' };

describe('bench:capacity level search', () => {
  describe('planLevels', () => {
    it('keeps the levels within both bounds, ascending and without repeats', () => {
      const plan = planLevels([10_000, 2000, 5000, 2000], { maxViewers: 40_000, fdLimit: 100_000 });
      expect(plan).to.deep.equal({ levels: [2000, 5000, 10_000], boundedBy: null, fdViewers: 99_500 });
    });

    it('ends at the file-descriptor bound when ulimit -n cuts the list', () => {
      const plan = planLevels([2000, 5000, 10_000, 20_000, 40_000], { maxViewers: 40_000, fdLimit: 20_000 });
      expect(plan.levels).to.deep.equal([2000, 5000, 10_000, 19_500]);
      expect(plan.boundedBy).to.equal('file descriptors');
    });

    it('ends at --max-viewers when it is the lower bound', () => {
      const plan = planLevels([2000, 5000, 10_000], { maxViewers: 8000, fdLimit: 20_000 });
      expect(plan.levels).to.deep.equal([2000, 5000, 8000]);
      expect(plan.boundedBy).to.equal('max-viewers');
    });

    it('does not repeat a level equal to the bound', () => {
      expect(planLevels([5000, 10_000], { maxViewers: 5000, fdLimit: 20_000 }).levels).to.deep.equal([5000]);
    });
  });

  describe('judgeLevel', () => {
    it('holds a level delivered within the limit', () => {
      expect(judgeLevel(anOutcome())).to.deep.equal({ holds: true });
    });

    it('fails a level with a p95 above 100 ms, saying so', () => {
      const v = judgeLevel(anOutcome({ deliveryP95Ms: 100.5 }));
      expect(v.holds).to.equal(false);
      expect(v.holds ? '' : v.reason).to.contain('100.5 ms > 100 ms');
    });

    it('holds at exactly the limit', () => {
      expect(judgeLevel(anOutcome({ deliveryP95Ms: 100 })).holds).to.equal(true);
    });

    it('fails a level where viewers could not connect', () => {
      const v = judgeLevel(anOutcome({ connected: 990 }));
      expect(v.holds ? '' : v.reason).to.equal('10 of 1000 viewers could not connect');
    });

    it('fails a level without any delivery', () => {
      expect(judgeLevel(anOutcome({ deliveryP95Ms: null })).holds).to.equal(false);
    });

    it('fails a level that leaves more than 1 % of the time exchanges unanswered', () => {
      expect(judgeLevel(anOutcome({ timeSent: 1000, timeAnswered: 990 })).holds).to.equal(true);
      expect(judgeLevel(anOutcome({ timeSent: 1000, timeAnswered: 989 })).holds).to.equal(false);
    });
  });

  describe('searchResult', () => {
    const plan = planLevels([2000, 5000, 10_000], { maxViewers: 40_000, fdLimit: 100_000 });

    it('stops after the first failure', () => {
      expect(shouldContinue([HOLDS, HOLDS])).to.equal(true);
      expect(shouldContinue([HOLDS, FAILS])).to.equal(false);
    });

    it('reports the last level held and the first that failed', () => {
      const r = searchResult(plan, [{ viewers: 2000, verdict: HOLDS }, { viewers: 5000, verdict: FAILS }]);
      expect(r).to.deep.equal({ maxViewers: 2000, firstFailure: 5000, boundedBy: null });
    });

    it('reports no level when the first fails', () => {
      expect(searchResult(plan, [{ viewers: 2000, verdict: FAILS }]).maxViewers).to.equal(null);
    });

    it('marks a figure as a floor when every level held, naming what stopped the search', () => {
      const all = plan.levels.map((viewers) => ({ viewers, verdict: HOLDS }));
      expect(searchResult(plan, all)).to.deep.equal({ maxViewers: 10_000, firstFailure: null, boundedBy: 'levels' });
      const fd = planLevels([2000, 40_000], { maxViewers: 40_000, fdLimit: 20_000 });
      expect(searchResult(fd, fd.levels.map((viewers) => ({ viewers, verdict: HOLDS }))).boundedBy).to.equal('file descriptors');
    });
  });
});
