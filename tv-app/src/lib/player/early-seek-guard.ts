// Holds back, for a moment, the first seek of a load made before the media has a frame (readyState
// under 2), on engines whose pipeline deadlocks when flushed while it is still setting up its
// streams (the engine profile's `earlySeekDelayMs`: WPE WebKit 2.38). Shaka seeks to the start
// position as soon as the init segments are in (readyState 1); on WPE that flush can meet GStreamer's
// playsink still waiting for the other stream, and the web process's main thread blocks for good
// (as WPEWebKit issue 1367 reports for 2.38; a proposed WebKit patch holds such flushes until
// playsink has every stream). On this machine's two busy cores, a 40-zap loop hung in 2 runs of 3
// with the seek at once, in 1 of 3 with it 150 ms later (that one after Shaka's rate 0 -> 1, also a
// flush: see shakaRebufferingGoalSec), and in none of 3 with both. While the seek waits,
// `currentTime` reads its target, as it would during a seek.
import type { Timers } from '../util/timers.js';

export interface SeekTarget {
  readyState: number;
}

/** The engine's own `currentTime` accessor (HTMLMediaElement.prototype's). */
export interface TimeAccessor {
  get?(): unknown;
  set?(value: unknown): void;
}

export interface EarlySeekGuard {
  /** A seek is waiting. */
  pending(): boolean;
  /** Stops guarding: a waiting seek is made now. */
  release(): void;
}

/**
 * Guards `media`'s next early seek: made `delayMs` later (the latest target wins). A seek once the
 * media has a frame, or the delayed one, ends the guard; so does release().
 */
export function deferEarlySeek(media: SeekTarget, accessor: TimeAccessor, delayMs: number, timers: Timers): EarlySeekGuard {
  const own = media as unknown as Record<string, unknown>;
  let target: number | null = null;
  let timer: unknown = null;
  let guarding = true;
  const end = (): void => {
    if (!guarding) return;
    guarding = false;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    delete own.currentTime;
    const wanted = target;
    target = null;
    if (wanted !== null) accessor.set?.call(media, wanted);
  };
  Object.defineProperty(media, 'currentTime', {
    configurable: true,
    enumerable: false,
    get: () => target ?? accessor.get?.call(media),
    set: (value: unknown) => {
      if (target === null && media.readyState >= 2) {
        end();
        accessor.set?.call(media, value);
        return;
      }
      target = Number(value);
      timer ??= timers.setTimeout(end, delayMs);
    },
  });
  return { pending: () => target !== null, release: end };
}
