import { expect } from 'chai';
import { PLAY_TIMER_DEFAULTS, PlayTimerAim } from '../../../src/core/sync/play-timer-aim.js';

describe('PlayTimerAim (the timer of a timed start)', () => {
  const D = PLAY_TIMER_DEFAULTS;

  it('aims waitMs early on a TV whose timers were never late', () => {
    const aim = new PlayTimerAim();
    expect(aim.armAt(10_000)).to.equal(10_000 - D.waitMs);
    expect(aim.waitBudgetMs()).to.equal(2 * D.waitMs);
  });

  it('after a timer fired 30 ms late, aims 30 ms earlier and may wait that much longer', () => {
    const aim = new PlayTimerAim();
    aim.noteFired(1_000, 1_030);
    expect(aim.armAt(10_000)).to.equal(10_000 - D.waitMs - 30);
    expect(aim.waitBudgetMs()).to.equal(2 * D.waitMs + 30);
  });

  it('keeps the worst lateness lately seen, and lets it go slowly once timers are on time again', () => {
    const aim = new PlayTimerAim();
    aim.noteFired(0, 20);
    aim.noteFired(100, 105); // on a calmer loop: the mark decays, it does not drop
    expect(aim.expectedLateMs).to.be.closeTo(20 - D.decay * 15, 1e-9);
    for (let i = 0; i < 40; i++) aim.noteFired(1_000 * i, 1_000 * i);
    expect(aim.expectedLateMs).to.be.below(0.1);
  });

  it('never waits more than maxEarlyMs beyond its budget, and ignores early or non-finite firings', () => {
    const aim = new PlayTimerAim();
    aim.noteFired(0, 5_000); // a TV that slept
    expect(aim.expectedLateMs).to.equal(D.maxEarlyMs);
    expect(aim.waitBudgetMs()).to.equal(2 * D.waitMs + D.maxEarlyMs);
    const calm = new PlayTimerAim();
    calm.noteFired(100, 90);
    calm.noteFired(100, Number.NaN);
    expect(calm.expectedLateMs).to.equal(0);
  });
});
