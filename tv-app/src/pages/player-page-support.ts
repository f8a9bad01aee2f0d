// Defaults and small helpers of the player page (kept apart so the page stays about the screen).
import type { SyncBadgeState } from '../components/InfoBanner.js';
import type { PlaybackState } from '../core/sync/playback-controller.js';

export const PLAYER_PAGE_DEFAULTS = {
  maxDigits: 4, // digits in a channel number
  noteMs: 2500, // milliseconds a notice ("No channel 42") stays up
  bannerRefreshMs: 500, // milliseconds between progress bar / sync badge updates
  emptyLineupRetryMs: 5_000, // milliseconds before an empty lineup is fetched again
  preparingRetryMs: 2_000, // milliseconds between looks while the server prepares the demo lineup
  lineupRetryMaxMs: 15_000, // milliseconds: ceiling of the lineup retry backoff (tunes: TUNER_DEFAULTS)
  httpClockSamples: 5, // uncached /health exchanges at boot (the fallback clock keeps the fastest)
  trackApplyMs: 500, // milliseconds between looks for new loads to give the captions and audio choices
  lockLeadMs: 150, // milliseconds before a locked program starts that the lock already covers (a boundary's swap lands within a frame or two)
};

/** The sync badge: offline while the broker is away (playing on the last clock estimate); paused or start-over while behind live on purpose. */
export function badgeFor(input: { brokerUp: boolean; playback: PlaybackState; timeShift?: 'live' | 'shifted' | 'paused' }): SyncBadgeState {
  if (input.timeShift === 'paused') return 'paused';
  if (input.timeShift === 'shifted') return 'start-over';
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

/** '−12:34' (or '−1:02:03'): how far behind live, for the banner. */
export function behindText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `−${h}:${String(m).padStart(2, '0')}:${ss}` : `−${m}:${ss}`;
}
