// A discrete-event queue on the simulation's true time (ms). Events at the same time run in
// insertion order. The queue stays small (a few dozen events), so a sorted array is enough.

interface QueuedEvent {
  readonly at: number;
  readonly run: () => void;
}

export class EventQueue {
  private events: QueuedEvent[] = [];
  /** True time (ms) of the event being run, or of the last one. */
  now: number;

  constructor(startMs: number) {
    this.now = startMs;
  }

  at(timeMs: number, run: () => void): void {
    const at = Math.max(timeMs, this.now);
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid]?.at ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    this.events.splice(lo, 0, { at, run });
  }

  after(delayMs: number, run: () => void): void {
    this.at(this.now + delayMs, run);
  }

  /** Run events in time order until none is left at or before `endMs`; then now = endMs. */
  runUntil(endMs: number): void {
    for (;;) {
      const top = this.events[0];
      if (top === undefined || top.at > endMs) break;
      this.events.shift();
      this.now = top.at;
      top.run();
    }
    this.now = Math.max(this.now, endMs);
  }
}
