// A manual timer queue on its own clock (`now`, ms): time moves only when the test says so, and
// `advance` fires the timers that fall due, in order, each seeing the clock at its due time.
import type { Timers } from '../../src/lib/util/timers.js';

export class FakeTimers implements Timers {
  private next = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  constructor(public now = 0) {}

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Sets the clock without firing anything (a frame that comes at `t`). */
  set(t: number): void {
    this.now = t;
  }

  /** Moves the clock forward by `ms`, firing what falls due on the way. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= target).sort((x, y) => x[1].at - y[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      due[1].fn();
    }
    this.now = target;
  }

  get count(): number {
    return this.pending.size;
  }
}
