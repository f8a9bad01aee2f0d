import { expect } from 'chai';
import { PinEntry, lockoutNote, pinNote } from '../../../src/lib/parental/pin-entry.js';

describe('lib/parental/pin-entry', () => {
  it('collects four digits as dots and hands the PIN over, then starts again', () => {
    const entry = new PinEntry();
    expect(entry.press(1)).to.equal(null);
    expect(entry.press(2)).to.equal(null);
    expect(entry.dots()).to.equal('● ● ○ ○');
    expect(entry.backspace()).to.equal(true);
    expect(entry.press(9)).to.equal(null);
    expect(entry.press(0)).to.equal(null);
    expect(entry.press(7)).to.equal('1907');
    expect(entry.count).to.equal(0);
    expect(entry.backspace()).to.equal(false);
    expect(entry.press(12)).to.equal(null);
    expect(entry.count, 'not a digit').to.equal(0);
  });

  it('says what a check said', () => {
    expect(pinNote({ ok: false, reason: 'wrong', triesLeft: 1 }, 0)).to.equal('Wrong PIN · 1 try left');
    expect(pinNote({ ok: false, reason: 'wrong', triesLeft: 2 }, 0)).to.equal('Wrong PIN · 2 tries left');
    expect(pinNote({ ok: false, reason: 'lockedOut', untilMs: 60_000 }, 17_500)).to.equal('Too many wrong PINs · try again in 0:43');
    expect(lockoutNote(125_000, 0)).to.equal('Too many wrong PINs · try again in 2:05');
    expect(pinNote({ ok: true }, 0)).to.equal('');
  });
});
