import { expect } from 'chai';
import { sameProgram, serverTimeAtPositionMs, targetPositionSec } from '../../../src/core/sync/target-position.js';

describe('target position', () => {
  const program = { id: 'p', startMs: 1_700_000_000_000, inMs: 5_000 };

  it('is inMs plus the time since the start, in seconds', () => {
    expect(targetPositionSec(program, program.startMs)).to.equal(5);
    expect(targetPositionSec(program, program.startMs + 2_500)).to.equal(7.5);
    expect(targetPositionSec({ startMs: 1_000 }, 3_000)).to.equal(2);
  });

  it('is negative before a program without an in-point starts', () => {
    expect(targetPositionSec({ startMs: 10_000 }, 9_000)).to.equal(-1);
  });

  it('inverts to the server time at which a position airs', () => {
    for (const pos of [5, 7.25, 100.001]) {
      expect(targetPositionSec(program, serverTimeAtPositionMs(program, pos))).to.be.closeTo(pos, 1e-9);
    }
    expect(serverTimeAtPositionMs(program, 5)).to.equal(program.startMs);
  });

  it('tells airings apart by id, start and in-point', () => {
    expect(sameProgram(program, { ...program })).to.equal(true);
    expect(sameProgram(program, { ...program, id: 'q' })).to.equal(false);
    expect(sameProgram(program, { ...program, startMs: program.startMs + 1 })).to.equal(false);
    expect(sameProgram(program, { ...program, inMs: 0 })).to.equal(false);
    expect(sameProgram({ startMs: 1 }, { startMs: 1, inMs: 0 })).to.equal(true);
    expect(sameProgram(null, null)).to.equal(true);
    expect(sameProgram(program, null)).to.equal(false);
  });
});
