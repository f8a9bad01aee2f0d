// In-page probe of what is on screen, for bench:tv's first-frame and zap figures. It follows the
// <video> carrying `data-on-air` (the player in front) and stamps the moments a new picture is up:
// - 'swap': `data-on-air` moved to a video that already has a frame and plays (a ready neighbour
//   brought to the front: no `playing` event fires then);
// - 'playing': the `playing` event of the video on air (a load, or a swapped-in video not yet playing);
// - 'cued': after a key press, the video on air shows a frame while paused and the app's slate is
//   off (a load's first frame held at the aimed position until its timed start). A zap's first
//   frame is the first 'swap' or 'playing' of the new channel; 'cued' is reported beside it.
// Each stamp is taken at the next requestAnimationFrame after the moment, when that frame is painted,
// with the channel and media URL the app reports then (`window.streamsyncTv.state()`).
// It also counts stalls: `waiting` events of the video on air once it has shown its first frame (a
// key press starts a zap: waiting events from then to the new picture belong to the zap, not a stall);
// and the first frame of a cold start: the first animation frame at which the video on air has
// presented a frame (requestVideoFrameCallback; readyState >= 2 where the engine lacks it) and the
// app's slate is off.
// Plain JavaScript in a string: it runs as an init script, before the app.
import type { Evaluates } from '../test/browser/tv-browser.js';

export const ZAP_PROBE_DEFAULTS = {
  cueWatchMs: 10_000, // milliseconds after a key press during which a held first frame is looked for
};

export const ZAP_PROBE_SOURCE = `(() => {
  if (window.__zapProbe) return;
  const z = { keys: [], stamps: [], stallTimes: [], waiting: 0, first: null, firstBy: null, firstUrl: null, elements: 0 };
  window.__zapProbe = z;
  const ids = new WeakMap();
  const idOf = (el) => {
    let id = ids.get(el);
    if (id === undefined) { id = ++z.elements; ids.set(el, id); }
    return id;
  };
  const isOnAir = (el) => !!el && el.tagName === 'VIDEO' && el.hasAttribute('data-on-air') && el.getAttribute('data-on-air') !== 'false';
  const onAir = () => {
    for (const v of document.querySelectorAll('video[data-on-air]')) if (isOnAir(v)) return v;
    return null;
  };
  const tv = () => {
    try { return (window.streamsyncTv && window.streamsyncTv.state()) || null; } catch (e) { return null; }
  };
  const slateOff = (s) => !!s && !(s.slate && s.slate.shown);
  const srcOf = (el) => el.currentSrc || el.src || '';
  const record = (el, by, at, s) => z.stamps.push({ t: performance.now(), at, by, el: idOf(el), src: srcOf(el), channel: s && s.channel ? s.channel.number : null, url: s ? s.mediaUrl : null });
  let framed = null; // the video on air once it has shown a frame (since it went on air, or since the last key)
  let last = null; // the video on air at the last look
  let cueSince = null; // performance.now() of the last key while its held frame is looked for
  const stamp = (el, by, at) => requestAnimationFrame(() => {
    if (!isOnAir(el)) return; // it left the air before this frame was painted
    framed = el;
    record(el, by, at, tv());
  });
  const presented = new WeakSet(); // videos that have presented a frame (requestVideoFrameCallback)
  const watched = new WeakSet();
  const watchPresented = (el) => {
    if (watched.has(el) || typeof el.requestVideoFrameCallback !== 'function') return;
    watched.add(el);
    el.requestVideoFrameCallback(() => presented.add(el));
  };
  const look = () => {
    const el = onAir();
    if (!el || el === last) return;
    last = el;
    framed = null;
    watchPresented(el);
    if (el.readyState >= 2 && !el.paused) stamp(el, 'swap', performance.now());
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-on-air'] });
  const tick = () => {
    requestAnimationFrame(tick);
    const watchCue = cueSince !== null && performance.now() - cueSince < ${ZAP_PROBE_DEFAULTS.cueWatchMs};
    if (z.first !== null && !watchCue) return;
    const el = onAir();
    if (!el || el.readyState < 2) return;
    if (z.first === null) {
      const rvfc = typeof el.requestVideoFrameCallback === 'function';
      if (rvfc) watchPresented(el);
      if (!rvfc || presented.has(el)) {
        const s = tv();
        if (slateOff(s)) {
          z.first = performance.now();
          z.firstBy = rvfc ? 'requestVideoFrameCallback' : 'readyState';
          z.firstUrl = s.mediaUrl;
        }
      }
    }
    if (watchCue && el.paused) {
      const s = tv();
      if (slateOff(s)) {
        cueSince = null;
        record(el, 'cued', performance.now(), s);
      }
    }
  };
  requestAnimationFrame(tick);
  document.addEventListener('playing', (e) => {
    const el = e.target;
    if (!isOnAir(el)) return;
    look();
    stamp(el, 'playing', performance.now());
  }, true);
  document.addEventListener('waiting', (e) => {
    const el = e.target;
    if (!isOnAir(el)) return;
    z.waiting++;
    if (el === framed) z.stallTimes.push(performance.now());
  }, true);
  window.addEventListener('keydown', (e) => {
    const el = onAir();
    z.keys.push({ t: performance.now(), key: e.key, el: el ? idOf(el) : null, src: el ? srcOf(el) : '' });
    framed = null;
    cueSince = performance.now();
  }, true);
})();`;

export interface ZapKey {
  t: number; // performance.now() of the keydown (ms)
  key: string;
  el: number | null; // probe id of the video on air then
  src: string;
}

export interface ZapStamp {
  t: number; // performance.now() at the requestAnimationFrame after the moment (ms)
  at: number; // performance.now() of the swap or the playing event (ms)
  by: 'swap' | 'playing' | 'cued';
  el: number; // probe id of the video
  src: string;
  channel: number | null; // the channel the app reported at t
  url: string | null; // the media URL the app reported at t
}

export interface ZapProbeState {
  keys: ZapKey[];
  stamps: ZapStamp[];
  /** performance.now() of each stall: a `waiting` event of the video on air after its first frame. */
  stallTimes: number[];
  /** Every `waiting` event of the video on air, before its first frame too. */
  waiting: number;
  /** Navigation to the first frame of the video on air with the slate off (ms), how it was seen, and what it showed. */
  first: number | null;
  firstBy: 'requestVideoFrameCallback' | 'readyState' | null;
  firstUrl: string | null;
  elements: number;
}

export async function readZapProbe(page: Evaluates): Promise<ZapProbeState> {
  return page.evaluate(() => {
    const z = (window as unknown as { __zapProbe?: unknown }).__zapProbe;
    return JSON.parse(JSON.stringify(z ?? { keys: [], stamps: [], stallTimes: [], waiting: 0, first: null, firstBy: null, firstUrl: null, elements: 0 })) as ZapProbeState;
  });
}

/**
 * The first frame of `target` after the key press at `keyT`: the first 'swap' or 'playing' stamp
 * after it while the app reports that channel. Null while there is none yet.
 */
export function zapFrame(stamps: readonly ZapStamp[], keyT: number, target: number): (ZapStamp & { by: 'swap' | 'playing' }) | null {
  for (const s of stamps) {
    if (s.at >= keyT && s.channel === target && s.by !== 'cued') return { ...s, by: s.by };
  }
  return null;
}

/** The first picture of `target` after the key press, a held (paused) first frame included. */
export function zapPicture(stamps: readonly ZapStamp[], keyT: number, target: number): ZapStamp | null {
  return stamps.find((s) => s.at >= keyT && s.channel === target) ?? null;
}
