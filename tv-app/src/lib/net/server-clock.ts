// The server clock as the app reads it: the shared ClockEstimator once the MQTT exchange has
// produced an estimate (kept, extrapolated, while the broker is away), and before that a coarse
// offset from the API's serverTimeMs (half the request's round trip is its error bound).
import type { ClockEstimator } from '../../core/sync/clock-estimator.js';

export class ServerClock {
  private httpOffsetMs: number | null = null;
  private httpRttMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly estimator: ClockEstimator,
    readonly localNow: () => number,
  ) {}

  /** An API reply stamped serverTimeMs, requested at local t0 and received at local t3. */
  noteHttp(serverTimeMs: number, t0: number, t3: number): void {
    const rtt = t3 - t0;
    if (!Number.isFinite(serverTimeMs) || !(rtt >= 0) || rtt > this.httpRttMs) return;
    this.httpRttMs = rtt;
    this.httpOffsetMs = serverTimeMs - (t0 + t3) / 2;
  }

  /** Estimated server time (epoch ms) at local time `localMs`. */
  serverNow(localMs: number = this.localNow()): number {
    if (this.estimator.state(localMs) !== 'unsynced') return this.estimator.serverNow(localMs);
    return localMs + (this.httpOffsetMs ?? 0);
  }

  /** 'exchange' once the MQTT estimate exists, 'http' on the coarse fallback, 'none' before either. */
  source(localMs: number = this.localNow()): 'exchange' | 'http' | 'none' {
    if (this.estimator.state(localMs) !== 'unsynced') return 'exchange';
    return this.httpOffsetMs === null ? 'none' : 'http';
  }
}
