// The beacon: `ss/v1/time` about once a second with server time, a sequence number and the lineup
// version. Ticks are aimed at whole multiples of the interval so they do not drift.
import { Topics, type TimeBeacon } from '../../../tv-app/src/core/protocol.js';
import type { Publisher } from './publisher.js';

export interface TimeBeaconOptions {
  publisher: Publisher;
  clock: () => number;
  intervalMs: number;
  lineupVersion: () => number;
}

export class TimeBeaconService {
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: TimeBeaconOptions) {}

  start(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
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
    this.timer = setTimeout(() => this.tick(), wait < intervalMs / 2 ? wait + intervalMs : wait);
    this.timer.unref?.();
  }
}
