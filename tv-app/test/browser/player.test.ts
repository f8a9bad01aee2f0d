// The TV app in real Chromium against the whole system (npm start's entry on port 0) with tiny real
// media: driven only by key presses, checked on the real <video> element and the API's schedule.
import { expect } from 'chai';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { ASSET_FILES } from '#core/content-layout.js';
import { assetUrlPattern } from './ladder-fixture.js';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { apiNow, qaState, syncErrorMs, waitFor, waitPlaying, type ApiProgram } from './tv-page.js';
import { expectSync, sampleSync } from './sync-bound.js';

const SYNC_BOUND_MS = 50; // |media clock - schedule| allowed a few seconds after a tune
const SETTLE_MS = 3_000; // time given to a tune to lock before the sync check

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

describe('TV app in Chromium (whole system, real media)', function () {
  this.timeout(180_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  const bootStartedAt = { ms: 0 };

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'assetA', title: 'Alpha', seconds: 12, hue: 0 },
        { id: 'assetB', title: 'Bravo', seconds: 6, hue: 120 },
        { id: 'assetC', title: 'Charlie', seconds: 8, hue: 240 },
      ],
      channels: [
        { id: 'one', number: 1, name: 'One', loop: ['assetA'] },
        { id: 'two', number: 2, name: 'Two', loop: ['assetB', 'assetC'] },
        { id: 'three', number: 3, name: 'Three', loop: ['assetC'] },
      ],
    });
    browser = await openBrowser();
    bootStartedAt.ms = Date.now();
    page = await openTv(browser, system.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** The API's program on air on `channelId` now. */
  async function onAir(channelId: string): Promise<ApiProgram> {
    return waitFor(`a program on ${channelId}`, async () => {
      const now = await apiNow(system.baseUrl, channelId);
      const t = Date.now();
      return now.current && t >= now.current.startMs && t < now.current.endMs - 400 ? now.current : null;
    }, 10_000);
  }

  /** What the app says is on and what it plays are the API's current program (retried across a boundary). */
  async function expectPlaysApiProgram(channelId: string): Promise<void> {
    await waitFor(`${channelId} playing the API's current program`, async () => {
      const now = await apiNow(system.baseUrl, channelId);
      const state = await qaState(page);
      return (
        now.current !== null &&
        state.channel?.id === channelId &&
        state.playing &&
        state.program?.id === now.current.id &&
        (state.mediaUrl ?? '').endsWith(now.current.dashUrl)
      );
    }, 10_000);
  }

  /** A few samples of |media clock - schedule|, each against the program on air at that moment. */
  async function expectInSync(channelId: string): Promise<number[]> {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const errors = await sampleSync(async () => {
      const program = await onAir(channelId);
      const state = await qaState(page);
      // Only programs that have been on for a few seconds (a boundary is a new join).
      if (!state.playing || state.program?.id !== program.id || Date.now() - program.startMs < SETTLE_MS) return null;
      return syncErrorMs(page, program);
    }, { samples: 5, boundMs: SYNC_BOUND_MS, everyMs: 150, timeoutMs: 20_000 });
    expect(errors.length, 'sync samples').to.be.at.least(5);
    expectSync(errors, 'sync', SYNC_BOUND_MS);
    return errors;
  }

  it('boots on the lowest channel number and shows its first frame, in sync with the schedule', async () => {
    const state = await waitPlaying(page, 1, 30_000);
    expect(Date.now() - bootStartedAt.ms).to.be.below(30_000);
    expect(state.slate.shown).to.equal(false);
    expect(state.mediaUrl).to.match(assetUrlPattern(ASSET_FILES.manifest, 'assetA'));
    await expectInSync('one');
  });

  it('shows the API now/next in the info banner (OK opens it)', async () => {
    // The tune banner hides by itself after bannerTimeoutMs; then OK brings it back.
    await waitFor('the tune banner to hide', async () => !(await qaState(page)).banner?.visible, 10_000);
    await page.keyboard.press('Enter');
    const state = await waitFor('banner shown', async () => {
      const s = await qaState(page);
      return s.banner?.visible ? s : null;
    }, 3000);
    const now = await apiNow(system.baseUrl, 'one');
    expect(state.banner?.number).to.equal('1');
    expect(state.banner?.name).to.equal('One');
    expect(state.banner?.now).to.equal(`Now: ${now.current?.title}`);
    expect(state.banner?.next).to.equal(`Next: ${now.next?.title}`);
    if (now.current) expect(state.banner?.nowTimes).to.equal(`${hhmm(now.current.startMs)} – ${hhmm(now.current.endMs)}`);
    expect(['IN SYNC', 'CORRECTING', 'OFFLINE']).to.include(state.banner?.badge);
    await page.keyboard.press('Escape'); // Back closes the banner
    await waitFor('banner hidden', async () => !(await qaState(page)).banner?.visible, 3000);
    expect((await qaState(page)).channel?.number).to.equal(1); // and did not zap
  });

  it('zaps up and down with CH+/CH- (PageUp/PageDown) and arrows, playing the right media', async () => {
    await page.keyboard.press('PageUp');
    await waitPlaying(page, 2);
    await expectPlaysApiProgram('two');
    await page.keyboard.press('ArrowUp');
    const state = await waitPlaying(page, 3);
    expect(state.mediaUrl).to.match(assetUrlPattern(ASSET_FILES.manifest, 'assetC'));
    await expectInSync('three');
    await page.keyboard.press('PageDown');
    await waitPlaying(page, 2);
  });

  it('Back goes to the previous channel once the banner is closed', async () => {
    await page.keyboard.press('ArrowDown'); // 2 -> 1
    await waitPlaying(page, 1);
    await page.keyboard.press('Escape'); // closes the tune banner
    await waitFor('banner hidden', async () => !(await qaState(page)).banner?.visible, 3000);
    await page.keyboard.press('Backspace');
    await waitPlaying(page, 2);
    expect((await qaState(page)).previous?.number).to.equal(1);
  });

  it('tunes by digits after the entry timeout; an unknown number says so and stays', async () => {
    await page.keyboard.press('3');
    expect((await qaState(page)).entry.digits).to.equal('3_');
    await waitPlaying(page, 3);
    await page.keyboard.press('9');
    await page.keyboard.press('7');
    await page.keyboard.press('Enter'); // OK commits at once
    const state = await waitFor('the no-channel note', async () => {
      const s = await qaState(page);
      return s.entry.note ? s : null;
    }, 3000);
    expect(state.entry.note).to.equal('No channel 97');
    expect(state.channel?.number).to.equal(3);
    await expectInSync('three');
  });

  it('crosses a program boundary while watching and stays in sync after it', async () => {
    await page.keyboard.press('2');
    await waitPlaying(page, 2);
    const before = await qaState(page);
    const beforeId = before.program?.id;
    expect(beforeId).to.be.a('string');
    const after = await waitFor('the next program', async () => {
      const s = await qaState(page);
      return s.program && s.program.id !== beforeId && s.playing ? s : null;
    }, 15_000);
    expect(after.program?.startMs).to.equal(before.program?.endMs); // the very next program
    await expectPlaysApiProgram('two');
    await expectInSync('two');
  });

  it('keeps playing on the last clock estimate when the broker is lost, shows OFFLINE, and re-syncs on return', async () => {
    await page.close();
    // This viewer reaches the broker through a switch the test controls (the WebSocket at /ws).
    let brokerReachable = true;
    const sockets: WebSocketRoute[] = [];
    page = await openTv(browser, system.baseUrl, {
      beforeGoto: (p) =>
        p.routeWebSocket(/\/ws$/, (ws) => {
          if (!brokerReachable) {
            void ws.close({ code: 1011, reason: 'broker down' });
            return;
          }
          ws.connectToServer();
          sockets.push(ws);
        }),
    });
    await waitPlaying(page, 1, 30_000); // a fresh device: the lowest number
    await waitFor('broker up', async () => (await qaState(page)).brokerUp, 10_000);
    brokerReachable = false;
    for (const ws of sockets.splice(0)) await ws.close({ code: 1011, reason: 'broker down' });
    await page.keyboard.press('KeyI'); // Info: the banner shows the badge
    const offline = await waitFor('OFFLINE badge', async () => {
      const s = await qaState(page);
      return !s.brokerUp && s.banner?.badge === 'OFFLINE' ? s : null;
    }, 10_000);
    expect(offline.channel?.number).to.equal(1);
    await waitPlaying(page, 1); // still playing, no reload
    brokerReachable = true;
    await waitFor('broker back', async () => (await qaState(page)).brokerUp, 30_000);
    await expectPlaysApiProgram('one');
    await expectInSync('one');
  });

  it('plays HLS, the configured alternative, in sync too', async () => {
    await page.close();
    page = await openTv(browser, system.baseUrl, { query: '?protocol=hls' });
    const state = await waitPlaying(page, 1, 30_000);
    expect(state.mediaUrl).to.match(assetUrlPattern(ASSET_FILES.hlsMaster, 'assetA'));
    await expectInSync('one');
  });
});
