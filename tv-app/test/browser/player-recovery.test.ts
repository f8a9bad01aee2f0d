// The TV app recovering without a reload, in real Chromium against the whole system: a live lineup
// change and `control/sync` applied while watching; media that fails (Playwright request routing)
// -> retries -> the "channel unavailable" slate with the next program time -> recovery; and an API
// outage at boot retried with backoff.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ASSET_FILES } from '#core/content-layout.js';
import { assetUrlPattern } from './ladder-fixture.js';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { API_DEFAULTS } from '../../src/lib/net/api-client.js';
import { apiNow, qaState, syncErrorMs, waitFor, waitPlaying } from './tv-page.js';
import { expectSync, sampleSync } from './sync-bound.js';

const SYNC_BOUND_MS = 50; // |media clock - schedule| allowed a few seconds after a (re)join
const SETTLE_MS = 3_000; // time given to a join to lock before the sync check
const LONG_ASSET_SECONDS = 40; // channel four: long programs, so a re-join is not a boundary

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TV app recovery in Chromium (whole system, real media)', function () {
  this.timeout(180_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page | null = null;

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'assetA', title: 'Alpha', seconds: 12, hue: 0 },
        { id: 'assetB', title: 'Bravo', seconds: 6, hue: 120 },
        { id: 'assetC', title: 'Charlie', seconds: 8, hue: 240 },
        { id: 'assetL', title: 'Long', seconds: LONG_ASSET_SECONDS, hue: 60 },
      ],
      channels: [
        { id: 'one', number: 1, name: 'One', loop: ['assetA'] },
        { id: 'two', number: 2, name: 'Two', loop: ['assetB'] },
        { id: 'three', number: 3, name: 'Three', loop: ['assetC'] },
        { id: 'four', number: 4, name: 'Four', loop: ['assetL'] },
      ],
    });
    browser = await openBrowser();
  });

  afterEach(async () => {
    await page?.close();
    page = null;
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  function need(): Page {
    if (!page) throw new Error('no page');
    return page;
  }

  async function api(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${system.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${system.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** A page marker that a reload would lose. */
  async function markPage(): Promise<void> {
    await need().evaluate('window.__ssNoReload = 42');
  }

  async function expectNotReloaded(): Promise<void> {
    expect(await need().evaluate('window.__ssNoReload')).to.equal(42);
  }

  /** What the app plays is the API's current program of `channelId` (retried across a boundary). */
  async function expectPlaysApiProgram(channelId: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(`${channelId} playing the API's current program`, async () => {
      const now = await apiNow(system.baseUrl, channelId);
      const state = await qaState(need());
      return (
        now.current !== null && state.channel?.id === channelId && state.playing && !state.slate.shown &&
        state.program?.id === now.current.id && (state.mediaUrl ?? '').endsWith(now.current.dashUrl)
      );
    }, timeoutMs);
  }

  /** Five samples of |media clock - schedule| once the join has had SETTLE_MS. */
  async function expectInSync(channelId: string): Promise<void> {
    await sleep(SETTLE_MS);
    const errors = await sampleSync(async () => {
      const now = await apiNow(system.baseUrl, channelId);
      const state = await qaState(need());
      const program = now.current;
      if (!program || !state.playing || state.program?.id !== program.id || Date.now() - program.startMs < SETTLE_MS || program.endMs - Date.now() < 400) return null;
      return syncErrorMs(need(), program);
    }, { samples: 5, boundMs: SYNC_BOUND_MS, everyMs: 150, timeoutMs: 20_000 });
    expect(errors.length, 'sync samples').to.be.at.least(5);
    expectSync(errors, 'sync', SYNC_BOUND_MS);
  }

  it('applies a lineup change (new lineup version) live: the new name and the new program play without a reload', async () => {
    page = await openTv(browser, system.baseUrl);
    await waitPlaying(need(), 1, 30_000);
    await waitFor('broker up', async () => (await qaState(need())).brokerUp, 10_000);
    await markPage();
    expect((await qaState(need())).mediaUrl).to.match(assetUrlPattern(ASSET_FILES.manifest, 'assetA'));
    await api('PATCH', '/v1/channels/one', { name: 'One Live', loop: { epochMs: Date.now() - 60_000, items: [{ assetId: 'assetB' }] } });
    await waitFor('the new name and media', async () => {
      const s = await qaState(need());
      return s.channel?.name === 'One Live' && assetUrlPattern(ASSET_FILES.manifest, 'assetB').test(s.mediaUrl ?? '') && s.playing;
    }, 15_000);
    await expectPlaysApiProgram('one');
    await waitFor('the tune banner to hide', async () => !(await qaState(need())).banner?.visible, 15_000);
    await need().keyboard.press('Enter'); // the banner says what is on now: the new lineup's program
    const banner = await waitFor('banner', async () => {
      const s = await qaState(need());
      return s.banner?.visible ? s.banner : null;
    }, 3_000);
    expect(banner.name).to.equal('One Live');
    expect(banner.now).to.equal('Now: Bravo');
    await expectInSync('one');
    await expectNotReloaded();
  });

  it('keeps the picture while a background lineup reload fails: no slate over a playing channel', async () => {
    page = await openTv(browser, system.baseUrl);
    await waitPlaying(need(), 1, 30_000);
    await waitFor('broker up', async () => (await qaState(need())).brokerUp, 10_000);
    await waitFor('the tune banner to hide', async () => !(await qaState(need())).banner?.visible, 15_000);
    let failed = 0; // lineup requests refused
    await need().route(/\/v1\//, (route) => {
      if (/\/v1\/channels(\?|$)/.test(route.request().url())) failed += 1;
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"SS_UNAVAILABLE","message":"down"}' });
    });
    await api('PATCH', '/v1/channels/two', { group: 'moved' }); // a new lineup version: the page reloads the lineup
    // The client retries each request (API_DEFAULTS.attempts); then the page's own retry begins.
    await waitFor('the reload to give up once and retry', async () => failed > API_DEFAULTS.attempts, 30_000);
    for (let i = 0; i < 10; i++) {
      const s = await qaState(need());
      expect(s.slate.shown, `slate "${s.slate.message}" over channel ${s.channel?.number}`).to.equal(false);
      expect(s.playing).to.equal(true);
      await sleep(200);
    }
    await need().unroute(/\/v1\//);
    await expectPlaysApiProgram('one');
  });

  it('applies control/sync (POST /sync) live: the channel on air re-joins and is in sync again, without a reload', async () => {
    page = await openTv(browser, system.baseUrl);
    await waitPlaying(need(), 1, 30_000);
    await need().keyboard.press('4');
    await waitPlaying(need(), 4);
    await markPage();
    // Well inside a long program, so the re-join cannot be mistaken for a boundary.
    await waitFor('a long program with 20 s left', async () => {
      const now = await apiNow(system.baseUrl, 'four');
      return now.current && now.current.endMs - Date.now() > 20_000 && Date.now() - now.current.startMs > 2_000;
    }, LONG_ASSET_SECONDS * 1000);
    await sleep(1_500); // joined and locked
    const before = await qaState(need());
    const joinsBefore = before.sync?.joins ?? Number.NaN;
    const answer = (await api('POST', '/sync', { channelId: 'four' })) as { delivered: boolean };
    expect(answer.delivered).to.equal(true);
    await waitFor('a re-join', async () => ((await qaState(need())).sync?.joins ?? 0) > joinsBefore, 5_000);
    const after = await qaState(need());
    expect(after.program?.id).to.equal(before.program?.id); // the same program: a re-join, not a boundary
    expect(after.channel?.number).to.equal(4);
    await expectPlaysApiProgram('four');
    await expectInSync('four');
    await expectNotReloaded();
  });

  it('retries failing media, then shows "channel unavailable" with the next program time, and recovers when the media is back', async () => {
    let failing = true;
    let failed = 0;
    page = await openTv(browser, system.baseUrl, {
      beforeGoto: async (p) => {
        await p.route(/\/media\/assetC\//, (route) => {
          if (!failing) return route.continue();
          failed++;
          return route.abort('failed');
        });
      },
    });
    await waitPlaying(need(), 1, 30_000);
    await markPage();
    await need().keyboard.press('3');
    const unavailable = await waitFor('the unavailable slate', async () => {
      const s = await qaState(need());
      return s.slate.shown && s.slate.message.startsWith('Channel unavailable') ? s : null;
    }, 45_000);
    expect(unavailable.channel?.number).to.equal(3); // stays on the channel
    expect(unavailable.playing).to.equal(false);
    const m = /^Channel unavailable · next program at (\d\d:\d\d)$/.exec(unavailable.slate.message);
    expect(m, unavailable.slate.message).to.not.equal(null);
    const now = await apiNow(system.baseUrl, 'three');
    const starts = [now.current?.startMs, now.current?.endMs, now.next?.endMs].flatMap((t) => (t === undefined ? [] : [hhmm(t)]));
    expect(starts).to.include(m?.[1]);
    // Shaka retries each request, and the app loads again before giving up: several loads' worth.
    const shakaAttemptsPerLoad = 4;
    expect(failed).to.be.above(shakaAttemptsPerLoad * 2);
    failing = false;
    await waitPlaying(need(), 3, 40_000);
    await expectPlaysApiProgram('three');
    await expectInSync('three');
    await expectNotReloaded();
  });

  it('retries the API with backoff while it is down at boot, then plays without a reload', async () => {
    let apiDown = true;
    const attempts: number[] = [];
    page = await openTv(browser, system.baseUrl, {
      beforeGoto: async (p) => {
        await p.route(/\/v1\//, (route) => {
          if (!apiDown) return route.continue();
          if (/\/v1\/channels(\?|$)/.test(route.request().url())) attempts.push(Date.now());
          return route.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"SS_UNAVAILABLE","message":"down"}' });
        });
      },
    });
    await waitFor('the waiting slate', async () => {
      const s = await qaState(need());
      return s.slate.shown && s.slate.message === 'Waiting for the service…';
    }, 30_000);
    await markPage();
    await waitFor('a few lineup attempts', async () => attempts.length >= 6, 30_000);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
    expect(Math.min(...gaps), `gaps ${gaps.join(', ')} ms`).to.be.above(150); // never a tight loop
    expect(gaps[gaps.length - 1] ?? 0, `gaps ${gaps.join(', ')} ms`).to.be.above(3 * (gaps[0] ?? Infinity)); // backing off
    expect((await qaState(need())).playing).to.equal(false);
    apiDown = false;
    await waitPlaying(need(), 1, 40_000);
    await expectPlaysApiProgram('one');
    await expectNotReloaded();
  });
});
