// Seamless program boundaries in real Chromium: the next program is prepared on the second player
// and started at its exact start time, the players swap in one frame (no slate, no pause), loop
// channels wrap the same way, and what the banner says is on is what plays.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ASSET_FILES } from '#core/content-layout.js';
import { assetUrlPattern } from './ladder-fixture.js';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { expectSync, frameSamples } from './sync-bound.js';
import { FRAME_LOG, waitPlaying, type Frame } from './tv-page.js';

const WATCH_MS = 22_000; // at least three boundaries of the 6 s / 8 s loop
const AT_BOUNDARY_BOUND_MS = 100; // |media clock - schedule| in the first frames of a program
const SETTLED_BOUND_MS = 50; // ... and 2-3 s into it

describe('TV app program boundaries in Chromium (two players, real media)', function () {
  this.timeout(180_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'assetB', title: 'Bravo', seconds: 6, hue: 120 },
        { id: 'assetC', title: 'Charlie', seconds: 8, hue: 240 },
      ],
      channels: [{ id: 'two', number: 1, name: 'Two', loop: ['assetB', 'assetC'] }],
    });
    browser = await openBrowser();
    page = await openTv(browser, system.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('crosses every boundary by swapping players: no slate, no pause, on time, and the banner matches what plays', async () => {
    await waitPlaying(page, 1, 30_000);
    await page.evaluate(FRAME_LOG);
    await page.waitForTimeout(WATCH_MS);
    const frames = (await page.evaluate('window.__frames')) as Frame[];
    expect(frames.length).to.be.above(WATCH_MS / 50); // the page kept rendering

    // Seamless: once playing, never a slate, never a paused picture, never "not playing".
    const glitches = frames.filter((f) => f.slate || f.paused || !f.playing);
    expect(glitches.length, `frames with a slate or a pause: ${JSON.stringify(glitches.slice(0, 3))}`).to.equal(0);
    expect(Math.max(...frames.map((f) => f.videos))).to.equal(2); // two players, never more

    const boundaries: number[] = [];
    for (let i = 1; i < frames.length; i++) if (frames[i]?.program !== frames[i - 1]?.program) boundaries.push(i);
    expect(boundaries.length, 'boundaries crossed').to.be.at.least(2);
    for (const i of boundaries) {
      const start = frames[i];
      if (!start) continue;
      // The players take turns: the frame after the boundary is on the other player.
      const before = frames[i - 2];
      const after = frames[i + 2];
      expect(after?.deck, `deck swap at ${start.program}`).to.not.equal(before?.deck);
      // On time: the first frames of the new program are on its schedule.
      for (const f of frames.slice(i + 2, i + 6)) {
        expect(Math.abs(f.errorMs ?? Infinity), `first frames of ${start.program}: ${f.errorMs?.toFixed(1)} ms`).to.be.at.most(AT_BOUNDARY_BOUND_MS);
      }
      const airing = frames.filter((f) => f.program === start.program && f.wall >= start.wall);
      const errors = frameSamples(airing, start.wall + 2_000, start.wall + 3_000, { boundMs: SETTLED_BOUND_MS, limitWall: (airing.at(-1)?.wall ?? 0) - 300 });
      if (errors.length > 0) expectSync(errors, `${start.program} 2-3 s in, every 100 ms`, SETTLED_BOUND_MS);
    }

    // What the banner says is on is what plays (the boundary frame itself may be read mid-swap).
    const settledFrames = frames.filter((f, i) => !boundaries.some((b) => i >= b - 1 && i <= b + 1));
    for (const f of settledFrames) {
      expect(f.banner, `banner at ${f.program}`).to.equal(`Now: ${f.title}`);
      const asset = f.title === 'Bravo' ? 'assetB' : 'assetC';
      expect(f.url ?? '', `media at ${f.program}`).to.match(assetUrlPattern(ASSET_FILES.manifest, asset));
      // QA stats come from the player on air, whichever deck it is (its variant's bandwidth).
      expect(f.rungBandwidth ?? 0, `rung bandwidth on deck ${f.deck} at ${f.program}`).to.be.above(0);
    }
    expect(new Set(settledFrames.map((f) => f.deck))).to.deep.equal(new Set(['A', 'B']));
  });
});
