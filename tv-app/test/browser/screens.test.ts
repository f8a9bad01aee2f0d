// The screens around the player in real Chromium against the whole system (npm start's entry on
// port 0) with tiny real media, driven only by key presses: the guide (moving, the API's schedule,
// tuning, a live lineup edit), the channel list, chat between two viewers, aggregated reactions,
// and settings (a fixed rung, the statistics overlay). One system and two viewers for the file.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { broadcasterApi, openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { apiNow, qaState, syncErrorMs, waitFor, waitPlaying, type ApiProgram } from './tv-page.js';
import { expectSync, sampleSync } from './sync-bound.js';

const SYNC_BOUND_MS = 50; // |media clock - schedule| allowed a few seconds after a tune
const SETTLE_MS = 3_000; // time given to a tune to lock before the sync check

interface GuideQa {
  open: boolean;
  filter: 'all' | 'favorites';
  focus: {
    channelId: string | null;
    number: number | null;
    anchorMs: number;
    cell: { key: string; startMs: number; endMs: number; programs: Array<{ id: string; title: string; startMs: number; endMs: number }> } | null;
    program: { id: string; title: string; startMs: number; endMs: number } | null;
  };
  details: { channel: string; title: string; times: string; description: string; progress: number | null };
  typed: string;
  view: { firstRow: number; startMs: number; endMs: number; rows: Array<{ id: string; number: number; name: string }> };
  pool: { rows: number; visibleRows: number; cells: number };
  lineupVersion: number | null;
  channels: number;
}

interface ScreensQa {
  top: string | null;
  talkUp: boolean;
  guide: GuideQa;
  channelList: {
    open: boolean;
    filter: 'all' | 'favorites';
    focused: { id: string; number: number; name: string; now: string } | null;
    shown: Array<{ number: number; name: string; favorite: boolean }>;
  };
  chat: { open: boolean; channelId: string | null; lines: string[]; note: string };
  reactions: { open: boolean; focused: string | null; ids: string[]; sent: number; lastBurst: { windowStartMs: number; counts: Record<string, number> } | null };
  settings: { open: boolean; row: string; quality: 'auto' | number; walk: 'all' | 'favorites'; rungs: number[] };
  stats: { shown: boolean; lines: string[] };
}

async function screens(page: Page): Promise<ScreensQa> {
  return page.evaluate(() => {
    const tv = (window as unknown as { streamsyncTv?: { state: () => { screens?: unknown } } }).streamsyncTv;
    return JSON.parse(JSON.stringify(tv?.state().screens ?? null)) as never;
  });
}

async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** The picture height of the VideoPlayer's <video> (the player the quality setting drives). */
/** The picture height of the <video> on air (the two players take turns at program boundaries). */
async function onAirVideoHeight(page: Page): Promise<number> {
  return page.evaluate(() => (document.querySelector<HTMLVideoElement>('video[data-on-air]') ?? document.querySelector('video'))?.videoHeight ?? 0);
}

describe('TV app screens in Chromium (guide, channel list, chat, reactions, settings)', function () {
  this.timeout(180_000);
  let system: RunningSystem;
  let browser: Browser;
  let viewerA: Page;
  let viewerB: Page;
  const brokerSockets: string[] = []; // viewer A's WebSocket connections to the broker

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'assetA', title: 'Alpha', seconds: 12, hue: 0 },
        { id: 'assetB', title: 'Bravo', seconds: 6, hue: 120 },
        // Channel three plays a 360p/180p ladder (the settings pick a rung).
        {
          id: 'assetL', title: 'Ladder', seconds: 30, hue: 240,
          ladder: [
            { name: '360p', height: 360, videoKbps: 600, profile: 'main', level: '3.0' },
            { name: '180p', height: 180, videoKbps: 150, profile: 'main', level: '3.0' },
          ],
        },
      ],
      channels: [
        { id: 'one', number: 1, name: 'One', loop: ['assetA'] },
        { id: 'two', number: 2, name: 'Two', loop: ['assetB', 'assetA'] },
        { id: 'three', number: 3, name: 'Three', loop: ['assetL'] },
        ...[5, 6, 7, 8, 9].map((n) => ({ id: `ch${n}`, number: n, name: `Channel ${n}`, loop: [n % 2 ? 'assetA' : 'assetB'] })),
      ],
    });
    browser = await openBrowser();
    const countSockets = async (page: Page) => {
      page.on('websocket', (ws) => {
        if (new URL(ws.url()).pathname === '/ws') brokerSockets.push(ws.url());
      });
    };
    [viewerA, viewerB] = await Promise.all([openTv(browser, system.baseUrl, { beforeGoto: countSockets }), openTv(browser, system.baseUrl)]);
    await Promise.all([waitPlaying(viewerA, 1, 30_000), waitPlaying(viewerB, 1, 30_000)]);
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function expectInSync(page: Page, channelId: string): Promise<void> {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const errors = await sampleSync(async () => {
      const now = await apiNow(system.baseUrl, channelId);
      const program: ApiProgram | null = now.current;
      const state = await qaState(page);
      const t = Date.now();
      // Only a program on for a while and not ending now (a boundary is a new join).
      if (!program || state.program?.id !== program.id || t - program.startMs < SETTLE_MS || program.endMs - t < 500) return null;
      return syncErrorMs(page, program);
    }, { samples: 3, boundMs: SYNC_BOUND_MS, everyMs: 0, timeoutMs: 20_000 });
    expect(errors.length, 'sync samples').to.be.at.least(3);
    expectSync(errors, 'sync', SYNC_BOUND_MS);
  }

  it('opens the guide with G on the tuned channel and now, with the API program in the details', async () => {
    // Opened well inside a program: once it ends, the focused cell is no longer the API's "now".
    await waitFor('8 s of the program ahead', async () => {
      const s = await qaState(viewerA);
      return s.program !== null && s.program.endMs - Date.now() > 8_000;
    }, 35_000, 200);
    await press(viewerA, 'KeyG');
    const s = await waitFor('guide open with its schedule', async () => {
      const q = await screens(viewerA);
      return q.top === 'Guide' && q.guide.open && q.guide.focus.cell ? q : null;
    }, 10_000);
    const now = await apiNow(system.baseUrl, 'one');
    expect(s.guide.focus.channelId).to.equal('one');
    // The focused program is the API's program on air (retried across a boundary).
    await waitFor('details = API current program', async () => {
      const [q, n] = await Promise.all([screens(viewerA), apiNow(system.baseUrl, 'one')]);
      return q.guide.focus.program?.id === n.current?.id && q.guide.details.title === n.current?.title && q.guide.details.progress !== null;
    }, 5_000);
    expect(now.current).to.not.equal(null);
    expect(s.guide.view.rows.map((r) => r.number)).to.deep.equal([1, 2, 3, 5, 6, 7]);
    expect(s.guide.pool.rows).to.equal(6); // only the rows in view are built
  });

  it('moves across channels and hours; every focused cell is the API schedule', async () => {
    const before = await screens(viewerA);
    await press(viewerA, 'ArrowDown', 2);
    let s = await screens(viewerA);
    expect(s.guide.focus.channelId).to.equal('three');
    await press(viewerA, 'ArrowRight', 8); // 30 s programs: one 30-minute column per press
    s = await screens(viewerA);
    expect(s.guide.focus.anchorMs - before.guide.focus.anchorMs).to.be.greaterThan(3.5 * 3_600_000);
    expect(s.guide.view.startMs).to.be.greaterThan(before.guide.view.startMs); // scrolled in time
    const cell = await waitFor('a focused cell with programs', async () => {
      const q = await screens(viewerA);
      return q.guide.focus.cell && q.guide.focus.cell.programs.length > 0 ? q.guide.focus.cell : null;
    }, 10_000);
    const epg = (await (await fetch(`${system.baseUrl}/v1/epg?from=${cell.startMs}&to=${cell.endMs}`)).json()) as {
      channels: Array<{ channel: { id: string }; programs: Array<{ id: string; title: string; startMs: number; endMs: number }> }>;
    };
    const apiPrograms = epg.channels.find((c) => c.channel.id === 'three')?.programs ?? [];
    const byId = new Map(apiPrograms.map((p) => [p.id, p]));
    for (const p of cell.programs) expect(byId.get(p.id), `program ${p.id} in the API`).to.deep.include({ title: p.title, startMs: p.startMs, endMs: p.endMs });
    // Every API program that starts inside the cell is in it.
    const starting = apiPrograms.filter((p) => p.startMs >= cell.startMs && p.startMs < cell.endMs).map((p) => p.id);
    expect(cell.programs.map((p) => p.id)).to.include.members(starting);
    // Down past the last visible row scrolls the rows; the pool stays the same size.
    await press(viewerA, 'ArrowDown', 5);
    s = await screens(viewerA);
    expect(s.guide.focus.number).to.equal(9);
    expect(s.guide.view.firstRow).to.be.greaterThan(0);
    expect(s.guide.pool.rows).to.equal(6);
    // Back in time: to the start of today at most.
    await press(viewerA, 'ArrowLeft', 80);
    s = await screens(viewerA);
    const midnight = new Date(Date.now());
    midnight.setHours(0, 0, 0, 0);
    expect(s.guide.focus.anchorMs).to.be.at.least(midnight.getTime());
    expect(s.guide.view.startMs).to.be.at.least(midnight.getTime() - 30 * 60_000);
  });

  it('digits in the guide move the focus to that channel after the entry timeout; OK on an unknown number says so', async () => {
    const anchor = (await screens(viewerA)).guide.focus.anchorMs;
    await press(viewerA, '5');
    expect((await screens(viewerA)).guide.typed).to.equal('Go to 5_');
    const s = await waitFor('focus on channel 5', async () => {
      const q = await screens(viewerA);
      return q.guide.focus.number === 5 ? q : null;
    }, 5_000);
    expect(s.guide.focus.anchorMs, 'the same time').to.equal(anchor);
    expect(s.guide.typed).to.equal('');
    await press(viewerA, '9');
    await press(viewerA, '7');
    await press(viewerA, 'Enter'); // OK commits at once
    const after = await screens(viewerA);
    expect(after.guide.typed).to.equal('No channel 97');
    expect(after.guide.focus.number).to.equal(5);
    expect(after.guide.open).to.equal(true);
  });

  it('tunes from the guide with OK: the right channel at the right offset', async () => {
    await press(viewerA, 'KeyI'); // Info: back to the tuned channel, now
    await press(viewerA, 'ArrowDown'); // channel two
    expect((await screens(viewerA)).guide.focus.channelId).to.equal('two');
    await press(viewerA, 'Enter');
    await waitPlaying(viewerA, 2);
    const s = await screens(viewerA);
    expect(s.top).to.equal(null);
    expect(s.guide.open).to.equal(false);
    await expectInSync(viewerA, 'two');
  });

  it('channel list: L opens it over the video, OK tunes, Back closes', async () => {
    await press(viewerA, 'KeyL');
    let s = await waitFor('list open', async () => {
      const q = await screens(viewerA);
      return q.channelList.open && q.channelList.focused?.now ? q : null;
    }, 5_000);
    expect(s.top).to.equal('ChannelList');
    expect(s.channelList.focused?.number).to.equal(2);
    await press(viewerA, 'ArrowDown');
    s = await screens(viewerA);
    expect(s.channelList.focused?.id).to.equal('three');
    const now = await apiNow(system.baseUrl, 'three');
    expect(s.channelList.focused?.now).to.equal(now.current?.title);
    await press(viewerA, 'Enter');
    await waitPlaying(viewerA, 3);
    expect((await screens(viewerA)).channelList.open).to.equal(true); // stays for quick browsing
    await press(viewerA, 'Escape');
    s = await screens(viewerA);
    expect(s.channelList.open).to.equal(false);
    expect(s.top).to.equal(null);
    expect((await qaState(viewerA)).channel?.number).to.equal(3); // Back closed the list, no zap
  });

  it('settings: a fixed rung plays, then the statistics overlay shows the sync figures', async () => {
    await press(viewerA, 'KeyS');
    let s = await waitFor('settings with the ladder', async () => {
      const q = await screens(viewerA);
      return q.settings.open && q.settings.rungs.length === 2 ? q : null;
    }, 10_000);
    expect(s.settings.rungs).to.deep.equal([360, 180]);
    for (const wanted of [180, 360]) {
      await waitFor(`quality ${wanted}p chosen`, async () => {
        if ((await screens(viewerA)).settings.quality === wanted) return true;
        await press(viewerA, 'ArrowRight');
        return false;
      }, 5_000, 50);
      await waitFor(`${wanted}p playing`, async () => {
        const q = await viewerA.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { streamsyncTv?: { state: () => { screens?: { settings?: unknown } } } }).streamsyncTv?.state().screens?.settings ?? null)) as { activeRung: { height: number } | null } | null);
        return q?.activeRung?.height === wanted && (await onAirVideoHeight(viewerA)) === wanted;
      }, 15_000);
    }
    await press(viewerA, 'ArrowDown'); // statistics row
    await press(viewerA, 'Enter');
    s = await waitFor('stats lines', async () => {
      const q = await screens(viewerA);
      return q.stats.shown && q.stats.lines.some((l) => l.startsWith('Rung  360p')) ? q : null;
    }, 5_000);
    expect(s.stats.lines[0]).to.match(/^Clock offset {2}[+-]\d+\.\d ms {2}± \d+\.\d ms/);
    expect(s.stats.lines.join('\n')).to.match(/Position error/).and.match(/Playback rate {2}\d\.\d{4}/).and.match(/Buffer ahead {2}\d+\.\d\d s/);
    await press(viewerA, 'Escape');
    s = await screens(viewerA);
    expect(s.settings.open).to.equal(false);
    expect(s.stats.shown).to.equal(true); // the overlay stays over the picture
    // Remembered on the device, then forgotten by the reset.
    expect(await viewerA.evaluate(() => localStorage.getItem('streamsync.quality'))).to.equal('360');
    // The player keeps what it learned a few seconds after a first frame: kept before the reset, so
    // no keeping left pending writes it again right after.
    await waitFor('the learned delays kept', async () => viewerA.evaluate(() => localStorage.getItem('streamsync.tv.playbackLearning') !== null), 10_000);
    await press(viewerA, 'KeyS');
    expect((await screens(viewerA)).settings.row).to.equal('quality'); // opens on the first row
    await press(viewerA, 'ArrowUp'); // the last row (Up wraps)
    expect((await screens(viewerA)).settings.row).to.equal('reset');
    await press(viewerA, 'Enter');
    s = await screens(viewerA);
    expect(s.settings.quality).to.equal('auto');
    expect(s.stats.shown).to.equal(false);
    expect(await viewerA.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('streamsync.')))).to.deep.equal([]);
    await press(viewerA, 'Escape');
  });

  it('chat: a message from one viewer appears on the other; a late joiner gets the history', async () => {
    await press(viewerA, 'Digit1');
    await press(viewerA, 'Enter');
    await waitPlaying(viewerA, 1);
    await press(viewerB, 'KeyC');
    await press(viewerA, 'KeyC');
    await waitFor('both chats connected', async () => (await screens(viewerA)).talkUp && (await screens(viewerB)).talkUp, 10_000);
    await press(viewerA, 'ArrowRight'); // the second preset
    await press(viewerA, 'Enter');
    const line = await waitFor('the line on viewer B', async () => (await screens(viewerB)).chat.lines.find((l) => l.includes('Great show')), 10_000);
    expect(line).to.match(/^\d\d:\d\d Viewer [0-9A-F]{4}: Great show$/);
    expect((await screens(viewerA)).chat.note).to.equal('Sent: Great show');
    const late = await openTv(browser, system.baseUrl);
    try {
      await waitPlaying(late, 1, 30_000);
      await press(late, 'KeyC');
      const history = await waitFor('history on the late joiner', async () => (await screens(late)).chat.lines.find((l) => l.includes('Great show')), 10_000);
      expect(history).to.equal(line);
    } finally {
      await late.close();
    }
    await press(viewerA, 'Escape');
    await press(viewerB, 'Escape');
    expect((await screens(viewerB)).chat.open).to.equal(false);
  });

  it('reactions sent by two viewers show as one aggregated burst on both', async () => {
    await press(viewerA, 'KeyR');
    await press(viewerB, 'KeyR');
    const s = await screens(viewerA);
    expect(s.reactions.ids).to.deep.equal(['like', 'laugh', 'wow', 'clap', 'sad']);
    expect(s.reactions.focused).to.equal('like');
    await Promise.all([press(viewerA, 'Enter'), press(viewerB, 'Enter')]);
    for (const page of [viewerA, viewerB]) {
      const burst = await waitFor('the aggregated burst', async () => (await screens(page)).reactions.lastBurst, 5_000);
      expect(burst.counts).to.deep.equal({ like: 2 });
    }
    await press(viewerA, 'Escape');
    await press(viewerB, 'Escape');
  });

  it('one broker connection per TV: the player and the chat and reactions share it', () => {
    // Viewer A has synced its clock, followed now/next, chatted and reacted by now.
    expect(brokerSockets).to.have.length(1);
  });

  it('favorites: the Favorite key marks the tuned channel, the list and guide filter to them, CH+/CH- walks them when set, all remembered', async () => {
    const tuneTo = async (n: number) => {
      await press(viewerB, String(n));
      await press(viewerB, 'Enter');
      return waitPlaying(viewerB, n, 20_000);
    };
    await tuneTo(5);
    await press(viewerB, 'KeyF');
    let s = await qaState(viewerB);
    expect(s.favorites).to.deep.equal({ ids: ['ch5'], walk: 'all' });
    expect(s.banner?.favorite, 'the banner stars a favorite').to.equal(true);
    await tuneTo(7);
    expect((await qaState(viewerB)).banner?.favorite).to.equal(false);
    await press(viewerB, 'KeyF');
    await tuneTo(2);
    expect((await qaState(viewerB)).favorites.ids).to.deep.equal(['ch5', 'ch7']);
    await press(viewerB, 'PageUp');
    await waitPlaying(viewerB, 3, 20_000); // the walk is every channel until Settings says otherwise

    // The channel list: all, then favorites only with the Favorite key, then all again.
    await press(viewerB, 'KeyL');
    let q = await waitFor('list open', async () => ((await screens(viewerB)).channelList.open ? screens(viewerB) : null), 5_000);
    expect(q.channelList.filter).to.equal('all');
    expect(q.channelList.shown.filter((r) => r.favorite).map((r) => r.number)).to.deep.equal([5, 7]);
    await press(viewerB, 'KeyF');
    q = await screens(viewerB);
    expect(q.channelList.filter).to.equal('favorites');
    expect(q.channelList.shown.map((r) => r.number)).to.deep.equal([5, 7]);
    await press(viewerB, 'KeyF');
    expect((await screens(viewerB)).channelList.shown.map((r) => r.number)).to.deep.equal([1, 2, 3, 5, 6, 7, 8, 9]);
    await press(viewerB, 'Escape');

    // The guide: favorites only, then all.
    await press(viewerB, 'KeyG');
    await waitFor('guide open', async () => (await screens(viewerB)).guide.open, 5_000);
    await press(viewerB, 'KeyF');
    q = await screens(viewerB);
    expect(q.guide.filter).to.equal('favorites');
    expect(q.guide.view.rows.map((r) => r.number)).to.deep.equal([5, 7]);
    await press(viewerB, 'KeyF');
    expect((await screens(viewerB)).guide.view.rows.map((r) => r.number)).to.deep.equal([1, 2, 3, 5, 6, 7]);
    await press(viewerB, 'Escape');

    // Settings: CH+/CH- walks favorites only; from channel 3 (not one) CH+ goes to 5, then 7, then wraps to 5.
    await press(viewerB, 'KeyS');
    await press(viewerB, 'ArrowDown', 2);
    expect((await screens(viewerB)).settings.row).to.equal('walk');
    await press(viewerB, 'Enter');
    expect((await screens(viewerB)).settings.walk).to.equal('favorites');
    await press(viewerB, 'Escape');
    for (const n of [5, 7, 5]) {
      await press(viewerB, 'PageUp');
      await waitPlaying(viewerB, n, 20_000);
    }
    await press(viewerB, 'PageDown');
    await waitPlaying(viewerB, 7, 20_000);

    // Unmarked again, and the device remembers the rest across a reload.
    await press(viewerB, 'KeyF');
    await viewerB.reload();
    s = await waitPlaying(viewerB, 7, 30_000);
    expect(s.favorites).to.deep.equal({ ids: ['ch5'], walk: 'favorites' });
    expect(s.banner?.favorite).to.equal(false);
  });

  it('a lineup edit through the API while the guide is open appears without losing focus', async () => {
    await press(viewerA, 'KeyG');
    await press(viewerA, 'ArrowDown', 3); // one -> two -> three -> five
    await press(viewerA, 'ArrowRight', 2);
    const before = await waitFor('guide focus on five', async () => {
      const q = await screens(viewerA);
      return q.guide.open && q.guide.focus.channelId === 'ch5' && q.guide.lineupVersion !== null ? q : null;
    }, 5_000);
    await broadcasterApi(system, 'PATCH', '/v1/channels/ch5', { name: 'Five Renamed' });
    await broadcasterApi(system, 'POST', '/v1/channels', { id: 'ch4', number: 4, name: 'Four New', loop: { epochMs: Date.now() - 60_000, items: [{ assetId: 'assetA' }] } });
    const after = await waitFor('the new lineup in the guide', async () => {
      const q = await screens(viewerA);
      const fresh = q.guide.lineupVersion !== null && q.guide.lineupVersion !== before.guide.lineupVersion;
      return fresh && q.guide.focus.cell !== null && q.guide.channels === before.guide.channels + 1 && q.guide.view.rows.some((r) => r.name === 'Five Renamed') ? q : null;
    }, 10_000);
    expect(after.top).to.equal('Guide');
    expect(after.guide.focus.channelId).to.equal('ch5'); // same channel (its row moved down by one)
    expect(after.guide.focus.anchorMs).to.equal(before.guide.focus.anchorMs); // same time
    expect(after.guide.view.rows.map((r) => r.number)).to.include.members([4, 5]);
    expect(after.guide.focus.cell, 'the focused cell again, from the new schedule').to.not.equal(null);
    await press(viewerA, 'Escape');
    expect((await screens(viewerA)).top).to.equal(null);
  });
});
