// Admission of new MQTT connections, paced by one token bucket for the whole node: a storm of
// CONNECTs waits its turn (a delay for the stormers) instead of taking the event loop from viewers
// already connected. Beyond `maxWaiting` queued connections, more are refused at once (their socket
// is closed), so a storm never grows memory without bound. Server publishers are not paced.
import { TokenBucket } from './rate-limit.js';
import type { Timers } from './timers.js';

export interface ConnectPacerOptions {
  ratePerSecond: number;
  burst: number;
  maxWaiting: number;
  clock: () => number;
  timers: Timers;
}

export class ConnectPacer {
  private readonly bucket: TokenBucket;
  private readonly waiting: Array<(admitted: boolean) => void> = [];
  private timer: unknown = null;

  constructor(private readonly options: ConnectPacerOptions) {
    this.bucket = new TokenBucket(options.ratePerSecond, options.burst, options.clock());
  }

  /** Calls `done(true)` when the connection may go on (now or once its turn comes), `done(false)` when refused. */
  admit(done: (admitted: boolean) => void): void {
    if (this.waiting.length === 0 && this.bucket.take(this.options.clock())) return done(true);
    if (this.waiting.length >= this.options.maxWaiting) return done(false);
    this.waiting.push(done);
    this.arm();
  }

  /** Connections waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Refuses everything still waiting (the node is closing). */
  stop(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
    for (const done of this.waiting.splice(0)) done(false);
  }

  private arm(): void {
    if (this.timer !== null) return;
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = null;
      this.drain();
    }, 1000 / this.options.ratePerSecond);
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.bucket.take(this.options.clock())) this.waiting.shift()?.(true);
    if (this.waiting.length > 0) this.arm();
  }
}
