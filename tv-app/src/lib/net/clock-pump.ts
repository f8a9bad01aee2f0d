// Drives the shared ClockEstimator with NTP-style exchanges over any transport (MQTT time/req ->
// time/res in the app). The estimator decides when to send; this owns the timer.
import type { ClockEstimator, ClockEstimate, TimeExchange } from '../../core/sync/clock-estimator.js';

export interface ClockPumpOptions {
  clock: ClockEstimator;
  /** Publishes a request stamped t0; false when the transport is down. */
  send: (t0: number) => boolean;
  /** Monotonic local clock, epoch-aligned milliseconds. */
  localNow: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class ClockPump {
  private timer: unknown = null;
  private running = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly opt: ClockPumpOptions) {
    this.setTimer = opt.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opt.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  start(): void {
    this.running = true;
    this.pump();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /** A time/res arrived. */
  onResponse(exchange: TimeExchange): void {
    this.opt.clock.onResponse(exchange, this.opt.localNow());
    this.pump();
  }

  /** control/sync, a reconnect, or a beacon that proves a jump: re-sync now. */
  resync(): void {
    this.opt.clock.requestResync(this.opt.localNow());
    this.pump();
  }

  /** Server time now (epoch ms). */
  serverNow(): number {
    return this.opt.clock.serverNow(this.opt.localNow());
  }

  estimate(): ClockEstimate {
    return this.opt.clock.estimate(this.opt.localNow());
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.opt.localNow();
    if (this.opt.clock.nextRequestDueAt(now) <= now) {
      if (this.opt.send(now)) this.opt.clock.onRequestSent(now);
    }
    if (this.timer !== null) this.clearTimer(this.timer);
    const after = this.opt.localNow();
    const due = this.opt.clock.nextRequestDueAt(after);
    // When the transport refused the send, try again shortly rather than spinning.
    const wait = due <= after ? 250 : Math.min(due - after, 60_000);
    this.timer = this.setTimer(() => this.pump(), wait);
  }
}
