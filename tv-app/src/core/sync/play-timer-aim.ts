/**
 * Aims the timer of a timed start. A play() must run at an exact local instant, but a timer fires
 * late by what the event loop is busy with: ~1 ms on an idle TV, tens of ms on a loaded one, and a
 * start that late is an error the controller then has to remove (on WPE WebKit, by another timed
 * restart, late again). So the timer is armed early by the lateness seen lately (a high-water mark
 * that decays), and the last stretch is waited out exactly (a short busy wait, bounded).
 *
 * Pure: the caller owns the timer and the clock.
 * ```ts
 * const armAt = aim.armAt(playAtMs);
 * setTimeout(() => {
 *   const firedAt = now();
 *   aim.noteFired(armAt, firedAt);
 *   const until = firedAt + aim.waitBudgetMs();
 *   while (now() < playAtMs && now() < until) {} // exact wait
 *   video.play();
 * }, armAt - now());
 * ```
 */
export const PLAY_TIMER_DEFAULTS = {
  waitMs: 4, // the timer is aimed this far before the instant at least; the rest is waited out exactly (ms)
  maxEarlyMs: 40, // lateness allowed for at most: the exact wait never exceeds waitMs x 2 + this (ms)
  decay: 0.25, // weight of a smaller lateness in the high-water mark (0..1)
} as const;

export type PlayTimerOptions = { readonly [K in keyof typeof PLAY_TIMER_DEFAULTS]: number };

export class PlayTimerAim {
  private readonly opt: PlayTimerOptions;
  private lateMs = 0;

  constructor(options: Partial<PlayTimerOptions> = {}) {
    this.opt = { ...PLAY_TIMER_DEFAULTS, ...options };
  }

  /** When to arm the timer for an action at `atMs` (same clock). */
  armAt(atMs: number): number {
    return atMs - this.opt.waitMs - this.lateMs;
  }

  /** A timer armed for `armedForMs` fired at `firedAtMs`: learn its lateness. */
  noteFired(armedForMs: number, firedAtMs: number): void {
    const late = firedAtMs - armedForMs;
    if (!Number.isFinite(late)) return;
    const seen = Math.min(this.opt.maxEarlyMs, Math.max(0, late));
    this.lateMs = seen >= this.lateMs ? seen : this.lateMs + this.opt.decay * (seen - this.lateMs);
  }

  /** The longest exact wait after the timer fired (ms): bounded whatever the clock does. */
  waitBudgetMs(): number {
    return 2 * this.opt.waitMs + this.lateMs;
  }

  /** The lateness allowed for now (ms). */
  get expectedLateMs(): number {
    return this.lateMs;
  }
}
