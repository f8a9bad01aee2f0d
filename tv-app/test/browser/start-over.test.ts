// Start-over, pause and back to live in real Chromium against the whole system, keys only: the
// program on now plays from its beginning (out of sync on purpose, the banner says how far behind
// live), pauses and resumes where it stopped, and LIVE (or Back) returns to the synced live
// position. A channel whose broadcaster forbids start-over says so and stays live.
import { expect } from 'chai';
import { broadcasterApi, oneTvOnSystem } from './system-harness.js';
import { qaState, videoClock, waitFor, waitPlaying, type QaState } from './tv-page.js';
import { expectSync, sampleSync } from './sync-bound.js';

const SYNC_BOUND_MS = 50; // |media clock - (shifted) schedule| once a join has settled
const SETTLE_MS = 2_500; // a join (start-over, resume, live) may take this long to lock

describe('start-over, pause and live in Chromium (keys only)', function () {
  this.timeout(180_000);
  const tv = oneTvOnSystem(
    {
      assets: [
        { id: 'feature', title: 'Feature', seconds: 40, hue: 30 },
        { id: 'short', title: 'Short', seconds: 6, hue: 160 },
      ],
      channels: [
        { id: 'movies', number: 1, name: 'Movies', loop: ['feature', 'short'] },
        { id: 'nostart', number: 2, name: 'No Start-over', loop: ['feature'] },
      ],
    },
    async (system) => {
      await broadcasterApi(system, 'PATCH', '/v1/channels/nostart', { startOver: false });
    },
  );

  /** |media clock - the schedule `behindMs` ago| for the program on screen (ms), from the page's own clocks. */
  async function shiftedError(s: QaState): Promise<number> {
    const v = await videoClock(tv.page);
    if (!v || !s.program) throw new Error('no picture');
    const at = v.wallMs - s.timeShift.behindMs;
    return (v.currentTime - (s.program.inMs + at - s.program.startMs) / 1000) * 1000;
  }

  /** Waits a join's settling time, then checks three samples against the schedule `behind` ms ago. */
  async function expectOnShiftedSchedule(what: string): Promise<void> {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const errors = await sampleSync(async () => shiftedError(await qaState(tv.page)), { samples: 3, boundMs: SYNC_BOUND_MS, everyMs: 200, timeoutMs: 10_000 });
    expectSync(errors, what, SYNC_BOUND_MS);
  }

  it('Start-over plays the program on now from its beginning, behind live, and says how far', async () => {
    // Well inside the feature: 8 s in, 20 s to go.
    const before = await waitFor('8 s into the feature, 20 s to go', async () => {
      const s = await qaState(tv.page);
      const t = Date.now();
      return s.program && s.program.title === 'Feature' && t - s.program.startMs > 8_000 && s.program.endMs - t > 20_000 ? s : null;
    }, 60_000, 200);
    const pressedAt = Date.now();
    await tv.page.keyboard.press('KeyO');
    const s = await waitFor('start-over playing', async () => {
      const q = await qaState(tv.page);
      const v = await videoClock(tv.page);
      return q.timeShift.mode === 'shifted' && q.playing && v && !v.paused && v.currentTime < 4 ? q : null;
    }, 10_000, 50);
    expect(s.program?.id, 'the same program').to.equal(before.program?.id);
    // Behind live by how far into the program the key came (8 s or more: when the page was ready decides).
    const into = pressedAt - (before.program?.startMs ?? 0);
    expect(s.timeShift.behindMs).to.be.at.least(8_000);
    expect(s.timeShift.behindMs, 'behind by the time into the program at the key').to.be.within(into - 1_000, into + 3_000);
    const shown = /^−0:(\d\d) behind live · LIVE returns$/.exec(s.banner?.shift ?? '');
    expect(shown, `banner: ${s.banner?.shift}`).to.not.equal(null);
    expect(Number(shown?.[1]), 'the banner says how far, in seconds').to.be.closeTo(s.timeShift.behindMs / 1000, 1.5);
    expect(s.banner?.badge).to.equal('START-OVER');
    await expectOnShiftedSchedule('start-over');
  });

  it('pauses on its frame and resumes where it stopped, further behind live', async () => {
    const behindBefore = (await qaState(tv.page)).timeShift.behindMs;
    await tv.page.keyboard.press('KeyP');
    const paused = await waitFor('paused', async () => {
      const q = await qaState(tv.page);
      const v = await videoClock(tv.page);
      return q.timeShift.mode === 'paused' && v?.paused ? { q, v } : null;
    }, 5_000, 50);
    await new Promise((r) => setTimeout(r, 1_500));
    const still = await videoClock(tv.page);
    expect(still?.currentTime, 'the picture holds').to.be.closeTo(paused.v.currentTime, 0.05);
    const during = await qaState(tv.page);
    expect(during.timeShift.behindMs - behindBefore).to.be.at.least(1_400);
    expect(during.banner?.badge).to.equal('PAUSED');
    await tv.page.keyboard.press('KeyP');
    const resumed = await waitFor('playing again', async () => {
      const q = await qaState(tv.page);
      const v = await videoClock(tv.page);
      return q.timeShift.mode === 'shifted' && v && !v.paused && v.currentTime > paused.v.currentTime ? q : null;
    }, 10_000, 50);
    expect(resumed.timeShift.behindMs - behindBefore, 'the pause added to the shift').to.be.at.least(1_400);
    await expectOnShiftedSchedule('resumed');
    const v = await videoClock(tv.page);
    expect(v?.currentTime, 'on from where it paused, not live').to.be.below(paused.v.currentTime + SETTLE_MS / 1000 + 2);
  });

  it('LIVE returns to the synced live position; Back does too, once the banner is closed', async () => {
    await tv.page.keyboard.press('KeyV');
    await waitFor('live again', async () => (await qaState(tv.page)).timeShift.mode === 'live', 5_000, 50);
    await expectOnShiftedSchedule('live (nothing behind)');
    expect((await qaState(tv.page)).timeShift.behindMs).to.equal(0);
    await tv.page.keyboard.press('KeyO');
    await waitFor('start-over', async () => (await qaState(tv.page)).timeShift.mode === 'shifted', 5_000, 50);
    expect((await qaState(tv.page)).banner?.visible, 'start-over shows the banner').to.equal(true);
    await tv.page.keyboard.press('Escape'); // closes the banner
    expect((await qaState(tv.page)).timeShift.mode).to.equal('shifted');
    await tv.page.keyboard.press('Escape'); // back to live
    const live = await waitFor('live after Back', async () => {
      const q = await qaState(tv.page);
      return q.timeShift.mode === 'live' && q.playing ? q : null;
    }, 5_000, 50);
    expect(live.channel?.number, 'Back went to live, not to the previous channel').to.equal(1);
    await expectOnShiftedSchedule('live after Back');
  });

  it('a channel whose broadcaster forbids start-over stays live, and a zap leaves start-over', async () => {
    await tv.page.keyboard.press('KeyO');
    await waitFor('start-over', async () => (await qaState(tv.page)).timeShift.mode === 'shifted', 5_000, 50);
    await tv.page.keyboard.press('PageUp');
    const s = await waitPlaying(tv.page, 2, 20_000);
    expect(s.timeShift.mode, 'the zap plays the new channel live').to.equal('live');
    await tv.page.keyboard.press('KeyO');
    await tv.page.keyboard.press('KeyP');
    await new Promise((r) => setTimeout(r, 500));
    const after = await qaState(tv.page);
    expect(after.timeShift).to.deep.equal({ mode: 'live', behindMs: 0 });
    expect(after.banner?.shift, 'no start-over line').to.equal('');
    expect((await videoClock(tv.page))?.paused).to.equal(false);
  });
});
