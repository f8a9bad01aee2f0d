// Reading the TV app in the browser (any engine: a TvPage, or a playwright Page): its QA state, the
// real <video> element, and the API's schedule for the same instant.
import type { Evaluates } from './tv-browser.js';

export interface QaState {
  channel: { id: string; number: number; name: string } | null;
  previous: { id: string; number: number } | null;
  banner: { visible: boolean; number: string; name: string; favorite: boolean; shift: string; now: string; nowTimes: string; next: string; nextTimes: string; badge: string } | null;
  /** The viewer's favorite channel ids and what CH+/CH- walks. */
  favorites: { ids: string[]; walk: 'all' | 'favorites' };
  /** The parental lock: the limit, the program it covers, whether the decks are hidden and silent, and what it shows. */
  parental: {
    limit: number | null;
    hasPin: boolean;
    locked: { id: string; text: string } | null;
    blocked: boolean;
    lockedOutUntilMs: number | null;
    view: { shown: boolean; program: string; prompt: boolean; dots: string; note: string } | null;
  } | null;
  /** Live, start-over (behind live on purpose) or paused, and how far behind (ms). */
  timeShift: { mode: 'live' | 'shifted' | 'paused'; behindMs: number };
  /** The captions on screen, the viewer's choices, and the languages of the player on air. */
  captions: { text: string; captions: string | null; audio: string | null; textLanguages: string[]; audioLanguages: string[]; activeAudio: string | null; textVisible: boolean } | null;
  entry: { digits: string; note: string };
  slate: { shown: boolean; message: string };
  playing: boolean;
  mediaUrl: string | null;
  program: { id: string; startMs: number; endMs: number; inMs: number; title: string } | null;
  sync: { state: string; errorMs: number | null; joins: number; stalls: number; restarts: number } | null;
  brokerUp: boolean;
  /** The player on air: 'A', 'B'... (a tune's two take turns at program boundaries; ready neighbours have their own). */
  deck: string;
  /** MediaSource.endOfStream() calls the engine profile withheld, null where they go through. */
  endOfStreamWithheld: number | null;
  /** SourceBuffer.abort() calls between appends the engine profile withheld, null where they go through. */
  abortWithheld: number | null;
  /** What the page's Content-Security-Policy refused since boot. */
  policyViolations: string[] | null;
  /** The last media events of every <video> ("ms id event t=currentTime rs=readyState"). */
  mediaJournal: string[] | null;
  /** The player's rung, buffer and switches (null before the first load). */
  media: { bufferAheadSec: number; rungHeight: number; switches: number; stallsDetected: number } | null;
  /** What channels play from: each program's manifest or the channel's live stream. */
  source: 'programs' | 'live' | null;
  serverNowMs: number | null;
}

export interface ApiProgram {
  id: string;
  title: string;
  startMs: number;
  endMs: number;
  inMs: number;
  dashUrl: string;
}

export interface ApiNow {
  serverTimeMs: number;
  channel: { id: string; number: number; name: string };
  current: ApiProgram | null;
  next: ApiProgram | null;
}

export async function qaState(page: Evaluates): Promise<QaState> {
  return page.evaluate(() => {
    const tv = (window as unknown as { streamsyncTv?: { state: () => unknown } }).streamsyncTv;
    return JSON.parse(JSON.stringify(tv ? tv.state() : null)) as never;
  });
}

export async function apiNow(baseUrl: string, channelId: string): Promise<ApiNow> {
  const res = await fetch(`${baseUrl}/v1/channels/${channelId}/now`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET now ${channelId}: ${res.status}`);
  return (await res.json()) as ApiNow;
}

/** The real <video> on air: its media clock and the wall clock read in the same task. */
export async function videoClock(page: Evaluates): Promise<{ currentTime: number; paused: boolean; readyState: number; wallMs: number } | null> {
  return page.evaluate(() => {
    // The player on air (two players take turns at program boundaries).
    const v = document.querySelector<HTMLVideoElement>('video[data-on-air]') ?? document.querySelector('video');
    if (!v) return null;
    return { currentTime: v.currentTime, paused: v.paused, readyState: v.readyState, wallMs: Date.now() };
  });
}

/** |video.currentTime - schedule position| in ms, against the API's program (server clock = this host's). */
export async function syncErrorMs(page: Evaluates, program: ApiProgram): Promise<number> {
  const v = await videoClock(page);
  if (!v) throw new Error('no <video> element');
  const scheduleSec = (program.inMs + v.wallMs - program.startMs) / 1000;
  return (v.currentTime - scheduleSec) * 1000;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the tuned channel is `number`, playing, and its media clock runs. */
export async function waitPlaying(page: Evaluates, number: number, timeoutMs = 15_000): Promise<QaState> {
  return waitFor(
    `channel ${number} playing`,
    async () => {
      const s = await qaState(page);
      if (s.channel?.number !== number || !s.playing) return null;
      const a = await videoClock(page);
      await new Promise((r) => setTimeout(r, 100));
      const b = await videoClock(page);
      return a && b && !b.paused && b.currentTime > a.currentTime ? s : null;
    },
    timeoutMs,
  );
}

/**
 * Installs a per-animation-frame log of what is on air in the page (`window.__frames`; a string, so
 * no bundler helpers leak in): the program, |media clock - schedule|, the deck, slate and pause.
 */
export const FRAME_LOG = `(() => {
  window.__frames = [];
  const frame = () => {
    const tv = window.streamsyncTv && window.streamsyncTv.state();
    const v = document.querySelector('video[data-on-air]');
    const w = document.querySelector('video:not([data-on-air])');
    if (tv && v) {
      const wall = performance.timeOrigin + performance.now();
      const p = tv.program;
      window.__frames.push({
        wall, channel: tv.channel ? tv.channel.number : null, deck: tv.deck, slate: tv.slate.shown, playing: tv.playing, paused: v.paused, readyState: v.readyState,
        program: p ? p.id : null, title: p ? p.title : null, banner: tv.banner ? tv.banner.now : null,
        standby: w ? 'rs' + w.readyState + (w.paused ? ' paused' : '') : null,
        url: tv.mediaUrl, errorMs: p ? (v.currentTime - (p.inMs + wall - p.startMs) / 1000) * 1000 : null,
        videos: document.querySelectorAll('video').length,
        rungBandwidth: tv.media ? tv.media.rungBandwidth : null,
      });
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

export interface Frame {
  wall: number;
  /** The channel tuned (its number), null before the first tune. */
  channel: number | null;
  deck: string;
  slate: boolean;
  playing: boolean;
  paused: boolean;
  /** The on-air <video>'s readyState (4: can play through; below 3: short of data). */
  readyState: number;
  program: string | null;
  title: string | null;
  banner: string | null;
  /** The other player, which prepares the next airing: "rs{readyState}[ paused]", null without one. */
  standby: string | null;
  url: string | null;
  errorMs: number | null;
  videos: number;
  rungBandwidth: number | null;
}
