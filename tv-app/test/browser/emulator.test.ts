// The QA emulator (/emulator) in real Chromium against the whole system: its remote is clicked,
// its panel is read, and both are checked against the TV frame's own state and the API schedule.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Browser, Frame, Page } from 'playwright-core';
import { openBrowser, startSystem, type RunningSystem } from './system-harness.js';
import { waitFor } from './tv-page.js';
import { trueErrorMs, viewerClock, type ApiProgramLite } from './scenario-harness.js';
import { expectSync, sampleSync } from './sync-bound.js';

const SYNC_BOUND_MS = 50; // the e2e bound: |media clock - schedule|
const VIEWPORT = { width: 1600, height: 900 }; // CSS pixels

describe('QA emulator in Chromium (whole system)', function () {
  this.timeout(180_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'assetA', title: 'Alpha', seconds: 30, hue: 0 }, // long: few boundaries (each is a new join)
        { id: 'assetB', title: 'Bravo', seconds: 8, hue: 120 },
      ],
      channels: [
        { id: 'one', number: 1, name: 'One', loop: ['assetA', 'assetB'] },
        { id: 'two', number: 2, name: 'Two', loop: ['assetB'] },
      ],
    });
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function programs(channelId: string): Promise<ApiProgramLite[]> {
    const t = Date.now();
    const res = await fetch(`${system.baseUrl}/v1/channels/${channelId}/schedule?from=${t - 60_000}&to=${t + 300_000}`);
    return ((await res.json()) as { programs: ApiProgramLite[] }).programs;
  }

  /** The panel cell of a field for viewer `v` (1-based). */
  async function cell(field: string, v = 1): Promise<string> {
    return (await page.locator(`td[data-field="${field}"][data-viewer="${v}"]`).textContent()) ?? '';
  }

  /** A panel figure such as "−12.34 ms (state)" as a number. */
  function panelMs(text: string): number {
    const m = /^([+−±])(\d+(?:\.\d+)?) ms/.exec(text);
    if (!m?.[2]) return Number.NaN;
    return (m[1] === '−' ? -1 : 1) * Number(m[2]);
  }

  /** The TV frame of viewer `v` (its URL carries the client id emu-<run>-<v>). */
  function tvFrame(v = 1): Frame {
    const frame = page.frames().find((f) => new RegExp(`[?&]clientId=emu-[A-Za-z0-9_-]+-${v}(&|#|$)`).test(f.url()));
    if (!frame) throw new Error(`no TV frame ${v} (frames: ${page.frames().map((f) => f.url()).join(', ')})`);
    return frame;
  }

  async function frameState(v = 1): Promise<{
    channel: { number: number } | null;
    banner: { visible: boolean } | null;
    playing: boolean;
    sync: { state: string; stalls: number; restarts: number; joins: number } | null;
  }> {
    return tvFrame(v).evaluate(() => JSON.parse(JSON.stringify((window as unknown as { streamsyncTv: { state: () => unknown } }).streamsyncTv.state())) as never);
  }

  async function press(name: string): Promise<void> {
    await page.locator(`.remote button[data-key="${name}"]`).click();
  }

  async function waitChannel(label: string, v = 1): Promise<void> {
    await waitFor(`panel shows ${label} playing`, async () => (await cell('channel', v)) === label && /ms/.test(await cell('positionError', v)), 20_000);
  }

  /** The panel shows the viewer locked (an error without a state note) on `label`. */
  async function waitLocked(label: string, v = 1, timeoutMs = 30_000): Promise<void> {
    let last = '';
    await waitFor(`TV ${v} locked on ${label}`, async () => {
      last = await cell('positionError', v);
      return (await cell('channel', v)) === label && /^[+−±]\d+\.\d{2} ms$/.test(last);
    }, timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}; position error cell: ${last}`);
    });
  }

  /**
   * A few true-sync samples of a frame (host clock against the API's schedule), of a viewer the test
   * has just seen locked (or in sync on the spread), sampled on while a disturbance may still recover.
   */
  async function expectFrameInSync(v: number, channelId: string): Promise<void> {
    const frame = tvFrame(v);
    const list = await programs(channelId);
    const notes: string[] = []; // each sample with the viewer's sync figures then (state, stalls, restarts, joins)
    let last = '';
    const errors = await sampleSync(async () => {
      const clock = await viewerClock(frame);
      const e = trueErrorMs(clock, list);
      if (e === null) {
        last = JSON.stringify(clock);
        return null;
      }
      const { sync } = await frameState(v);
      notes.push(`${e.toFixed(1)} (${sync?.state} s${sync?.stalls} r${sync?.restarts} j${sync?.joins})`);
      return e;
    }, { samples: 5, boundMs: SYNC_BOUND_MS, everyMs: 150, missMs: 150, timeoutMs: 20_000 });
    expect(errors.length, `viewer ${v}: sync samples (last miss ${last}; programs ${list.map((p) => `${p.id}@${p.startMs}`).join(' ')})`).to.be.at.least(5);
    expectSync(errors, `viewer ${v}: sync`, SYNC_BOUND_MS, { inSyncBefore: true, context: `details: ${notes.join(', ')}` });
  }

  it('shows the TV in a 1920x1080 frame with a remote for every key of the key map', async () => {
    page = await browser.newPage({ viewport: VIEWPORT });
    const refused: string[] = []; // what the emulator page's Content-Security-Policy refused
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => ((window as unknown as { __refused: string[] }).__refused ??= []).push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto(`${system.baseUrl}/emulator`);
    await waitChannel('1 One');
    refused.push(...((await page.evaluate(() => (window as unknown as { __refused?: string[] }).__refused)) ?? []));
    expect(refused, "what the emulator page's Content-Security-Policy refused").to.deep.equal([]);
    expect((await frameState()) as unknown as { policyViolations: string[] | null }, "what the TV frame's policy refused").to.have.property('policyViolations').that.deep.equals([]);
    const settings = JSON.parse(await readFile(new URL('../../../settings.json', import.meta.url), 'utf8')) as { appSettings: { keys: Record<string, string> } };
    const names = new Set(Object.values(settings.appSettings.keys));
    const buttons = await page.locator('.remote button[data-key]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key));
    expect(new Set(buttons)).to.deep.equal(names);
    const size = await page.locator('.screen iframe').evaluate((el) => ({ w: (el as HTMLIFrameElement).offsetWidth, h: (el as HTMLIFrameElement).offsetHeight }));
    expect(size).to.deep.equal({ w: 1920, h: 1080 });
    expect(await cell('stage')).to.equal('1920×1080'); // the app's canvas is a 1080p stage
  });

  it('its live panel shows clock, sync, rung, bandwidth, buffer and MQTT figures that match the TV', async () => {
    await waitFor('MQTT connected and the clock synced', async () => (await cell('mqtt')) === 'connected' && /ms/.test(await cell('clockUncertainty')), 15_000);
    await waitLocked('1 One');
    const offset = await cell('clockOffset');
    expect(offset).to.match(/^[+−±]\d+\.\d{2} ms/);
    expect(Math.abs(panelMs(offset))).to.be.below(SYNC_BOUND_MS); // same host: ~0
    expect(await cell('clockUncertainty')).to.match(/^±\d+\.\d{2} ms$/);
    const error = await page.locator('td[data-field="positionError"][data-viewer="1"]').getAttribute('data-ms');
    expect(Math.abs(Number(error))).to.be.at.most(SYNC_BOUND_MS);
    expect(Number(await cell('rate'))).to.be.within(0.95, 1.05);
    await waitFor('the rung', async () => /^180p · \d+ kb\/s$/.test(await cell('rung')), 10_000);
    expect(await cell('bandwidth')).to.match(/\d (kb|Mb)\/s$/);
    await waitFor('buffer ahead', async () => Number((await cell('buffer')).replace(' s', '')) > 0.5, 10_000);
    // The panel follows the frame's own state (it updates several times a second).
    const state = await frameState();
    expect(state.channel?.number).to.equal(1);
    await expectFrameInSync(1, 'one');
  });

  it('clicking CH+, digits, OK, Info and Back drives the TV like its keyboard', async () => {
    await press('ChannelUp');
    await waitChannel('2 Two');
    expect((await frameState()).channel?.number).to.equal(2);
    await press('Digit1');
    await press('Enter'); // OK commits the typed number at once
    await waitChannel('1 One');
    await waitFor('the tune banner to hide', async () => !(await frameState()).banner?.visible, 10_000);
    await press('Info');
    await waitFor('banner shown', async () => (await frameState()).banner?.visible === true, 3_000);
    await press('Back');
    await waitFor('banner hidden', async () => !(await frameState()).banner?.visible, 3_000);
    expect((await frameState()).channel?.number).to.equal(1);
  });

  it("the emulator page's keyboard is a remote too", async () => {
    await page.keyboard.press('PageUp');
    await waitChannel('2 Two');
    await page.keyboard.press('PageDown');
    await waitChannel('1 One');
  });

  it('a device profile with a 720p stage and a clock minutes off still plays the right frame', async () => {
    const form = page.locator('form.profile[data-viewer="1"]');
    await form.locator('select[name="stage"]').selectOption('720');
    await form.locator('input[name="skewSec"]').fill('-300');
    await form.locator('input[name="driftPpm"]').fill('400');
    await form.locator('button[type="submit"]').click();
    await waitFor('the new device', async () => (await cell('device')).startsWith('−300000 ms · 400 ppm'), 20_000);
    await waitChannel('1 One');
    await waitFor('720p stage', async () => (await cell('stage')) === '1280×720', 10_000);
    expect(await tvFrame().evaluate(() => [window.innerWidth, window.innerHeight])).to.deep.equal([1280, 720]);
    // server − local: the TV's clock is 5 minutes behind, so the offset is about +300 s.
    // (the drift moves it by 0.4 ms per second of the TV's life)
    await waitFor('clock synced', async () => Math.abs(panelMs(await cell('clockOffset')) - 300_000) < 100, 15_000);
    await waitLocked('1 One');
    await expectFrameInSync(1, 'one');
  });

  it('the wall: independent viewers with their own clocks, joined at staggered moments, agree within the bound', async () => {
    await page?.close();
    page = await browser.newPage({ viewport: VIEWPORT });
    const openedAt = Date.now();
    await page.goto(`${system.baseUrl}/emulator?wall=3&stagger=1500`);
    await page.locator('.viewer iframe').nth(2).waitFor({ state: 'attached' });
    expect(await page.locator('.viewer iframe').count()).to.equal(3);
    for (const v of [1, 2, 3]) await waitChannel('1 One', v);
    expect(Date.now() - openedAt).to.be.above(3_000); // the third joined ~3 s after the first
    for (const v of [1, 2, 3]) await waitLocked('1 One', v);
    const devices = await Promise.all([1, 2, 3].map((v) => cell('device', v)));
    expect(new Set(devices).size, devices.join(' | ')).to.equal(3); // separate clocks
    const ids = [1, 2, 3].map((v) => new URL(tvFrame(v).url()).searchParams.get('clientId'));
    expect(new Set(ids).size).to.equal(3); // separate clients
    const readSpread = async () => {
      const el = page.locator('#spread');
      const text = (await el.textContent()) ?? '';
      const ms = await el.getAttribute('data-ms');
      return text.includes('all viewers') && ms ? { ms: Number(ms), media: Number(await el.getAttribute('data-media-ms')), text } : null;
    };
    const spreads: Array<{ ms: number; media: number; text: string }> = [];
    await waitFor('5 readings of the spread over all viewers', async () => {
      const s = await readSpread();
      if (s) spreads.push(s);
      return spreads.length >= 5;
    }, 20_000, 250);
    for (const s of spreads) {
      expect(s.text).to.match(/^Spread: \d+\.\d{2} ms/);
      expect(s.ms, s.text).to.be.at.most(SYNC_BOUND_MS);
      expect(s.media, s.text).to.be.at.most(SYNC_BOUND_MS);
    }
    for (const v of [1, 2, 3]) await expectFrameInSync(v, 'one');
    // The remote drives every TV of the wall.
    await press('ChannelUp');
    for (const v of [1, 2, 3]) await waitChannel('2 Two', v);
  });

  it('engine profiles on one wall: current Chromium, Chromium 68 on its polyfills, and WPE\'s sync profile play in sync', async () => {
    await page?.close();
    page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${system.baseUrl}/emulator?wall=3&stagger=500&engines=chromium,chromium68,wpe`);
    await page.locator('.viewer iframe').nth(2).waitFor({ state: 'attached' });
    // WPE's sync profile locks within 2 ms by timed restarts: on a loaded 2-core machine that takes longer.
    for (const v of [1, 2, 3]) await waitLocked('1 One', v, 60_000);
    const engines = await Promise.all([1, 2, 3].map((v) => tvFrame(v).evaluate(() => (window as unknown as { streamsyncTv: { state(): { engine: string | null } } }).streamsyncTv.state().engine)));
    expect(engines).to.deep.equal(['chromium', 'chromium', 'webkit-gstreamer']);
    // The Chromium 68 viewer runs on the bundle's polyfills, not on the browser's own APIs.
    const native = (v: number) => tvFrame(v).evaluate(() => /\[native code\]/.test(String(([] as unknown as { at: () => unknown }).at)));
    expect([await native(1), await native(2), await native(3)]).to.deep.equal([true, false, true]);
    for (const v of [1, 2, 3]) await expectFrameInSync(v, 'one');
    const titles = await page.locator('.viewer header').allTextContents();
    expect(titles.map((t) => t.split(' · ')[1])).to.deep.equal(['Chromium (current)', 'Chromium 68 (webOS 5, Tizen 5.5)', 'WPE WebKit (RDK)']);
  });
});
