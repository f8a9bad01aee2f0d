// Defaults and small helpers of the player page (kept apart so the page stays about the screen).
import type { SyncBadgeState } from '../components/InfoBanner.js';
import type { PlaybackState } from '../core/sync/playback-controller.js';


export const PLAYER_PAGE_DEFAULTS = {
  maxDigits: 4, // digits in a channel number
  noteMs: 2500, // milliseconds a notice ("No channel 42") stays up
  bannerRefreshMs: 500, // milliseconds between progress bar / sync badge updates
  emptyLineupRetryMs: 5_000, // milliseconds before an empty lineup is fetched again
  preparingRetryMs: 2_000, // milliseconds between looks while the server prepares the demo lineup
  lineupRetryMaxMs: 15_000, // milliseconds: ceiling of the lineup retry backoff
  apiRetryBaseMs: 1_000, // milliseconds before a tune whose now/next could not be fetched is retried (doubles)
  mediaRetries: 2, // reloads after a media error before the "unavailable" slate
  mediaRetryDelayMs: 1_000, // milliseconds x attempt before a reload
  unavailableRetryMs: 10_000, // milliseconds before an unavailable channel is tried again
  neighbourPreloadDelayMs: 1_500, // milliseconds after a first frame before neighbours are preloaded
  rememberLearningDelayMs: 3_000, // milliseconds after a first frame before the learned delays are kept
  httpClockSamples: 5, // uncached /health exchanges at boot (the fallback clock keeps the fastest)
};

/** Shaka's LOAD_INTERRUPTED (7000) and OBJECT_DESTROYED (7003): a newer load replaced this one. */
export function isSupersededLoad(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 7000 || code === 7003 || code === 'SS_TV_TUNE_SUPERSEDED';
}

/** A short description of a media error for the log: Shaka category/code, or the DOM error. */
export function describeMediaError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as { category?: unknown; code?: unknown; message?: unknown; type?: unknown };
  if (typeof e.code === 'number') return `shaka category ${String(e.category)} code ${e.code}`;
  if (typeof e.message === 'string') return e.message;
  return typeof e.type === 'string' ? `media event ${e.type}` : 'unknown media error';
}

/** The sync badge: offline while the broker is away (playing on the last clock estimate). */
export function badgeFor(input: { brokerUp: boolean; playback: PlaybackState }): SyncBadgeState {
  if (!input.brokerUp) return 'offline';
  return input.playback === 'locked' ? 'in-sync' : 'correcting';
}

/** localStorage, or null where the platform blocks it. */
export function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
