import { expect } from 'chai';
import { ClockEstimator } from '../../../src/core/sync/clock-estimator.js';
import { ClockPump } from '../../../src/lib/net/clock-pump.js';

/** A fake transport with a server clock 5 s ahead and a symmetric 1 ms path, answered by hand. */
function build(opts: { up: boolean }) {
  let local = 1_000_000;
  const sent: number[] = [];
  let timer: (() => void) | null = null;
  let timerMs = 0;
  const pump = new ClockPump({
    clock: new ClockEstimator(),
    localNow: () => local,
    send: (t0) => {
      if (!opts.up) return false;
      sent.push(t0);
      return true;
    },
    setTimer: (fn, ms) => {
      timer = fn;
      timerMs = ms;
      return 1;
    },
    clearTimer: () => {
      timer = null;
    },
  });
  const answer = () => {
    const t0 = sent[sent.length - 1] ?? 0;
    local += 1;
    pump.onResponse({ t0, t1: t0 + 5_000.5, t2: t0 + 5_000.5 });
  };
  return {
    pump,
    sent,
    answer,
    fireTimer: () => {
      local += timerMs;
      const fn = timer;
      timer = null;
      fn?.();
    },
    timerMs: () => timerMs,
    hasTimer: () => timer !== null,
    setLocal: (t: number) => (local = t),
    local: () => local,
  };
}

describe('lib/clock-pump', () => {
  it('runs the first burst over the transport and yields the server clock', () => {
    const t = build({ up: true });
    t.pump.start();
    for (let i = 0; i < 8; i++) {
      expect(t.sent).to.have.length(i + 1);
      t.answer();
      if (t.sent.length === i + 1) t.fireTimer(); // burst spacing
    }
    expect(t.pump.estimate().state).to.equal('synced');
    expect(t.pump.serverNow() - t.local()).to.be.closeTo(5_000, 0.01);
    expect(t.hasTimer()).to.equal(true); // the refresh is scheduled
    t.pump.stop();
    expect(t.hasTimer()).to.equal(false);
  });

  it('keeps retrying while the transport is down, without spinning', () => {
    const t = build({ up: false });
    t.pump.start();
    expect(t.sent).to.have.length(0);
    expect(t.timerMs()).to.be.greaterThan(0);
    t.pump.stop();
  });
});
