import { expect } from 'chai';
import { DEVICE_PROFILE_DEFAULTS, deviceProfileFromQuery, simulatedClock } from '../../../src/lib/util/app-config.js';

describe('lib/app-config device profile (QA query parameters)', () => {
  it('reads clockSkewMs, clockDriftPpm and clientId', () => {
    expect(deviceProfileFromQuery('?clockSkewMs=-420000&clockDriftPpm=500&clientId=emu-ab-3')).to.deep.equal({
      clockSkewMs: -420000, clockDriftPpm: 500, clientId: 'emu-ab-3',
    });
    expect(deviceProfileFromQuery('')).to.deep.equal(DEVICE_PROFILE_DEFAULTS);
  });

  it('ignores malformed and out-of-range values (and client ids unsafe in a topic)', () => {
    expect(deviceProfileFromQuery('?clockSkewMs=abc&clockDriftPpm=1e9&clientId=a/b#')).to.deep.equal(DEVICE_PROFILE_DEFAULTS);
    expect(deviceProfileFromQuery('?clockSkewMs=&clientId=' + 'x'.repeat(65))).to.deep.equal(DEVICE_PROFILE_DEFAULTS);
  });

  it('the simulated clock is the real one plus the skew, drifting from its first reading', () => {
    let real = 1_000_000;
    const clock = simulatedClock(() => real, { clockSkewMs: -300_000, clockDriftPpm: 500 });
    expect(clock()).to.equal(700_000);
    real += 10_000; // 10 s later the clock has gained 5 ms
    expect(clock()).to.be.closeTo(710_005, 1e-6);
    const exact = () => 42;
    expect(simulatedClock(exact, { clockSkewMs: 0, clockDriftPpm: 0 })).to.equal(exact);
  });
});
