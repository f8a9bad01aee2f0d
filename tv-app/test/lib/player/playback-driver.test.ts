import { expect } from 'chai';
import { PlaybackController, type PlayerSnapshot } from '../../../src/core/sync/playback-controller.js';
import { ChannelSchedule } from '../../../src/lib/player/channel-schedule.js';
import type { FrameScheduler } from '../../../src/lib/util/listener-group.js';
import { DRIVER_DEFAULTS, PlaybackDriver, type MediaPort, type PlaybackDriverOptions } from '../../../src/lib/player/playback-driver.js';
import { channelNow, program } from '../builders.js';
import { FakeTimers } from '../fake-timers.js';

/** A media port that records commands and plays a simulated clock. */
class FakeMedia implements MediaPort {
  log: string[] = [];
  url: string | null = null;
  state: PlayerSnapshot = { currentTimeSec: 0, paused: true, readyState: 0, playbackRate: 1, seeking: false };
  /** Media buffered from this position on (s), once loaded ... */
  bufferedFromSec = 0;
  /** ... up to this one (s). */
  bufferedToSec = Number.POSITIVE_INFINITY;
  /** The load's first frame is up, held before its timed start. */
  held = false;
  load(url: string, positionSec: number) {
    this.log.push(`load ${url} @${positionSec.toFixed(3)}`);
    this.url = url;
    this.state = { ...this.state, currentTimeSec: positionSec, paused: true, readyState: 4 };
  }
  loadedUrl() {
    return this.url;
  }
  bufferedFrom(positionSec: number) {
    return this.url && positionSec >= this.bufferedFromSec && positionSec < this.bufferedToSec ? 10 : 0;
  }
  holdsFrameBefore(positionSec: number) {
    return this.held && positionSec > this.state.currentTimeSec;
  }
  seekPaused(positionSec: number) {
    this.log.push(`seekPaused @${positionSec.toFixed(3)}`);
    this.state = { ...this.state, currentTimeSec: positionSec, paused: true, readyState: 4 };
  }
  play() {
    this.log.push('play');
    this.state = { ...this.state, paused: false };
  }
  setRate(rate: number) {
    this.state = { ...this.state, playbackRate: rate };
  }
  seek(positionSec: number) {
    this.log.push(`seek @${positionSec.toFixed(3)}`);
  }
  stop() {
    this.log.push('stop');
    this.url = null;
  }
  snapshot() {
    return this.state;
  }
}

class ManualFrames implements FrameScheduler {
  queue = new Map<number, (t: number) => void>();
  private next = 1;
  requestAnimationFrame(fn: (t: number) => void) {
    const id = this.next++;
    this.queue.set(id, fn);
    return id;
  }
  cancelAnimationFrame(id: number) {
    this.queue.delete(id);
  }
  step(t: number) {
    const fns = [...this.queue.values()];
    this.queue.clear();
    for (const fn of fns) fn(t);
  }
}

const a = program({ id: 'a', startMs: 100_000, endMs: 110_000, inMs: 2_000 });
const a2 = program({ id: 'a2', startMs: 110_000, endMs: 120_000, dashUrl: a.dashUrl });
const b = program({ id: 'b', startMs: 110_000, endMs: 120_000 });

function driverState(driver: PlaybackDriver): string {
  return driver.controllerState();
}

function build(next = b, over: Partial<PlaybackDriverOptions> = {}) {
  const timers = new FakeTimers(103_000); // local clock = server clock in these tests
  const media = new FakeMedia();
  const frames = new ManualFrames();
  const programs: string[] = [];
  let refreshes = 0;
  const driver = new PlaybackDriver({
    controller: new PlaybackController(),
    media,
    schedule: new ChannelSchedule(channelNow(a, next, 103_000), 'dash', 'http://tv'),
    frames,
    timers,
    localNow: () => timers.now,
    serverNow: (l) => l,
    onProgram: (p) => programs.push(p?.id ?? 'none'),
    onNeedsRefresh: () => refreshes++,
    ...over,
  });
  return { driver, media, frames, programs, timers, setLocal: (t: number) => timers.set(t), refreshes: () => refreshes };
}

describe('lib/playback-driver', () => {
  it('loads the program on air ahead of the schedule, then plays when the schedule reaches it', () => {
    const { driver, media, setLocal, timers } = build();
    driver.tick();
    expect(media.log).to.have.length(1);
    const m = /^load http:\/\/tv\/media\/asset-a\/manifest.mpd @(\d+\.\d+)$/.exec(media.log[0] ?? '');
    expect(m, media.log[0]).to.not.equal(null);
    const position = Number(m?.[1]);
    // schedule position at 103 s is 2 s (inMs) + 3 s = 5 s; the load is a little ahead.
    expect(position).to.be.greaterThan(5).and.lessThan(8);
    // Ready (readyState 4, paused) 100 ms before the schedule reaches the loaded position: the
    // play() is timed for then, minus the player's start lag (70 ms until learned).
    const playAtServer = 100_000 + position * 1000 - 2_000;
    setLocal(playAtServer - 100);
    driver.tick();
    expect(media.log.at(-1)).to.match(/^load/);
    timers.advance(20);
    expect(media.log.at(-1), 'not before its time').to.match(/^load/);
    timers.advance(60);
    expect(media.log.at(-1)).to.equal('play');
    expect(timers.count).to.equal(0);
    // The media clock runs: the controller leaves the join.
    media.state = { ...media.state, currentTimeSec: position + 0.05 };
    setLocal(playAtServer + 50);
    driver.tick();
    expect(['locking', 'locked']).to.include(media.state.paused ? 'paused' : driverState(driver));
    driver.dispose();
  });

  it('reports the program change at a boundary and loads the next program', () => {
    const { driver, media, programs, setLocal } = build();
    driver.tick();
    setLocal(110_000);
    driver.tick();
    expect(programs).to.deep.equal(['a', 'b']);
    expect(media.log.at(-1)).to.match(/^load http:\/\/tv\/media\/asset-b\/manifest.mpd @0\.\d+$/);
    driver.dispose();
  });

  it('re-joins the same asset by a paused seek instead of a reload (loop wrap)', () => {
    const { driver, media, setLocal } = build(a2);
    driver.tick();
    setLocal(110_000);
    driver.tick();
    expect(media.log.filter((l) => l.startsWith('load'))).to.have.length(1);
    expect(media.log.at(-1)).to.match(/^seekPaused @0\.\d+$/);
    driver.dispose();
  });

  it('joins afresh where the loaded media has nothing buffered (WPE WebKit never gets ready after such a seek)', () => {
    const { driver, media, setLocal } = build(a2);
    driver.tick();
    media.bufferedFromSec = 2; // tuned in mid-program: the first seconds of the asset were never fetched
    setLocal(110_000);
    driver.tick();
    expect(media.log.filter((l) => l.startsWith('seekPaused'))).to.deep.equal([]);
    expect(media.log.at(-1)).to.match(/^load http:\/\/tv\/media\/asset-a\/manifest.mpd @0\.\d+$/);
    driver.dispose();
  });

  /** A first join whose player got ready after its play-at time: the load's first frame is held, little is buffered past it. */
  function lateHeldJoin() {
    const built = build();
    built.driver.tick();
    const position = Number(/@(\d+\.\d+)$/.exec(built.media.log[0] ?? '')?.[1]);
    built.media.held = true;
    built.media.bufferedToSec = position + 0.3;
    built.setLocal(100_000 + position * 1000 - 2_000 + 200); // the schedule passed the loaded position 200 ms ago
    built.driver.tick();
    return { ...built, position };
  }

  it('re-aims a held first frame by waiting for the media at the later position, not by a reload that would cover it', () => {
    const { driver, media, setLocal, timers, position } = lateHeldJoin();
    expect(media.log, 'one load, no seek yet: the media is not there').to.have.length(1);
    setLocal(timers.now + 500);
    driver.tick();
    expect(media.log).to.have.length(1);
    media.bufferedToSec = Number.POSITIVE_INFINITY; // the player fetched on
    setLocal(timers.now + 20);
    driver.tick();
    const seek = /^seekPaused @(\d+\.\d+)$/.exec(media.log[1] ?? '');
    expect(seek, media.log.join(' | ')).to.not.equal(null);
    expect(Number(seek?.[1]), 'the later position').to.be.above(position + 0.2);
    expect(media.log.filter((l) => l.startsWith('load'))).to.have.length(1);
    driver.dispose();
  });

  it('loads afresh when the media at the later position does not come within heldSeekWaitMs', () => {
    const { driver, media, setLocal, timers } = lateHeldJoin();
    setLocal(timers.now + DRIVER_DEFAULTS.heldSeekWaitMs - 10);
    driver.tick();
    expect(media.log).to.have.length(1);
    setLocal(timers.now + 20);
    driver.tick();
    expect(media.log).to.have.length(2);
    expect(media.log[1]).to.match(/^load http:\/\/tv\/media\/asset-a\/manifest.mpd @/);
    driver.dispose();
  });

  it('aims the play() timer early by the lateness timers showed, and then plays at the exact time', () => {
    const timers = new FakeTimers(103_000);
    // This TV's timers fire 30 ms late; the exact wait before play() lets real time pass (0.5 ms a look).
    const lateTimers = { setTimeout: (fn: () => void, ms: number) => timers.setTimeout(fn, ms + 30), clearTimeout: (h: unknown) => timers.clearTimeout(h) };
    const { driver, media } = build(b, { timers: lateTimers, localNow: () => timers.now, elapsedMs: () => (timers.now += 0.5) });
    const plays: Array<{ at: number; wanted: number }> = [];
    let wanted = Number.NaN;
    const play = media.play.bind(media);
    media.play = () => {
      plays.push({ at: timers.now, wanted });
      play();
    };
    for (let i = 0; i < 2; i++) {
      if (i > 0) driver.rejoin();
      driver.tick(); // load (or seek) paused ahead of the schedule
      const cmd = driver.tick(); // ready: the play-at
      if (cmd.kind !== 'play-at') throw new Error(`no play-at: ${cmd.kind}`);
      wanted = cmd.localTimeMs;
      timers.advance(cmd.localTimeMs - timers.now + 60);
      media.state = { ...media.state, paused: true }; // the next join starts paused again
    }
    expect(plays).to.have.length(2);
    expect(plays[0]!.at - plays[0]!.wanted, 'the first play(), before any lateness was seen').to.be.closeTo(26, 1);
    expect(Math.abs(plays[1]!.at - plays[1]!.wanted), 'the second, aimed 30 ms earlier').to.be.at.most(0.5);
    driver.dispose();
  });

  it('stops when nothing is on, and asks for fresh schedule data', () => {
    const { driver, media, setLocal, refreshes } = build();
    driver.tick();
    setLocal(125_000);
    driver.tick();
    expect(media.log.at(-1)).to.equal('stop');
    expect(refreshes()).to.be.greaterThan(0);
    driver.dispose();
  });

  it('runs on animation frames until disposed, then leaves nothing scheduled', () => {
    const { driver, media, frames } = build();
    driver.start();
    frames.step(16);
    expect(media.log).to.have.length(1);
    expect(frames.queue.size).to.equal(1);
    driver.dispose();
    expect(frames.queue.size).to.equal(0);
    expect(driver.disposed).to.equal(true);
  });
});

describe('lib/playback-driver with a standby deck (seamless boundaries)', () => {
  function buildPair(next = b, standbyLeadSec = 0.7) {
    const timers = new FakeTimers(103_000);
    const main = new FakeMedia();
    const standby = new FakeMedia();
    const swaps: number[] = [];
    const driver = new PlaybackDriver({
      controller: new PlaybackController(),
      media: main,
      standby: { controller: new PlaybackController({ joinLeadSec: standbyLeadSec }), media: standby },
      onSwap: (onAir) => swaps.push(onAir),
      schedule: new ChannelSchedule(channelNow(a, next, 103_000), 'dash', 'http://tv'),
      frames: new ManualFrames(),
      timers,
      localNow: () => timers.now,
      serverNow: (l) => l,
    });
    return { driver, main, standby, swaps, timers, setLocal: (t: number) => timers.set(t) };
  }

  it('prepares the next program paused at its in-point on the standby deck, plays it at its start and swaps', () => {
    const { driver, main, standby, swaps, setLocal, timers } = buildPair(b, 0.1);
    driver.tick();
    expect(main.log[0]).to.match(/^load .*asset-a/);
    expect(standby.log).to.deep.equal([]); // the boundary is 7 s away: nothing to prepare yet
    setLocal(110_000 - DRIVER_DEFAULTS.prepareAheadMs - 100);
    driver.tick();
    expect(standby.log).to.deep.equal([]);
    setLocal(110_000 - 150);
    driver.tick();
    expect(standby.log).to.deep.equal(['load http://tv/media/asset-b/manifest.mpd @0.000']);
    driver.tick(); // ready: the play-at is timed for the program's start minus the start lag (70 ms)
    expect(standby.log.at(-1)).to.match(/^load/);
    timers.advance(150 - 70 - 10);
    expect(standby.log.at(-1), 'not before its time').to.match(/^load/);
    timers.advance(10);
    expect(standby.log.at(-1)).to.equal('play');
    expect(swaps).to.deep.equal([]);
    standby.state = { ...standby.state, currentTimeSec: 0.001 };
    setLocal(110_000);
    driver.tick();
    expect(swaps).to.deep.equal([1]);
    expect(driver.onAir).to.equal(1);
    expect(main.log.at(-1)).to.equal('stop'); // the old deck is released in the same tick
    expect(main.log.filter((l) => l.startsWith('load'))).to.have.length(1);
    driver.dispose();
  });

  it('plays the standby deck in the boundary frame when its play() timer is late (a busy TV), and only once', () => {
    const { driver, standby, swaps, setLocal, timers } = buildPair(b, 0.1);
    driver.tick();
    setLocal(110_000 - 150);
    driver.tick(); // the standby deck loads the next program
    driver.tick(); // ready: its play-at is pending on a timer
    expect(standby.log.at(-1)).to.match(/^load/);
    setLocal(110_000); // the boundary's frame comes before the timer fires
    driver.tick();
    expect(swaps).to.deep.equal([1]);
    expect(standby.log.at(-1), 'playing in the frame it goes on air').to.equal('play');
    expect(timers.count, 'the late timer is withdrawn').to.equal(0);
    timers.advance(1_000);
    expect(standby.log.filter((l) => l === 'play')).to.have.length(1);
    driver.dispose();
  });

  it('wraps a loop channel (same asset) on the other deck instead of seeking the one on air', () => {
    const { driver, main, standby, setLocal } = buildPair(a2);
    driver.tick();
    driver.tick(); // main: ready, its play-at pending
    setLocal(105_000);
    driver.tick();
    expect(standby.log).to.deep.equal(['load http://tv/media/asset-a/manifest.mpd @0.000']);
    expect(main.log.some((l) => l.startsWith('seekPaused'))).to.equal(false);
    driver.dispose();
  });

  it('rejoins the deck on air or the standby one on request', () => {
    const { driver, main, standby, setLocal } = buildPair();
    setLocal(105_000);
    driver.tick();
    driver.tick();
    const mainLoads = main.log.filter((l) => l.startsWith('load')).length;
    const standbyLoads = standby.log.filter((l) => l.startsWith('load')).length;
    driver.rejoin('standby');
    driver.tick();
    expect(standby.log.filter((l) => l.startsWith('load') || l.startsWith('seekPaused')).length).to.equal(standbyLoads + 1);
    expect(main.log.filter((l) => l.startsWith('load')).length).to.equal(mainLoads);
    driver.dispose();
  });
});
