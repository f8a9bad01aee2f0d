// The parental lock in real Chromium against the whole system, keys only: a broadcaster rates two
// programs TV-MA; the viewer sets a limit (13+) in Settings with a new PIN typed twice; the rated
// program on air is covered (every <video> hidden and silent), a wrong PIN says so, the right one
// uncovers it in sync, the next program is covered again, three wrong PINs lock entry, and a reload
// keeps the limit.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { broadcasterApi, oneTvOnSystem } from './system-harness.js';
import { qaState, waitFor, type QaState } from './tv-page.js';

interface SettingsQa {
  row: string;
  parental: { limit: number | null; pending: number | null; prompt: string | null; dots: string };
}

async function settings(page: Page): Promise<SettingsQa> {
  return page.evaluate(() => {
    const tv = (window as unknown as { streamsyncTv?: { state: () => { screens?: { settings?: unknown } } } }).streamsyncTv;
    return JSON.parse(JSON.stringify(tv?.state().screens?.settings ?? null)) as never;
  });
}

/** Every <video> of the page: hidden (opacity) and silent? */
async function videos(page: Page): Promise<Array<{ opacity: string; muted: boolean; onAir: boolean }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll('video')].map((v) => ({ opacity: v.style.opacity, muted: v.muted, onAir: v.hasAttribute('data-on-air') })),
  );
}

async function press(page: Page, keys: string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

const PIN = ['Digit2', 'Digit4', 'Digit6', 'Digit8'];
const WRONG = ['Digit1', 'Digit1', 'Digit1', 'Digit1'];

describe('parental lock in Chromium (ratings, limit and PIN, keys only)', function () {
  this.timeout(180_000);
  const tv = oneTvOnSystem(
    {
      assets: [
        { id: 'filmA', title: 'Film A', seconds: 10, hue: 0 },
        { id: 'filmB', title: 'Film B', seconds: 10, hue: 200 },
      ],
      channels: [{ id: 'late', number: 1, name: 'Late', loop: ['filmA', 'filmB'] }],
    },
    async (system) => {
      for (const id of ['filmA', 'filmB']) await broadcasterApi(system, 'PUT', `/v1/assets/${id}/rating`, { scheme: 'us-tv', value: 'TV-MA' });
    },
  );

  /** Waits for a program with at least `ms` to go, so a few keys land inside it. */
  async function inside(ms: number): Promise<QaState> {
    return waitFor(`${ms} ms of the program ahead`, async () => {
      const s = await qaState(tv.page);
      return s.program && s.program.endMs - Date.now() > ms ? s : null;
    }, 25_000, 100);
  }

  it('plays rated programs while no limit is set', async () => {
    const s = await qaState(tv.page);
    expect(s.parental?.limit).to.equal(null);
    expect(s.parental?.locked).to.equal(null);
    expect((await videos(tv.page)).every((v) => v.opacity === '')).to.equal(true);
  });

  it('Settings sets a 13+ limit with a new PIN typed twice; the TV-MA program on air is covered, picture and sound', async () => {
    await press(tv.page, ['KeyS', 'ArrowDown', 'ArrowDown', 'ArrowDown']);
    expect((await settings(tv.page)).row).to.equal('parental');
    await press(tv.page, ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']);
    expect((await settings(tv.page)).parental.pending).to.equal(13);
    await press(tv.page, ['Enter']);
    expect((await settings(tv.page)).parental.prompt).to.equal('choose');
    await press(tv.page, PIN.slice(0, 2));
    expect((await settings(tv.page)).parental.dots).to.equal('● ● ○ ○');
    await press(tv.page, PIN.slice(2));
    expect((await settings(tv.page)).parental.prompt).to.equal('confirm');
    await press(tv.page, PIN);
    const set = await settings(tv.page);
    expect(set.parental).to.deep.include({ limit: 13, prompt: null });
    await press(tv.page, ['Escape']);
    const s = await waitFor('the program covered', async () => {
      const q = await qaState(tv.page);
      return q.parental?.locked && q.parental.blocked ? q : null;
    }, 5_000);
    expect(s.parental?.locked?.text).to.match(/^Film [AB] · TV-MA$/);
    expect(s.parental?.view).to.deep.include({ shown: true, prompt: false });
    const els = await videos(tv.page);
    expect(els.length).to.be.above(0);
    expect(els.every((v) => v.opacity === '0' && v.muted), JSON.stringify(els)).to.equal(true);
    expect(s.playing, 'it plays on beneath, in sync').to.equal(true);
    const stored = await tv.page.evaluate(() => localStorage.getItem('streamsync.parental.lock') ?? '');
    expect(stored).to.not.include(PIN.map((k) => k.slice(-1)).join(''));
  });

  it('a wrong PIN says so; the right one uncovers the program until it ends, and the next is covered again', async () => {
    await inside(5_000);
    await press(tv.page, ['Enter']);
    expect((await qaState(tv.page)).parental?.view?.prompt).to.equal(true);
    await press(tv.page, WRONG);
    let s = await qaState(tv.page);
    expect(s.parental?.view?.note).to.equal('Wrong PIN · 2 tries left');
    expect(s.parental?.locked).to.not.equal(null);
    await press(tv.page, PIN);
    s = await qaState(tv.page);
    const unlocked = s.program?.id;
    expect(s.parental?.locked, 'uncovered').to.equal(null);
    expect(s.parental?.blocked).to.equal(false);
    const els = await videos(tv.page);
    expect(els.every((v) => v.opacity === ''), 'seen').to.equal(true);
    expect(els.find((v) => v.onAir)?.muted, 'heard').to.equal(false);
    // The next program (another TV-MA film) is covered from its start.
    const next = await waitFor('the next program covered', async () => {
      const q = await qaState(tv.page);
      return q.program && q.program.id !== unlocked && q.parental?.locked?.id === q.program.id && q.parental.blocked ? q : null;
    }, 20_000, 100);
    expect(next.parental?.view?.shown).to.equal(true);
  });

  it('three wrong PINs lock entry for a minute, and a reload keeps the limit and the cover', async () => {
    await inside(4_000);
    await press(tv.page, ['Enter', ...WRONG, ...WRONG, ...WRONG]);
    let s = await qaState(tv.page);
    expect(s.parental?.view?.note).to.match(/^Too many wrong PINs · try again in (1:00|0:5\d)$/);
    expect(s.parental?.lockedOutUntilMs).to.be.a('number');
    await press(tv.page, PIN);
    s = await qaState(tv.page);
    expect(s.parental?.locked, 'even the right PIN waits out the minute').to.not.equal(null);
    await tv.page.reload();
    s = await waitFor('covered after the reload', async () => {
      const q = await qaState(tv.page);
      return q.parental?.locked && q.parental.blocked && q.playing ? q : null;
    }, 30_000);
    expect(s.parental?.limit).to.equal(13);
    expect(s.parental?.lockedOutUntilMs, 'the lockout survives the reload').to.be.a('number');
  });
});
