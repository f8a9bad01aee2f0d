// The beacon: `ss/v1/time` about once a second with server time, a sequence number and the lineup
// version. Ticks are aimed at whole multiples of the interval so they do not drift.
import { Topics, type TimeBeacon } from '#core/protocol.js';
import type { Publisher } from './publisher.js';
import { BACKGROUND_TIMERS, type Timers } from './timers.js';

export interface TimeBeaconOptions {
  publisher: Publisher;
  clock: () => number;
  /** Tick timer (default: the system's, unref'd). */
  timers?: Timers;
  intervalMs: number;
  lineupVersion: () => number;
}

export class TimeBeaconService {
  private seq = 0;
  private timer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: TimeBeaconOptions) {
    this.timers = options.timers ?? BACKGROUND_TIMERS;
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const beacon: TimeBeacon = {
      v: 1,
      serverTimeMs: Math.round(this.options.clock()),
      seq: this.seq++,
      lineupVersion: this.options.lineupVersion(),
    };
    this.options.publisher.publish(Topics.time, beacon);
    const { intervalMs } = this.options;
    const now = this.options.clock();
    const wait = intervalMs - (now % intervalMs);
    this.timer = this.timers.setTimeout(() => this.tick(), wait < intervalMs / 2 ? wait + intervalMs : wait);
  }
}
