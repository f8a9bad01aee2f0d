// The one fake clock of the control-api tests: a clock (`now`) and the timer port (`setTimeout`,
// `clearTimeout`) on the same time line. Time moves only when the test says so: `advance` fires the
// timers that fall due, in order, each seeing the clock at its own due time; `tickAsync` does the
// same but lets promise chains settle after every timer, for code that re-arms after an `await`.
import type { Timers } from '../src/broker/timers.js';
import { T0 } from './store/builders.js';

interface Pending {
  id: number;
  at: number;
  ms: number;
  fn: () => void;
}

/** Resolves once every promise job queued so far has run (one turn of the event loop). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Timers {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(public t = T0) {}

  readonly now = (): number => this.t;

  /** Sets the clock (forward or back) without firing anything. */
  set(t: number): void {
    this.t = t;
  }

  /** Moves the clock forward by `ms`, firing the timers due on the way (synchronously, in order). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (let due = this.takeDue(target); due; due = this.takeDue(target)) due.fn();
    this.t = target;
  }

  /** Like `advance`, letting promise chains settle before the first timer and after each one. */
  async tickAsync(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    for (let due = this.takeDue(target); due; due = this.takeDue(target)) {
      due.fn();
      await settle();
    }
    this.t = target;
  }

  /**
   * Steps the clock by `stepMs` until `pred` holds, waiting for real I/O between steps (bounded:
   * rejects after `realTimeoutMs` of real time). For code whose timers are fake but whose replies
   * come over real sockets.
   */
  async runUntil(pred: () => boolean, options: { stepMs: number; realTimeoutMs: number; what: string }): Promise<void> {
    const deadline = Date.now() + options.realTimeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
      await this.tickAsync(options.stepMs);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    this.pending.set(id, { id, at: this.t + delay, ms: delay, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.pending.delete(handle);
  }

  /** How many timers are armed. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** The delays (ms, as asked) of the armed timers, earliest due first. */
  pendingDelays(): number[] {
    return this.sorted().map((p) => p.ms);
  }

  /** Milliseconds until the earliest armed timer is due; null when none is. */
  nextDueIn(): number | null {
    const first = this.sorted()[0];
    return first ? first.at - this.t : null;
  }

  private sorted(): Pending[] {
    return [...this.pending.values()].sort((a, b) => a.at - b.at || a.id - b.id);
  }

  private takeDue(target: number): Pending | null {
    const first = this.sorted()[0];
    if (!first || first.at > target) return null;
    this.pending.delete(first.id);
    this.t = Math.max(this.t, first.at);
    return first;
  }
}
