import { expect } from 'chai';
import { deferEarlySeek, EARLY_SEEK_DEFAULTS, type TimeAccessor } from '../../../src/lib/player/early-seek-guard.js';
import { FakeTimers } from '../fake-timers.js';

/** A media element stand-in whose engine accessor records the seeks that reach the engine. */
function media(readyState: number): { el: { readyState: number; currentTime?: number }; accessor: TimeAccessor; seeks: number[] } {
  const seeks: number[] = [];
  let time = 0;
  const accessor: TimeAccessor = {
    get: () => time,
    set: (v: unknown) => {
      time = Number(v);
      seeks.push(time);
    },
  };
  // As in the DOM, the engine's accessor is on the prototype; the guard shadows it on the element.
  const proto = {};
  Object.defineProperty(proto, 'currentTime', { configurable: true, get: () => accessor.get?.(), set: (v: unknown) => accessor.set?.(v) });
  const el = Object.assign(Object.create(proto) as object, { readyState });
  return { el: el as { readyState: number; currentTime?: number }, accessor, seeks };
}

describe('early-seek guard (engines that deadlock on a flush while a pipeline sets up its streams)', () => {
  it('makes a seek before the first frame the given time later, reading its target meanwhile', () => {
    const timers = new FakeTimers();
    const m = media(1);
    const guard = deferEarlySeek(m.el, m.accessor, 150, timers);
    m.el.currentTime = 18.5;
    expect(m.seeks, 'nothing reached the engine yet').to.deep.equal([]);
    expect(m.el.currentTime).to.equal(18.5);
    expect(guard.pending()).to.equal(true);
    timers.advance(149);
    expect(m.seeks).to.deep.equal([]);
    timers.advance(1);
    expect(m.seeks).to.deep.equal([18.5]);
    expect(guard.pending()).to.equal(false);
  });

  it('makes one seek, to the latest target, however often the player retries meanwhile', () => {
    const timers = new FakeTimers();
    const m = media(1);
    deferEarlySeek(m.el, m.accessor, 150, timers);
    m.el.currentTime = 4;
    timers.advance(100);
    m.el.currentTime = 4.2;
    timers.advance(50);
    expect(m.seeks).to.deep.equal([4.2]);
  });

  it('guards one seek: the ones after it go straight to the engine', () => {
    const timers = new FakeTimers();
    const m = media(1);
    deferEarlySeek(m.el, m.accessor, 150, timers);
    m.el.currentTime = 2;
    timers.advance(150);
    m.el.currentTime = 3;
    expect(m.seeks).to.deep.equal([2, 3]);
    expect(timers.count).to.equal(0);
  });

  it('lets a seek through at once when the media already has a frame', () => {
    const timers = new FakeTimers();
    const m = media(2);
    const guard = deferEarlySeek(m.el, m.accessor, 150, timers);
    m.el.currentTime = 7;
    expect(m.seeks).to.deep.equal([7]);
    expect(guard.pending()).to.equal(false);
    expect(timers.count).to.equal(0);
  });

  it('makes a waiting seek at once when released (the next load, the session gone)', () => {
    const timers = new FakeTimers();
    const m = media(0);
    const guard = deferEarlySeek(m.el, m.accessor, 150, timers);
    m.el.currentTime = 9;
    guard.release();
    expect(m.seeks).to.deep.equal([9]);
    expect(timers.count, 'its timer cleared').to.equal(0);
    guard.release();
    expect(m.seeks).to.deep.equal([9]);
  });

  describe('with what is buffered (every track of the element)', () => {
    /** The stand-in above with a `buffered` of the given [start, end] ranges (seconds), changeable. */
    function bufferedMedia(readyState: number): ReturnType<typeof media> & { ranges: Array<[number, number]> } {
      const m = media(readyState);
      const ranges: Array<[number, number]> = [];
      Object.defineProperty(m.el, 'buffered', {
        get: () => ({ length: ranges.length, start: (i: number) => ranges[i]![0], end: (i: number) => ranges[i]![1] }),
      });
      return { ...m, ranges };
    }
    const { settleMs, maxWaitMs } = EARLY_SEEK_DEFAULTS;

    it('waits for media at the target, held for settleMs, before the seek', () => {
      const timers = new FakeTimers();
      const m = bufferedMedia(1);
      const guard = deferEarlySeek(m.el, m.accessor, 150, timers);
      m.el.currentTime = 18.5;
      timers.advance(1_000);
      expect(m.seeks, 'no media at 18.5 yet: no seek, whatever the delay').to.deep.equal([]);
      expect(m.el.currentTime, 'the player reads its target meanwhile').to.equal(18.5);
      m.ranges.push([0, 4]);
      timers.advance(500);
      expect(m.seeks, 'media elsewhere does not count').to.deep.equal([]);
      m.ranges.push([18, 20]);
      timers.advance(settleMs - 40);
      expect(m.seeks, 'the media there for less than settleMs').to.deep.equal([]);
      timers.advance(60);
      expect(m.seeks).to.deep.equal([18.5]);
      expect(guard.pending()).to.equal(false);
      expect(timers.count, 'no timer left').to.equal(0);
    });

    it('waits at least the delay when the media is there at once', () => {
      const timers = new FakeTimers();
      const m = bufferedMedia(1);
      m.ranges.push([10, 14]);
      deferEarlySeek(m.el, m.accessor, 150, timers);
      m.el.currentTime = 12;
      timers.advance(149);
      expect(m.seeks).to.deep.equal([]);
      timers.advance(1);
      expect(m.seeks).to.deep.equal([12]);
    });

    it('a new target needs its own media: the settling starts again', () => {
      const timers = new FakeTimers();
      const m = bufferedMedia(1);
      m.ranges.push([10, 14]);
      deferEarlySeek(m.el, m.accessor, 150, timers);
      m.el.currentTime = 12;
      timers.advance(140);
      m.el.currentTime = 30;
      timers.advance(500);
      expect(m.seeks, 'nothing at 30').to.deep.equal([]);
      m.ranges.push([29, 33]);
      timers.advance(settleMs + 20);
      expect(m.seeks).to.deep.equal([30]);
    });

    it('makes the seek after maxWaitMs whatever is buffered', () => {
      const timers = new FakeTimers();
      const m = bufferedMedia(1);
      deferEarlySeek(m.el, m.accessor, 150, timers);
      m.el.currentTime = 5;
      timers.advance(maxWaitMs - 20);
      expect(m.seeks).to.deep.equal([]);
      timers.advance(20);
      expect(m.seeks).to.deep.equal([5]);
      expect(timers.count).to.equal(0);
    });
  });
});
