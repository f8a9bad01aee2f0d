/**
 * What the PlaybackController learns about its player's delays: from play() to the media clock
 * running (start lag) and from a seek to the clock resuming (seek latency). The first measurement
 * replaces the default, later ones are averaged in (EWMA, learnWeight); measurements outside
 * 0..maxLagMs are ignored. A start lag can be taken provisionally and replaced by a better
 * measurement of the same start (see PlaybackController's settled-clock measurement).
 */
import type { PlaybackControllerOptions } from './playback-types.js';

type LagOptions = Pick<PlaybackControllerOptions, 'initialStartLagMs' | 'initialSeekLatencyMs' | 'learnWeight' | 'maxLagMs'>;

/** The start-lag estimate before a provisional sample (to replace that sample later). */
export interface StartLagMark {
  readonly lagMs: number;
  readonly samples: number;
}

export class LagLearning {
  startLagMs: number;
  seekLatencyMs: number;
  private startSamples = 0;
  private seekSamples = 0;

  constructor(private readonly o: LagOptions) {
    this.startLagMs = o.initialStartLagMs;
    this.seekLatencyMs = o.initialSeekLatencyMs;
  }

  private valid(lag: number): boolean {
    return Number.isFinite(lag) && lag >= 0 && lag <= this.o.maxLagMs;
  }

  private blend(previous: number, samples: number, lag: number): number {
    return samples === 0 ? lag : previous + this.o.learnWeight * (lag - previous);
  }

  /** A start-lag measurement; returns the mark to replace it with later, or null when ignored. */
  learnStart(lagMs: number): StartLagMark | null {
    if (!this.valid(lagMs)) return null;
    const mark = { lagMs: this.startLagMs, samples: this.startSamples };
    this.startLagMs = this.blend(this.startLagMs, this.startSamples, lagMs);
    this.startSamples++;
    return mark;
  }

  /** A better measurement of the start whose provisional sample left `mark` (null: none was taken). */
  replaceStart(mark: StartLagMark | null, lagMs: number): void {
    if (!this.valid(lagMs)) return;
    const previous = mark ? mark.lagMs : this.startLagMs;
    const samples = mark ? mark.samples : this.startSamples;
    this.startLagMs = this.blend(previous, samples, lagMs);
    this.startSamples = samples + 1;
  }

  learnSeek(lagMs: number): void {
    if (!this.valid(lagMs)) return;
    this.seekLatencyMs = this.blend(this.seekLatencyMs, this.seekSamples, lagMs);
    this.seekSamples++;
  }

  /** Values from elsewhere (a twin player, a past session); out-of-range values are ignored. */
  adopt(learned: { startLagMs?: number; seekLatencyMs?: number }): void {
    if (learned.startLagMs !== undefined && this.valid(learned.startLagMs)) {
      this.startLagMs = learned.startLagMs;
      this.startSamples = Math.max(1, this.startSamples);
    }
    if (learned.seekLatencyMs !== undefined && this.valid(learned.seekLatencyMs)) {
      this.seekLatencyMs = learned.seekLatencyMs;
      this.seekSamples = Math.max(1, this.seekSamples);
    }
  }
}
