// The simulated world: true time, a viewer's local clock (skewed, drifting, steppable), the
// server's clock (steppable) and a network with asymmetric, jittery, spiky and lossy delays.
import type { TimeExchange } from '../../../../src/core/sync/clock-estimator.js';
import { EventQueue } from './event-queue.js';
import { Prng } from './prng.js';

/** A local clock: local = true + skewMs + driftPpm x 1e-6 x (true - epochMs) + stepMs. */
export class SimLocalClock {
  private stepMs = 0;

  constructor(
    private readonly epochMs: number,
    readonly skewMs: number,
    readonly driftPpm: number,
  ) {}

  localAt(trueMs: number): number {
    return trueMs + this.skewMs + (this.driftPpm * 1e-6) * (trueMs - this.epochMs) + this.stepMs;
  }

  trueAt(localMs: number): number {
    return (localMs - this.skewMs - this.stepMs + this.driftPpm * 1e-6 * this.epochMs) / (1 + this.driftPpm * 1e-6);
  }

  /** The local clock steps (an NTP correction on a non-monotonic clock). */
  step(byMs: number): void {
    this.stepMs += byMs;
  }
}

/** The server's clock: true time plus a step an operator may apply. */
export class SimServerClock {
  private stepMs = 0;

  serverAt(trueMs: number): number {
    return trueMs + this.stepMs;
  }

  step(byMs: number): void {
    this.stepMs += byMs;
  }
}

export interface NetworkProfile {
  /** Fixed one-way delays (ms). Their difference biases any NTP estimate by half of it. */
  upBaseMs: number;
  downBaseMs: number;
  /** Mean of the exponential jitter added to each direction (ms). */
  jitterMeanMs: number;
  /** Probability that one direction of an exchange gets a queueing spike, and its range (ms). */
  spikeProbability: number;
  spikeMinMs: number;
  spikeMaxMs: number;
  /** Probability that a request or a reply is lost. */
  lossProbability: number;
  /** Server processing between t1 and t2 (ms). */
  processingMs: number;
}

export const LOOPBACK_PROFILE: NetworkProfile = {
  upBaseMs: 0.6,
  downBaseMs: 0.4,
  jitterMeanMs: 0.4,
  spikeProbability: 0.08,
  spikeMinMs: 20,
  spikeMaxMs: 300,
  lossProbability: 0.05,
  processingMs: 0.05,
};

/** Delivers time requests to the simulated server and its replies back, through the queue. */
export class SimNetwork {
  readonly stats = { requests: 0, lost: 0, spikes: 0 };

  constructor(
    private readonly queue: EventQueue,
    private readonly rng: Prng,
    private readonly server: SimServerClock,
    public profile: NetworkProfile,
  ) {}

  private delay(base: number): number {
    let d = base + this.rng.exponential(this.profile.jitterMeanMs);
    if (this.rng.chance(this.profile.spikeProbability)) {
      d += this.rng.uniform(this.profile.spikeMinMs, this.profile.spikeMaxMs);
      this.stats.spikes++;
    }
    return d;
  }

  /** Send a request stamped t0 now; `deliver` runs (true time) when the reply arrives, if it does. */
  exchange(t0: number, deliver: (reply: TimeExchange) => void): void {
    this.stats.requests++;
    if (this.rng.chance(this.profile.lossProbability)) {
      this.stats.lost++;
      return;
    }
    this.queue.after(this.delay(this.profile.upBaseMs), () => {
      const t1 = this.server.serverAt(this.queue.now);
      const t2 = t1 + this.profile.processingMs;
      if (this.rng.chance(this.profile.lossProbability)) {
        this.stats.lost++;
        return;
      }
      this.queue.after(this.profile.processingMs + this.delay(this.profile.downBaseMs), () => deliver({ t0, t1, t2 }));
    });
  }
}
