// Playing a channel through its live stream (the TV config's `source: "live"`): one endless target
// instead of programs, the channel's dynamic DASH MPD as the media, and the schedule's instant of
// `latencyMs` ago as the aim. In that MPD a Period starts at its airing's instant counted from the Unix
// epoch (availabilityStartTime), so media time t (seconds) is the schedule's instant t x 1000 ms: the
// target position at server time T is (T - latency) / 1000, and the one sync core holds it as it holds
// a program's offset. No boundary is the app's own: the player crosses airings inside the stream.
// The banner and the guide still read the channel's now/next (`programs`).
import { liveDashPath } from '../../core/live-paths.js';
import { sameProgram, type ProgramTarget } from '../../core/sync/target-position.js';
import type { TvConfig } from '../../core/app-settings.js';
import type { ChannelSchedule } from './channel-schedule.js';
import type { PlaySchedule, TimedTarget } from './playback-driver.js';

export class LiveSchedule implements PlaySchedule {
  private readonly target: TimedTarget;
  private readonly url: string;

  constructor(
    private readonly programs: ChannelSchedule,
    latencyMs: number,
    baseUrl: string,
  ) {
    // offset = inMs + (T - startMs) = T - latency: the media time of the live stream, in ms.
    this.target = { id: `live:${programs.channelId}`, startMs: latencyMs, inMs: 0, endMs: Number.POSITIVE_INFINITY };
    this.url = new URL(liveDashPath(programs.channelId), baseUrl + '/').toString();
  }

  get channelId(): string {
    return this.programs.channelId;
  }

  programAt(): TimedTarget {
    return this.target;
  }

  programAfter(): null {
    return null;
  }

  needsRefresh(serverMs: number, marginMs: number): boolean {
    return this.programs.needsRefresh(serverMs, marginMs);
  }

  find(target: ProgramTarget): TimedTarget | null {
    return sameProgram(target, this.target) ? this.target : null;
  }

  urlFor(): string {
    return this.url;
  }
}

/** What the driver plays for a channel under `config`: its programs, or its live stream. */
export function playScheduleFor(programs: ChannelSchedule, config: Pick<TvConfig, 'source' | 'liveLatencyMs'>, baseUrl: string): PlaySchedule {
  return config.source === 'live' ? new LiveSchedule(programs, config.liveLatencyMs, baseUrl) : programs;
}

/** How far behind the schedule the picture is under `config` (ms): the live latency, or 0 on the programs. */
export function pictureDelayMs(config: Pick<TvConfig, 'source' | 'liveLatencyMs'>): number {
  return config.source === 'live' ? config.liveLatencyMs : 0;
}
