import { expect } from 'chai';
import {
  PLAYBACK_CONTROLLER_DEFAULTS as D,
  PlaybackController,
  type PlaybackCommand,
  type PlaybackControllerOptions,
  type PlayerSnapshot,
} from '../../../src/core/sync/playback-controller.js';
import { targetPositionSec, type ProgramTarget } from '../../../src/core/sync/target-position.js';

const OFFSET_MS = 1_234_567; // server - local (ms)
const L0 = 5_000_000; // local start (ms)
const PROGRAM: ProgramTarget = { id: 'p', startMs: L0 + OFFSET_MS - 60_000, inMs: 0 }; // 60 s in at L0

const player = (over: Partial<PlayerSnapshot> = {}): PlayerSnapshot => ({
  currentTimeSec: 0, paused: true, readyState: 4, playbackRate: 1, seeking: false, ...over,
});

/** A controller at a fixed clock offset; `at` moves local time. */
class Rig {
  readonly ctl: PlaybackController;
  local = L0;
  offset = OFFSET_MS;
  target: ProgramTarget | null = PROGRAM;

  constructor(options: Partial<PlaybackControllerOptions> = {}) {
    this.ctl = new PlaybackController(options);
  }

  schedule(localMs = this.local): number {
    return this.target === null ? Number.NaN : targetPositionSec(this.target, localMs + this.offset);
  }

  tick(p: Partial<PlayerSnapshot>): PlaybackCommand {
    return this.ctl.tick({ localNowMs: this.local, serverNowMs: this.local + this.offset, target: this.target, player: player(p) });
  }

  /** Runs a clean join: load, ready, play at the commanded time, clock starts after `lagMs`. */
  join(lagMs = 70): { load: PlaybackCommand; playAt: PlaybackCommand } {
    const load = this.tick({ readyState: 0 });
    if (load.kind !== 'load') throw new Error(`expected load, got ${load.kind}`);
    this.local += 300;
    const playAt = this.tick({ currentTimeSec: load.positionSec });
    if (playAt.kind !== 'play-at') throw new Error(`expected play-at, got ${playAt.kind}`);
    this.local = playAt.localTimeMs;
    this.ctl.notePlayIssued(this.local);
    this.local += lagMs + 10;
    return { load, playAt };
  }

  /** Steady playback ticks at 60 Hz with the media clock `errorMs` off the schedule. */
  run(ms: number, errorMs: (i: number) => number, rate = 1): PlaybackCommand[] {
    const out: PlaybackCommand[] = [];
    for (let i = 0; i * (1000 / 60) < ms; i++) {
      this.local += 1000 / 60;
      out.push(this.tick({ paused: false, currentTimeSec: this.schedule() + errorMs(i) / 1000, playbackRate: rate }));
    }
    return out;
  }
}

describe('PlaybackController', () => {
  it('joins by loading paused ahead of the schedule', () => {
    const r = new Rig();
    const cmd = r.tick({ readyState: 0 });
    expect(cmd).to.deep.include({ kind: 'load', target: PROGRAM });
    expect(cmd.kind === 'load' ? cmd.positionSec : NaN).to.be.closeTo(60 + D.joinLeadSec, 1e-9);
    expect(r.ctl.state()).to.equal('joining');
  });

  it('loads a program that has not started at its in-point', () => {
    const r = new Rig();
    r.target = { id: 'later', startMs: L0 + OFFSET_MS + 30_000, inMs: 4_000 };
    const cmd = r.tick({ readyState: 0 });
    expect(cmd.kind === 'load' ? cmd.positionSec : NaN).to.equal(4);
  });

  it('plays at the local time the schedule reaches the loaded position, minus the start lag', () => {
    const r = new Rig();
    const { load, playAt } = r.join();
    if (load.kind !== 'load' || playAt.kind !== 'play-at') throw new Error('join');
    const reachesAtLocal = PROGRAM.startMs + load.positionSec * 1000 - OFFSET_MS;
    expect(playAt.localTimeMs).to.be.closeTo(reachesAtLocal - D.initialStartLagMs, 1e-6);
    expect(playAt.positionSec).to.equal(load.positionSec);
  });

  it('waits while the player is not ready, or still shows something else', () => {
    const r = new Rig();
    const load = r.tick({ readyState: 0 });
    if (load.kind !== 'load') throw new Error('load');
    r.local += 100;
    expect(r.tick({ readyState: 2, currentTimeSec: load.positionSec }).kind).to.equal('keep');
    expect(r.tick({ readyState: 4, currentTimeSec: load.positionSec - 5 }).kind).to.equal('keep');
    expect(r.tick({ readyState: 4, currentTimeSec: load.positionSec, paused: false }).kind).to.equal('keep');
    expect(r.tick({ readyState: 4, currentTimeSec: load.positionSec }).kind).to.equal('play-at');
  });

  it('loads again further ahead when the player got ready too late', () => {
    const r = new Rig();
    const first = r.tick({ readyState: 0 });
    if (first.kind !== 'load') throw new Error('load');
    r.local += 900; // longer than the lead
    const again = r.tick({ currentTimeSec: first.positionSec });
    expect(again.kind).to.equal('load');
    expect(r.ctl.stats().joinLeadSec).to.be.above(D.joinLeadSec + 0.2);
    expect(again.kind === 'load' ? again.positionSec : NaN).to.be.closeTo(r.schedule() + r.ctl.stats().joinLeadSec, 1e-9);
  });

  it('measures the start lag when the clock moves and uses it next time', () => {
    const r = new Rig();
    const { playAt } = r.join(90);
    if (playAt.kind !== 'play-at') throw new Error('join');
    // 10 ms after the clock started (90 ms after play()), it shows 10 ms of progress.
    const cmd = r.tick({ paused: false, currentTimeSec: playAt.positionSec + 0.010 });
    expect(cmd.kind).to.not.equal('seek');
    const s = r.ctl.stats();
    expect(s.startLagMs).to.be.closeTo(90, 1e-6);
    expect(s.joinErrorMs).to.be.closeTo(-20, 1e-6); // started 20 ms late
    expect(r.ctl.state()).to.equal('locking');
    r.ctl.rejoin();
    const load = r.tick({ paused: false, currentTimeSec: r.schedule() });
    if (load.kind !== 'load') throw new Error('rejoin');
    r.local += 300;
    const next = r.tick({ currentTimeSec: load.positionSec });
    const reachesAtLocal = PROGRAM.startMs + load.positionSec * 1000 - OFFSET_MS;
    expect(next.kind === 'play-at' ? next.localTimeMs : NaN).to.be.closeTo(reachesAtLocal - 90, 1e-6);
  });

  it('steers with a proportional rate in fine steps and leaves a small error alone', () => {
    const r = new Rig();
    r.join();
    const cmds = r.run(500, () => 2); // 2 ms ahead
    const rates = cmds.flatMap((c) => (c.kind === 'set-rate' ? [c.rate] : []));
    expect(rates.length).to.be.above(0);
    const last = rates[rates.length - 1] ?? NaN;
    expect(last).to.be.closeTo(1 - D.gainPerSec * 0.002, 1e-9);
    for (const rate of rates) expect(Math.abs((rate - 1) / D.rateStep - Math.round((rate - 1) / D.rateStep))).to.be.below(1e-6);
    const calm = new Rig();
    calm.join();
    expect(calm.run(1_000, () => 0.2).every((c) => c.kind === 'keep')).to.equal(true);
  });

  it('keeps correcting inside the deadband until the error is below the exit band (hysteresis)', () => {
    const r = new Rig();
    r.join();
    r.run(100, () => 0);
    const start = r.run(100, () => 0.4).flatMap((c) => (c.kind === 'set-rate' ? [c.rate] : []));
    expect(start[start.length - 1]).to.be.below(1);
    const slow = start[start.length - 1] ?? 1;
    // 0.2 ms is inside the deadband but above the exit band: the correction goes on.
    expect(r.run(100, () => 0.2, slow).every((c) => c.kind === 'keep' || (c.kind === 'set-rate' && c.rate < 1))).to.equal(true);
    expect(r.ctl.stats().rate).to.be.below(1);
    const done = r.run(100, () => 0.05, r.ctl.stats().rate);
    expect(done.some((c) => c.kind === 'set-rate' && c.rate === 1)).to.equal(true);
  });

  it('limits the rate to +-5% for a small error, to what removes a larger one within catchUpMs (at most +-10%), and its slew per second', () => {
    const maxRate = (errorMs: number): { max: number; rates: number[]; seeks: number } => {
      const r = new Rig();
      r.join();
      const rates = r.run(3_000, () => errorMs, 1).flatMap((c) => (c.kind === 'set-rate' ? [c.rate] : []));
      return { max: Math.max(...rates), rates, seeks: r.ctl.stats().seeks };
    };
    const small = maxRate(-30); // 30 ms behind: within 5% x catchUpMs
    expect(small.max).to.be.closeTo(1 + D.maxRateDeviation, 1e-9);
    const mid = maxRate(-80); // 80 ms behind: removed within catchUpMs (1 s) at 8%
    expect(mid.max).to.be.closeTo(1 + 0.08, 1e-9);
    const far = maxRate(-250); // 250 ms behind: the catch-up cap
    expect(far.max).to.be.closeTo(1 + D.maxCatchUpRateDeviation, 1e-9);
    expect(maxRate(40).rates.reduce((a, b) => Math.min(a, b), 1), '40 ms ahead: slowed by 5% at most').to.be.closeTo(1 - D.maxRateDeviation, 1e-9);
    for (const { rates } of [small, mid, far]) {
      for (let i = 1; i < rates.length; i++) {
        expect((rates[i] ?? 0) - (rates[i - 1] ?? 0)).to.be.at.most(D.maxRateSlewPerSec / 60 + D.rateStep + 1e-9);
      }
    }
    expect(far.seeks + mid.seeks + small.seeks).to.equal(0);
  });

  it('pulls a 150 ms late start in within about 2 s, where a 5% cap would need over 3 s', () => {
    const behindAfter = (options: Partial<PlaybackControllerOptions>): number => {
      const r = new Rig(options);
      r.join();
      let error = -150;
      let rate = 1;
      for (let t = 0; t < 2_000; t += 1000 / 60) {
        const cmd = r.run(1000 / 60, () => error, rate)[0];
        if (cmd?.kind === 'set-rate') rate = cmd.rate;
        error += (rate - 1) * (1000 / 60);
      }
      return error;
    };
    expect(Math.abs(behindAfter({})), 'catch-up').to.be.below(10);
    expect(behindAfter({ maxCatchUpRateDeviation: D.maxRateDeviation }), 'a 5% cap').to.be.below(-40);
  });

  it('seeks only past the threshold, aimed ahead by the seek latency, and learns it', () => {
    const r = new Rig();
    r.join();
    r.run(200, () => 0);
    r.local += 1000 / 60;
    const seek = r.tick({ paused: false, currentTimeSec: r.schedule() - 0.5 });
    expect(seek.kind).to.equal('seek');
    const target = seek.kind === 'seek' ? seek.positionSec : NaN;
    expect(target).to.be.closeTo(r.schedule() + D.initialSeekLatencyMs / 1000, 1e-9);
    expect(r.ctl.state()).to.equal('locking');
    r.local += 50;
    expect(r.tick({ paused: false, seeking: true, readyState: 1, currentTimeSec: target }).kind).to.equal('keep');
    r.local += 100; // clock resumed 140 ms after the seek, 10 ms ago
    expect(r.tick({ paused: false, currentTimeSec: target + 0.010 }).kind).to.not.equal('seek');
    expect(r.ctl.stats().seekLatencyMs).to.be.closeTo(140, 1e-6);
    expect(r.ctl.stats().seeks).to.equal(1);
  });

  it('locks after holding the error, reports the lock time, and flags a lost lock as correcting', () => {
    const r = new Rig();
    r.join();
    r.run(D.lockHoldMs + 100, () => 0.1);
    expect(r.ctl.state()).to.equal('locked');
    expect(r.ctl.stats().lockTimeMs).to.be.a('number');
    r.run(100, () => 20);
    expect(r.ctl.state()).to.equal('correcting');
    r.run(D.lockHoldMs + 100, () => 0);
    expect(r.ctl.state()).to.equal('locked');
  });

  it('waits out a stall without steering', () => {
    const r = new Rig();
    r.join();
    r.run(100, () => 0);
    r.local += 1000 / 60;
    expect(r.tick({ paused: false, waiting: true, readyState: 2, currentTimeSec: r.schedule() - 0.05 }).kind).to.equal('keep');
    expect(r.ctl.state()).to.equal('stalled');
    expect(r.ctl.stats().stalls).to.equal(1);
  });

  it('re-aims a pending play-at when the clock estimate jumps', () => {
    const r = new Rig();
    const load = r.tick({ readyState: 0 });
    if (load.kind !== 'load') throw new Error('load');
    r.local += 100;
    const first = r.tick({ currentTimeSec: load.positionSec });
    r.local += 16;
    r.offset += 100; // re-sync: the server is 100 ms further on than we thought
    const second = r.tick({ currentTimeSec: load.positionSec });
    expect(second.kind).to.equal('play-at');
    if (first.kind !== 'play-at' || second.kind !== 'play-at') throw new Error('play-at');
    expect(first.localTimeMs - second.localTimeMs).to.be.closeTo(100, 1e-6);
    expect(r.ctl.stats().clockJumps).to.equal(1);
  });

  it('stops without a target and joins again at a program boundary', () => {
    const r = new Rig();
    r.join();
    r.run(100, () => 0);
    r.target = null;
    expect(r.tick({ paused: false }).kind).to.equal('stop');
    expect(r.ctl.state()).to.equal('idle');
    r.target = { id: 'next', startMs: L0 + OFFSET_MS, inMs: 0 };
    const cmd = r.tick({ paused: true, readyState: 0 });
    expect(cmd).to.deep.include({ kind: 'load', target: r.target });
    expect(r.ctl.stats().joins).to.equal(2);
  });

  it('joins again when the player is paused behind its back', () => {
    const r = new Rig();
    r.join();
    r.run(100, () => 0);
    expect(r.tick({ paused: true, currentTimeSec: r.schedule() }).kind).to.equal('load');
  });

  it('ignores non-finite input and validates its options', () => {
    const r = new Rig();
    expect(r.ctl.tick({ localNowMs: Number.NaN, serverNowMs: 0, target: PROGRAM, player: player() }).kind).to.equal('keep');
    expect(() => new PlaybackController({ rateStep: 0 })).to.throw(RangeError);
    expect(() => new PlaybackController({ maxRateDeviation: 1 })).to.throw(RangeError);
    expect(() => new PlaybackController({ gainPerSec: -1 })).to.throw(RangeError);
  });
});
