// HLS media and discontinuity sequence numbers from the schedule alone: how many entries (per track
// kind) and how many airings the live timeline holds from the channel's live epoch up to an instant.
// Any server process counts the same, so replicas answer byte-identical playlists. Counts are kept per
// channel as checkpoints and extended forward a day at a time; a lineup change counts again from the
// epoch (a change never alters what already aired, so the numbers stay the same).
import { hlsEntryCount, slateGridAtOrBefore, type LiveAiring, type Slate } from './live-timeline.js';

export interface SequenceCounts {
  /** Entries of the video tracks (every rung of an asset has the same boundaries). */
  video: number;
  audio: number;
  /** Airings, i.e. discontinuities. */
  airings: number;
}

export const SEQUENCE_DEFAULTS = {
  chunkMs: 24 * 3_600_000, // milliseconds of schedule read per step when counting forward
  checkpoints: 32, // kept per channel (the epoch's is always kept)
};

export interface SequenceCounterOptions {
  /** The live timeline of [fromMs, toMs): airings overlapping it, gaps filled by `slate` from fromMs on (on its grid). */
  airings: (channelId: string, fromMs: number, toMs: number, slate: Slate | null) => Promise<LiveAiring[]>;
  chunkMs?: number;
  checkpoints?: number;
}

interface Checkpoint extends SequenceCounts {
  /** Counts cover airings starting before this instant (from the epoch's first). */
  atMs: number;
}

interface ChannelCounts {
  key: string;
  epochMs: number;
  points: Checkpoint[];
}

const add = (c: SequenceCounts, airing: LiveAiring): void => {
  c.video += hlsEntryCount(airing, airing.timeline.video[0] ?? airing.timeline.audio);
  c.audio += hlsEntryCount(airing, airing.timeline.audio);
  c.airings += 1;
};

export class SequenceCounter {
  private readonly channels = new Map<string, ChannelCounts>();
  private readonly chunkMs: number;
  private readonly maxPoints: number;

  constructor(private readonly o: SequenceCounterOptions) {
    this.chunkMs = o.chunkMs ?? SEQUENCE_DEFAULTS.chunkMs;
    this.maxPoints = o.checkpoints ?? SEQUENCE_DEFAULTS.checkpoints;
  }

  /**
   * Counts of the airings that start before `atMs` (an airing's start or a slate grid point), from the
   * airing on air at `epochMs` on. `key` names the lineup state the counts hold for; `slate` fills gaps.
   */
  async before(channelId: string, epochMs: number, atMs: number, key: string, slate: Slate | null): Promise<SequenceCounts> {
    const start = slateGridAtOrBefore(slate, epochMs);
    if (atMs <= start) return { video: 0, audio: 0, airings: 0 };
    let state = this.channels.get(channelId);
    if (!state || state.key !== key || state.epochMs !== start) {
      state = { key, epochMs: start, points: [] };
      this.channels.set(channelId, state);
    }
    let from: Checkpoint | null = null;
    for (const p of state.points) if (p.atMs <= atMs && (!from || p.atMs > from.atMs)) from = p;
    const counts: Checkpoint = from ? { ...from } : { atMs: start, video: 0, audio: 0, airings: 0 };
    while (counts.atMs < atMs) {
      const first = counts.atMs === start;
      const chunkEnd = Math.min(atMs, Math.max(counts.atMs + 1, slateGridAtOrBefore(slate, counts.atMs + this.chunkMs)));
      for (const airing of await this.o.airings(channelId, counts.atMs, chunkEnd, slate)) {
        if (airing.startMs >= chunkEnd) continue;
        if (!first && airing.startMs < counts.atMs) continue; // counted by the previous step
        add(counts, airing);
      }
      counts.atMs = chunkEnd;
      this.remember(state, { ...counts });
    }
    return { video: counts.video, audio: counts.audio, airings: counts.airings };
  }

  private remember(state: ChannelCounts, point: Checkpoint): void {
    if (state.points.some((p) => p.atMs === point.atMs)) return;
    state.points.push(point);
    if (state.points.length > this.maxPoints) state.points.splice(1, 1); // keep the oldest (nearest the epoch)
  }
}
