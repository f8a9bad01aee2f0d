// A programmed channel in real Chromium: a program split by a break (two ads), its second part at the
// in-point the schedule says, filler padding to the next minute (and slate clips where no filler
// fits), then the next program. Every airing starts on time on the TV's two players, and a couple of
// seconds into each the picture is within 50 ms of the schedule (one recovered disturbance aside).
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { ProgrammingRules } from '#contracts/programming.js';
import { openBrowser, openTv, startSystem, type RunningSystem } from './system-harness.js';
import { expectSync, frameSamples } from './sync-bound.js';
import { FRAME_LOG, qaState, waitFor, waitPlaying, type Frame } from './tv-page.js';

const SETTLED_BOUND_MS = 50; // |media clock - schedule| a second or two into each airing
const SETTLE_FROM_MS = 1_000; // after an airing starts
const SETTLE_TO_MS = 2_500; // ... and before this, or 300 ms before it ends
const SHOW_ON_AIR_MS = 70_000; // the show (64 s) and its break (two 3 s ads)
// The padding from the show's end to News on the minute: two 4 s promos fit, but the second is given
// back so that the 1 s left becomes a slate clip of 5 s (no clip under MIN_SLATE_CLIP_MS where filler
// can be given back). A pad too short for any promo makes a slate clip the TV's standby player cannot
// be ready after: see the programming engine's MIN_SLATE_CLIP_MS.
const PADDING_MS = 9_000;

interface Airing {
  id: string;
  assetId: string;
  kind: 'program' | 'filler' | 'break' | 'slate';
  part: number;
  parts: number;
  startMs: number;
  endMs: number;
  inMs: number;
  resumesAtMs: number | null;
}

/**
 * What led to a glitch at `wall`: the airings of the 8 s before it (kind, asset, length) and every
 * change of the picture (deck, airing, readyState, paused, slate, the other player) in those 8 s, in ms
 * relative to the glitch. It tells a standby player that learned of its airing late from one that
 * was slow to get ready.
 */
function boundaryStory(frames: readonly Frame[], airings: readonly Airing[], wall: number): string {
  const from = wall - 8_000;
  const rel = (ms: number) => Math.round(ms - wall);
  const around = airings.filter((a) => a.endMs > from && a.startMs <= wall + 1_000);
  const schedule = around.map((a) => `${a.kind} ${a.assetId} ${rel(a.startMs)}+${a.endMs - a.startMs}`).join(', ');
  const changes: string[] = [];
  let last = '';
  for (const f of frames) {
    if (f.wall < from || f.wall > wall + 1_000) continue;
    const look = `${f.deck} ${f.title} standby ${f.standby} rs${f.readyState}${f.paused ? ' paused' : ''}${f.slate ? ' slate' : ''}`;
    if (look !== last) changes.push(`${rel(f.wall)} ${look}`);
    last = look;
  }
  return `airings (ms from the glitch + length): ${schedule}; picture changes: ${changes.slice(-60).join(' | ')}`;
}

const EVERY_DAY: ProgrammingRules['slots'][number]['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

describe('TV app on a programmed channel in Chromium (program, break, filler, program)', function () {
  this.timeout(300_000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;

  before(async () => {
    system = await startSystem({
      assets: [
        { id: 'show', title: 'Show', seconds: 64, hue: 0 },
        { id: 'news', title: 'News', seconds: 12, hue: 200 },
        { id: 'ad1', title: 'Ad One', seconds: 3, hue: 60 },
        { id: 'ad2', title: 'Ad Two', seconds: 3, hue: 100 },
        { id: 'promo', title: 'Promo', seconds: 4, hue: 300 },
        { id: 'slate', title: 'Slate', seconds: 6, hue: 30 },
      ],
      channels: [
        {
          id: 'prog',
          number: 1,
          name: 'Programmed',
          loop: ['promo'],
          programming: {
            // The show starts from 25 s before seeding to 35 s after it, so its 60 s first part is seen
            // and the padding before News is PADDING_MS (see there).
            effectiveFromMs: (seededAtMs) => {
              const earliest = seededAtMs - 25_000;
              const news = Math.ceil((earliest + SHOW_ON_AIR_MS + PADDING_MS) / 60_000) * 60_000;
              return news - SHOW_ON_AIR_MS - PADDING_MS;
            },
            rules: {
              timeZone: 'UTC',
              slots: [{ days: EVERY_DAY, start: '00:00', collection: 'shows' }],
              padTo: { minutes: 1, filler: 'promos' },
              breaks: { everyMinutes: 1, filler: 'ads', maxSeconds: 6 },
              fallback: 'slate',
            },
            collections: { shows: ['show', 'news'], promos: ['promo'], ads: ['ad1', 'ad2'] },
          },
        },
      ],
    });
    browser = await openBrowser();
    page = await openTv(browser, system.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('plays the parts, the break, the filler and the next program back to back, each on time', async () => {
    await waitPlaying(page, 1, 60_000);
    await page.evaluate(FRAME_LOG);
    const programming = (await (await fetch(`${system.baseUrl}/v1/channels/prog/programming`)).json()) as { current: { effectiveFromMs: number } };
    const { effectiveFromMs } = programming.current;
    const res = await fetch(`${system.baseUrl}/v1/channels/prog/schedule?from=${effectiveFromMs}&to=${effectiveFromMs + 4 * 60_000}`);
    const airings = ((await res.json()) as { kind: string; programs: Airing[] }).programs;
    const byId = new Map(airings.map((a) => [a.id, a]));
    const news = airings.find((a) => a.assetId === 'news');
    if (!news) throw new Error(`no News airing in ${JSON.stringify(airings.map((a) => a.assetId))}`);
    // The schedule the TV follows: show part 1, two ads, part 2 at its in-point, filler to the minute, News.
    const showParts = airings.filter((a) => a.assetId === 'show' && a.startMs < news.startMs); // the showing before News
    expect(showParts.map((a) => [a.part, a.parts, a.inMs])).to.deep.equal([[1, 2, 0], [2, 2, 60_000]]);
    const breakAirings = airings.filter((a) => a.kind === 'break' && a.startMs < news.startMs);
    expect(breakAirings.map((a) => a.assetId)).to.deep.equal(['ad1', 'ad2']);
    expect(breakAirings.every((a) => a.resumesAtMs === showParts[1]?.startMs)).to.equal(true);
    expect(new Date(news.startMs).getUTCSeconds()).to.equal(0); // padded to the minute
    // The padding before News: a promo, then a slate clip for what no promo fits.
    const padding = airings.filter((a) => a.startMs >= (showParts[1]?.endMs ?? Infinity) && a.startMs < news.startMs);
    expect(padding.map((a) => [a.kind, a.endMs - a.startMs])).to.deep.equal([['filler', 4_000], ['slate', 5_000]]);

    // Watch until News has played for 3 s.
    await waitFor('News on air for 3 s', async () => Date.now() > news.startMs + 3_000, news.startMs + 3_000 - Date.now() + 30_000, 250);
    const frames = (await page.evaluate('window.__frames')) as Frame[];
    const state = await qaState(page);
    expect(state.program?.id).to.equal(news.id);

    const glitches = frames.filter((f) => f.slate || f.paused);
    const origin = (await page.evaluate('performance.timeOrigin')) as number; // the media events' ms count from it
    const story = () => {
      const first = glitches[0];
      if (!first) return '';
      return `; ${boundaryStory(frames, airings, first.wall)}; media events (glitch at ${Math.round(first.wall - origin)}): ${state.mediaJournal?.join(' | ')}`;
    };
    expect(glitches.length, `frames with the TV's slate or a pause: ${JSON.stringify(glitches.slice(0, 3))}${story()}`).to.equal(0);
    const seen: Airing[] = [];
    for (const f of frames) {
      const a = f.program ? byId.get(f.program) : undefined;
      if (a && seen[seen.length - 1]?.id !== a.id) seen.push(a);
    }
    const kindOf = (a: Airing) => (a.kind === 'program' ? `program:${a.assetId}.${a.part}` : a.kind);
    const kinds = seen.map(kindOf);
    const order = ['program:show.1', 'break', 'program:show.2', ...padding.map(kindOf), 'program:news.1'];
    let matched = 0;
    for (const k of kinds) if (k === order[matched]) matched += 1;
    expect(matched, `airings seen in this order: ${kinds.join(' > ')}`).to.equal(order.length);

    // A second or two into every airing long enough to tell, the picture is on the schedule.
    let checked = 0;
    for (const a of seen) {
      const to = Math.min(a.startMs + SETTLE_TO_MS, a.endMs - 300);
      const errors = frameSamples(
        frames.filter((f) => f.program === a.id),
        a.startMs + SETTLE_FROM_MS,
        to,
        { boundMs: SETTLED_BOUND_MS, limitWall: a.endMs - 300 },
      );
      if (errors.length === 0) continue;
      expectSync(errors, `${a.kind} ${a.assetId} ${a.part}/${a.parts} from ${SETTLE_FROM_MS} ms in, every 100 ms`, SETTLED_BOUND_MS);
      checked += 1;
    }
    expect(checked, 'airings checked').to.be.at.least(5);
  });
});
