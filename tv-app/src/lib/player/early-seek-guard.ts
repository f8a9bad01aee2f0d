// Holds back the first seek of a load made before the media has a frame (readyState under 2), on
// engines whose pipeline deadlocks when flushed while it is still setting up its streams (the
// engine profile's `earlySeekDelayMs`: WPE WebKit 2.38). Shaka seeks to the start position as soon
// as the init segments are in (readyState 1); on WPE that flush can meet GStreamer's playsink still
// waiting for the other stream, and the web process's main thread blocks for good (as WPEWebKit
// issue 1367 reports for 2.38; a proposed WebKit patch holds such flushes until playsink has every
// stream). A fixed delay only narrows the race: on two busy cores a 40-zap loop hung in 2 runs of 3
// with the seek at once and in 1 of 3 with it 150 ms later, and a cold boot hung with it 150 ms later
// when the first segments took longer than that to arrive. So the seek waits for what the pipeline
// needs to have set up every stream: media of every track buffered at the target (the element's
// `buffered` is the intersection of its source buffers'), held for `settleMs`, and at least
// `delayMs`; never longer than `maxWaitMs`. While the seek waits, `currentTime` reads its target,
// as it would during a seek, so the player fetches the segments there.
import type { Timers } from '../util/timers.js';
import { bufferAhead, type BufferedLike } from '../screens/sync-stats.js';

export interface SeekTarget {
  readyState: number;
  /** The media buffered (every track's); without it the guard waits `delayMs` only. */
  readonly buffered?: BufferedLike;
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

export const EARLY_SEEK_DEFAULTS = {
  settleMs: 100, // milliseconds media of every track stays buffered at the target before the seek
  pollMs: 20, // milliseconds between looks at what is buffered
  maxWaitMs: 3_000, // milliseconds after which the seek is made whatever is buffered
};

export type EarlySeekOptions = typeof EARLY_SEEK_DEFAULTS;

/**
 * Guards `media`'s next early seek (the latest target wins): made once every track has media at
 * the target for `settleMs`, at least `delayMs` and at most `maxWaitMs` after it was asked. A seek
 * once the media has a frame, or the delayed one, ends the guard; so does release().
 */
export function deferEarlySeek(
  media: SeekTarget, accessor: TimeAccessor, delayMs: number, timers: Timers, options: Partial<EarlySeekOptions> = {},
): EarlySeekGuard {
  const o: EarlySeekOptions = { ...EARLY_SEEK_DEFAULTS, ...options };
  const own = media as unknown as Record<string, unknown>;
  let target: number | null = null;
  let waited = 0;
  let bufferedFor = 0;
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
  const hasData = (): boolean => media.buffered === undefined || (target !== null && bufferAhead(media.buffered, target) > 0);
  let step = 0;
  const arm = (): void => {
    const next = waited < delayMs ? delayMs : o.maxWaitMs; // land exactly on the delay and on the longest wait
    step = Math.max(1, Math.min(o.pollMs, next - waited));
    timer = timers.setTimeout(look, step);
  };
  const look = (): void => {
    timer = null;
    waited += step;
    bufferedFor = hasData() ? bufferedFor + step : 0;
    const settled = media.buffered === undefined || bufferedFor >= o.settleMs;
    if ((waited >= delayMs && settled) || waited >= o.maxWaitMs) end();
    else arm();
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
      bufferedFor = 0; // a new target: its media must be there
      if (timer === null) arm();
    },
  });
  return { pending: () => target !== null, release: end };
}
