import { expect } from 'chai';
import { NumberEntry } from '../../../src/lib/remote/number-entry.js';
import { FakeTimers } from '../fake-timers.js';

function build(maxDigits = 4) {
  const timers = new FakeTimers();
  const changes: string[] = [];
  const commits: number[] = [];
  const entry = new NumberEntry({ timeoutMs: 1500, maxDigits, timers, onChange: (b) => changes.push(b), onCommit: (n) => commits.push(n) });
  return { timers, changes, commits, entry };
}

describe('lib/number-entry', () => {
  it('collects digits and commits after the quiet time', () => {
    const { timers, changes, commits, entry } = build();
    entry.press(1);
    timers.advance(1000);
    entry.press(2);
    timers.advance(1499);
    expect(commits).to.deep.equal([]);
    expect(entry.digits).to.equal('12');
    timers.advance(1);
    expect(commits).to.deep.equal([12]);
    expect(changes).to.deep.equal(['1', '12', '']);
    expect(entry.active).to.equal(false);
    expect(timers.count).to.equal(0);
  });

  it('commits at once on OK and when the buffer is full', () => {
    const a = build();
    a.entry.press(7);
    expect(a.entry.commit()).to.equal(true);
    expect(a.commits).to.deep.equal([7]);
    expect(a.timers.count).to.equal(0);
    const b = build(3);
    b.entry.press(1);
    b.entry.press(0);
    b.entry.press(5);
    expect(b.commits).to.deep.equal([105]);
    expect(b.timers.count).to.equal(0);
  });

  it('OK with an empty buffer commits nothing', () => {
    const { entry, commits } = build();
    expect(entry.commit()).to.equal(false);
    expect(commits).to.deep.equal([]);
  });

  it('Back removes the last digit, then reports an empty buffer', () => {
    const { entry, changes, timers, commits } = build();
    entry.press(4);
    entry.press(2);
    expect(entry.backspace()).to.equal(true);
    expect(entry.digits).to.equal('4');
    expect(entry.backspace()).to.equal(true);
    expect(entry.backspace()).to.equal(false);
    timers.advance(5000);
    expect(commits).to.deep.equal([]);
    expect(changes).to.deep.equal(['4', '42', '4', '']);
  });

  it('a lone 0 shows, then times out without tuning; 0 then 7 is 7', () => {
    const { entry, timers, commits, changes } = build();
    entry.press(0);
    expect(entry.digits).to.equal('0');
    timers.advance(1500);
    expect(commits).to.deep.equal([]);
    entry.press(0);
    entry.press(7);
    timers.advance(1500);
    expect(commits).to.deep.equal([7]);
    expect(changes).to.deep.equal(['0', '', '0', '7', '']);
  });

  it('cancel clears the buffer and its timer', () => {
    const { entry, timers, commits } = build();
    entry.press(3);
    entry.cancel();
    expect(timers.count).to.equal(0);
    timers.advance(2000);
    expect(commits).to.deep.equal([]);
  });

  it('rejects bad options and non-digits', () => {
    expect(() => new NumberEntry({ timeoutMs: 0, maxDigits: 4, onChange: () => {}, onCommit: () => {} })).to.throw(RangeError);
    expect(() => build().entry.press(10)).to.throw(RangeError);
  });
});
