// The player's learned delays (start lag, seek latency) kept on the device, so the first join
// after a restart lands as well as the last one did. Missing, old or garbled entries are ignored.
import type { PlaybackLearning } from '../../core/sync/playback-controller.js';

export const PLAYBACK_MEMORY = {
  key: 'streamsync.tv.playbackLearning', // localStorage key
  maxAgeMs: 30 * 24 * 3600_000, // milliseconds after which a remembered value is not trusted
};

interface Stored {
  startLagMs: number;
  seekLatencyMs: number;
  savedAtMs: number;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** What was remembered, or null (nothing, unreadable, or older than maxAgeMs at `nowMs`). */
export function recallLearning(storage: Pick<Storage, 'getItem'> | null, nowMs: number): PlaybackLearning | null {
  try {
    const raw = storage?.getItem(PLAYBACK_MEMORY.key);
    if (!raw) return null;
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const { startLagMs, seekLatencyMs, savedAtMs } = v as Partial<Stored>;
    if (!finite(startLagMs) || !finite(seekLatencyMs) || !finite(savedAtMs) || nowMs - savedAtMs > PLAYBACK_MEMORY.maxAgeMs) return null;
    return { startLagMs, seekLatencyMs };
  } catch {
    return null;
  }
}

/** Keeps `learning`'s delays (storage full or blocked: nothing happens). */
export function rememberLearning(storage: Pick<Storage, 'setItem'> | null, learning: PlaybackLearning, nowMs: number): void {
  const { startLagMs, seekLatencyMs } = learning;
  if (!finite(startLagMs) || !finite(seekLatencyMs)) return;
  try {
    storage?.setItem(PLAYBACK_MEMORY.key, JSON.stringify({ startLagMs, seekLatencyMs, savedAtMs: nowMs } satisfies Stored));
  } catch {
    // Not kept: the next session learns again.
  }
}
