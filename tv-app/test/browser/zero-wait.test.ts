// Zero wait in real Chromium against the whole system (tiny real media): CH+/CH- to a ready
// neighbour puts a picture already playing in sync on air, with no load of its manifest and no
// slate; zapping on through boundaries never rebuffers. Behaviour, not speed: the speed is
// `npm run bench:tv`'s.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { FRAME_LOG, apiNow, qaState, waitFor, waitPlaying, type Frame } from './tv-page.js';

const SYNC_BOUND_MS = 50; // |media clock - schedule| allowed on the frames right after a zap to a ready neighbour
const ZAPS = 20; // zaps in the rebuffering check
const BOUNDARIES = 2; // program boundaries the watched channels cross meanwhile, at least
const ZAP_ROOM_MS = 2_000; // a zap to a ready neighbour is made at least this far from its programs' boundaries
const CHANNEL_IDS = ['one', 'two', 'three', 'four']; // channel n is CHANNEL_IDS[n - 1]
const COLD_START_ROOM_MS = 6_000; // the cold start begins with at least this much of the program on air to go (a boot takes ~3 s)

/** `waiting` events of the <video> on air while it plays (rebuffering), counted in the page. */
const WAITING_LOG = `(() => {
  window.__waiting = [];
  document.addEventListener('waiting', (e) => {
    const v = e.target;
    if (v && v.hasAttribute && v.hasAttribute('data-on-air') && !v.paused) window.__waiting.push({ wall: performance.timeOrigin + performance.now(), src: v.id || 'video' });
  }, true);
})()`;

interface ReadyNeighbour {
  channelId: string;
  deck: number;
  playing: boolean;
}

async function readyNeighbours(page: Page): Promise<ReadyNeighbour[]> {
  return ((await qaState(page)) as unknown as { readyNeighbours: ReadyNeighbour[] }).readyNeighbours;
}

async function waitReady(page: Page, channelIds: string[]): Promise<void> {
  await waitFor(`ready neighbours ${channelIds.join(', ')}`, async () => {
    const ready = await readyNeighbours(page);
    return channelIds.every((id) => ready.some((r) => r.channelId === id && r.playing));
  }, 30_000, 200);
}

async function framesSince(page: Page, wallMs: number): Promise<Frame[]> {
  const frames = await page.evaluate(() => (window as unknown as { __frames: Frame[] }).__frames);
  return frames.filter((f) => f.wall >= wallMs);
}

async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now());
}

describe('Zero wait in Chromium (ready neighbours)', function () {
  this.timeout(240_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;

  before(async () => {
    // Every channel alternates two assets of its own: a manifest requested after a zap names the
    // channel and program it was for (a boundary's preparation asks for the next program's, never the current's).
    const titles = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel'];
    const seconds = [12, 6, 8, 10, 7, 9, 6, 8];
    const ids = titles.map((t) => `asset${t.charAt(0)}`);
    system = await startSystem({
      assets: titles.map((title, i) => ({ id: ids[i] ?? title, title, seconds: seconds[i] ?? 6, hue: i * 45 })),
      // Channel n alternates asset n and asset n + 4.
      channels: CHANNEL_IDS.map((id, i) => ({ id, number: i + 1, name: id, loop: [ids[i] ?? '', ids[i + 4] ?? ''] })),
    });
    browser = await openBrowser();
  });

  after(async () => {
    await page?.close().catch(() => {});
    await browser?.close();
    await system?.stop();
  });

  async function open(query = ''): Promise<Page> {
    return openTv(browser, system.baseUrl, {
      query,
      beforeGoto: async (p) => {
        await p.addInitScript(FRAME_LOG);
        await p.addInitScript(WAITING_LOG);
      },
    });
  }

  /** Zaps with `key` to a ready neighbour; checks the frames after the key and the requests made. */
  async function zapToReady(key: 'PageUp' | 'PageDown', number: number): Promise<void> {
    // Inside a program of the target channel: a zap at its boundary meets the next program's load (its own case).
    const channelId = CHANNEL_IDS[number - 1] ?? '';
    await waitFor(`channel ${number} inside a program`, async () => {
      const now = await apiNow(system.baseUrl, channelId);
      const t = Date.now();
      return now.current !== null && t - now.current.startMs > ZAP_ROOM_MS && now.current.endMs - t > ZAP_ROOM_MS;
    }, 30_000, 100);
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => requests.push(r.url());
    page.on('request', onRequest);
    const keyAt = await pageNow(page);
    await page.keyboard.press(key);
    await waitPlaying(page, number);
    await new Promise((r) => setTimeout(r, 500));
    page.off('request', onRequest);
    const frames = await framesSince(page, keyAt);
    // The new channel's first frame with its media named (the QA state may name the channel a frame
    // before the media; the slate and pause checks below cover every frame from the key on).
    const first = frames.findIndex((f) => f.channel === number && f.url !== null);
    expect(first, 'a frame of the new channel').to.be.at.least(0);
    const url = frames[first]?.url ?? '';
    expect(url, 'the new channel plays a program manifest').to.match(/\/media\/.+/);
    expect(requests.filter((u) => u === url), `requests for ${url} after the key (it was loaded before)`).to.deep.equal([]);
    const shown = frames.slice(0, first + 30);
    expect(shown.filter((f) => f.slate).length, 'frames covered by the slate between the key and well after the new picture').to.equal(0);
    expect(shown.filter((f) => f.paused).length, 'frames with the picture paused').to.equal(0);
    const onNew = frames.slice(first, first + 30).filter((f) => f.url === url && f.errorMs !== null);
    expect(onNew.length, 'frames of the new channel').to.be.at.least(5);
    const worst = Math.max(...onNew.map((f) => Math.abs(f.errorMs ?? 0)));
    expect(worst, `|media clock - schedule| on the new channel's first frames (${onNew.map((f) => (f.errorMs ?? 0).toFixed(1)).join(', ')} ms)`).to.be.at.most(SYNC_BOUND_MS);
  }

  // One TV, in order: its cold start, a far zap, zaps to ready neighbours, then zapping on (one boot).

  /** The frames of `channel` from `fromMs` on: the first picture shown (no slate) is held paused, then it plays. */
  async function expectCuedThenPlays(fromMs: number, channel: number): Promise<void> {
    const frames = (await framesSince(page, fromMs)).filter((f) => f.channel === channel);
    const shown = frames.findIndex((f) => !f.slate && f.url !== null);
    expect(shown, `a picture of channel ${channel}`).to.be.at.least(0);
    expect(frames[shown]?.paused, "the first picture shown is the load's first frame, held before the timed start").to.equal(true);
    expect(frames.slice(shown).some((f) => !f.paused), 'then it plays').to.equal(true);
    const held = frames.slice(shown).findIndex((f) => !f.paused);
    // The frames around the hold, one entry per run of alike frames: "+ms slate|picture paused|playing url".
    const trace: string[] = [];
    let last = '';
    for (const f of frames.slice(Math.max(0, shown - 2), shown + held + 2)) {
      const what = `${f.slate ? 'slate' : 'picture'} ${f.paused ? 'paused' : 'playing'} ${f.url ?? '-'}`;
      if (what !== last) trace.push(`+${(f.wall - (frames[shown]?.wall ?? 0)).toFixed(0)}ms ${what}`);
      last = what;
    }
    expect(frames.slice(shown, shown + held).every((f) => !f.slate && f.url === frames[shown]?.url), `the held frame stays up, never covered again (frames: ${trace.join('; ')})`).to.equal(true);
  }

  it("a cold start shows the program's first decoded frame before its timed start, then plays", async () => {
    // Inside a program: a boot that outlasts the program on air ends in the next one's load (its own case).
    await waitFor(`channel 1 with ${COLD_START_ROOM_MS} ms of its program to go`, async () => {
      const now = await apiNow(system.baseUrl, 'one');
      return now.current !== null && now.current.endMs - Date.now() > COLD_START_ROOM_MS;
    }, 30_000, 100);
    const bootAt = Date.now();
    page = await open();
    await waitPlaying(page, 1, 30_000);
    await expectCuedThenPlays(bootAt - 60_000, 1);
  });

  it('a far zap (digits) shows the first decoded frame before its timed start too', async () => {
    const keyAt = await pageNow(page);
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await waitPlaying(page, 3);
    await expectCuedThenPlays(keyAt, 3);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await waitPlaying(page, 1);
  });

  it('CH+ and CH- to a ready neighbour put its picture on air at once, in sync, with no load of its manifest and no slate', async () => {
    await waitReady(page, ['two', 'four']); // the channel above, and the one below (the lineup wraps)
    await zapToReady('PageUp', 2);
    // The channel left stays ready (it neighbours the new one): back down is instant too.
    expect((await readyNeighbours(page)).map((r) => r.channelId)).to.include('one');
    await waitReady(page, ['one', 'three']);
    await zapToReady('PageDown', 1);
    await waitReady(page, ['two', 'four']);
    await zapToReady('PageDown', 4);
    const s = await qaState(page);
    expect(s.sync?.state, 'the zapped-to deck keeps its lock').to.be.oneOf(['locked', 'correcting', 'locking']);
  });

  it(`rebuffers never over ${ZAPS} zaps (ready neighbours, digits, back) and at least ${BOUNDARIES} boundaries`, async () => {
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await waitPlaying(page, 1);
    const startAt = await pageNow(page);
    await page.evaluate(() => ((window as unknown as { __waiting: unknown[] }).__waiting = []));
    const plan: Array<{ keys: string[]; to: (n: number) => number }> = [
      { keys: ['PageUp'], to: (n) => (n % 4) + 1 },
      { keys: ['PageDown'], to: (n) => ((n + 2) % 4) + 1 },
      { keys: ['3', 'Enter'], to: () => 3 },
      { keys: ['PageUp'], to: (n) => (n % 4) + 1 },
      { keys: ['1', 'Enter'], to: () => 1 },
    ];
    let current = 1;
    let boundaries = 0;
    const zaps: Array<{ wall: number; keys: string; from: number; to: number }> = [];
    for (let i = 0; i < ZAPS; i++) {
      const step = plan[i % plan.length];
      if (!step) continue;
      const target = step.to(current);
      zaps.push({ wall: await pageNow(page), keys: step.keys.join('+'), from: current, to: target });
      for (const k of step.keys) await page.keyboard.press(k);
      await waitPlaying(page, target, 20_000);
      current = target;
      await new Promise((r) => setTimeout(r, 500));
      if ((i + 1) % (ZAPS / BOUNDARIES) === 0) {
        // Stay until the channel crosses a boundary (its programs last 6-12 s).
        const before = (await qaState(page)).program?.id;
        await waitFor('a program boundary on the channel watched', async () => {
          const s = await qaState(page);
          return s.program?.id !== before && s.channel?.number === current && s.playing;
        }, 20_000, 100);
        boundaries++;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    expect(boundaries).to.equal(BOUNDARIES);
    expect(new Set((await framesSince(page, startAt)).map((f) => f.channel)).size, 'channels watched').to.equal(4);
    const waiting = await page.evaluate(() => (window as unknown as { __waiting: Array<{ wall: number; src: string }> }).__waiting);
    // Where each `waiting` came (a zap, a boundary): the zaps and frames before it, for whoever reads a failure.
    const frames = await framesSince(page, startAt);
    const around = waiting.map((w) => ({
      ...w,
      zaps: zaps.filter((z) => z.wall >= w.wall - 3_000 && z.wall <= w.wall + 300),
      frames: frames.filter((f) => f.wall >= w.wall - 1_500 && f.wall <= w.wall + 300).filter((_, i) => i % 3 === 0),
    }));
    expect(waiting, `\`waiting\` on the picture on air while it played: ${JSON.stringify(around)}`).to.deep.equal([]);
    expect((await qaState(page)).media?.stallsDetected ?? 0, "Shaka's stalls on the deck on air").to.equal(0);
  });
  it('on a device set to no ready neighbours (?readyNeighbours=0), CH+ loads the channel as before', async () => {
    await page.close();
    page = await open('?readyNeighbours=0');
    await waitPlaying(page, 1, 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await readyNeighbours(page)).to.deep.equal([]);
    expect(await page.evaluate(() => document.querySelectorAll('video').length), 'no player beyond the two of a tune').to.be.at.most(2);
    await page.keyboard.press('PageUp');
    await waitPlaying(page, 2);
  });

});
