// The one position formula shared by the server's "now", the broker's chat stamps, the TV's tuning
// and preloads and the guide.
import { expect } from 'chai';
import { isOnAir, offsetMs, programAt, timeAtOffset } from '../../src/core/on-air.js';

const current = { id: 'p1', startMs: 10_000, endMs: 20_000, inMs: 3_000 };
const next = { id: 'p2', startMs: 20_000, endMs: 30_000, inMs: 0 };

describe('core/on-air', () => {
  it('a program is on air from its start up to, not including, its end', () => {
    expect(isOnAir(current, 9_999)).to.equal(false);
    expect(isOnAir(current, 10_000)).to.equal(true);
    expect(isOnAir(current, 19_999)).to.equal(true);
    expect(isOnAir(current, 20_000)).to.equal(false);
  });

  it('programAt picks current, then next at the boundary, else nothing', () => {
    expect(programAt(current, next, 15_000)?.id).to.equal('p1');
    expect(programAt(current, next, 20_000)?.id).to.equal('p2');
    expect(programAt(current, next, 30_000)).to.equal(null);
    expect(programAt(null, next, 5_000)).to.equal(null);
    expect(programAt(undefined, next, 25_000)?.id).to.equal('p2');
  });

  it('offsetMs counts from the in-point; timeAtOffset inverts it', () => {
    expect(offsetMs(current, 10_000)).to.equal(3_000);
    expect(offsetMs(current, 12_500)).to.equal(5_500);
    expect(offsetMs({ startMs: 10_000 }, 9_000)).to.equal(-1_000);
    expect(timeAtOffset(current, 5_500)).to.equal(12_500);
    for (const t of [10_000, 13_333, 19_999]) expect(timeAtOffset(current, offsetMs(current, t))).to.equal(t);
  });
});
