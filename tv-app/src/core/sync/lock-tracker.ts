/**
 * The PlaybackController's lock: locked once |error| stays under lockThresholdMs for lockHoldMs,
 * lost above unlockThresholdMs. Times the first lock of each join, from the join's start and from
 * the media clock's start (the first frame).
 */
import type { PlaybackControllerOptions } from './playback-types.js';

type LockOptions = Pick<PlaybackControllerOptions, 'lockThresholdMs' | 'lockHoldMs' | 'unlockThresholdMs'>;

export class LockTracker {
  locked = false;
  everLocked = false;
  /** From the start of the current join to its first lock (ms), null until locked. */
  lockTimeMs: number | null = null;
  /** From the media clock starting to the first lock (ms), null until locked. */
  lockAfterStartMs: number | null = null;
  /** When the media clock of the current join started (local ms), once known. */
  clockStartedAtMs: number | null = null;
  private joinStartedAtMs = 0;
  private inBandSinceMs: number | null = null;

  constructor(private readonly o: LockOptions) {}

  /** A new join starts at local time `now`. */
  startJoin(now: number): void {
    this.joinStartedAtMs = now;
    this.everLocked = false;
    this.locked = false;
    this.lockTimeMs = null;
    this.lockAfterStartMs = null;
    this.clockStartedAtMs = null;
    this.inBandSinceMs = null;
  }

  /** A (re)load within the join: the clock has to start again. */
  restart(): void {
    this.inBandSinceMs = null;
    this.clockStartedAtMs = null;
  }

  /** Steering was interrupted (stall) or lock was given up (seek). */
  interrupt(options: { unlock: boolean }): void {
    this.inBandSinceMs = null;
    if (options.unlock) this.locked = false;
  }

  update(absErr: number, now: number): void {
    const o = this.o;
    if (this.locked) {
      if (absErr > o.unlockThresholdMs) {
        this.locked = false;
        this.inBandSinceMs = null;
      }
      return;
    }
    if (absErr >= o.lockThresholdMs) {
      this.inBandSinceMs = null;
      return;
    }
    this.inBandSinceMs ??= now;
    if (now - this.inBandSinceMs >= o.lockHoldMs) {
      this.locked = true;
      if (!this.everLocked) {
        this.lockTimeMs = now - this.joinStartedAtMs;
        if (this.clockStartedAtMs !== null) this.lockAfterStartMs = now - this.clockStartedAtMs;
      }
      this.everLocked = true;
    }
  }
}
