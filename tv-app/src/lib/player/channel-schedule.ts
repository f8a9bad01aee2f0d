// What a channel plays when: its current and next program (from GET /v1/channels/:id/now or the
// retained `channels/{id}/now`), and which of them the schedule is in at a given server time.

import { isOnAir, programAt } from '../../core/on-air.js';
import { sameProgram, type ProgramTarget } from '../../core/sync/target-position.js';
import type { AiringProgram, ChannelNow } from '../../core/wire.js';
import type { PlaySchedule } from './playback-driver.js';

export const SCHEDULE_DEFAULTS = {
  pastPrograms: 8, // programs kept after they stop being current (short airings within a live latency)
};

export class ChannelSchedule implements PlaySchedule {
  /** Programs that were current before, latest first (a few: a picture held behind the schedule still shows them). */
  private readonly past: AiringProgram[] = [];

  constructor(
    private now: ChannelNow,
    private readonly protocol: 'dash' | 'hls',
    private readonly baseUrl: string,
  ) {}

  get channelId(): string {
    return this.now.channel.id;
  }

  get data(): ChannelNow {
    return this.now;
  }

  /** Takes newer data (by server time); returns false for stale or foreign data. */
  update(next: ChannelNow): boolean {
    if (next.channel.id !== this.now.channel.id || next.serverTimeMs < this.now.serverTimeMs) return false;
    const before = this.now.current;
    if (before && !sameProgram(before, next.current) && !this.past.some((p) => sameProgram(p, before))) {
      this.past.unshift(before);
      this.past.length = Math.min(this.past.length, SCHEDULE_DEFAULTS.pastPrograms);
    }
    this.now = next;
    return true;
  }

  /**
   * The program on air at `serverMs`, or null when nothing known is on. Besides now/next, the last few
   * programs that were current are known: a picture held behind the schedule (the live stream) still
   * shows them for a while.
   */
  programAt(serverMs: number): AiringProgram | null {
    return programAt(this.now.current, this.now.next, serverMs) ?? this.past.find((p) => isOnAir(p, serverMs)) ?? null;
  }

  /**
   * The program after the one on air at `serverMs` (for the banner and the boundary preload). Once
   * the next airing is on air and fresh data has not come yet, the program that airing leads to is
   * known when it follows it directly (ChannelNow.program: the program filler, slate and breaks lead
   * to): a short slate clip then leaves the standby player its whole length to prepare that program.
   */
  programAfter(serverMs: number): AiringProgram | null {
    const on = this.programAt(serverMs);
    const { current, next } = this.now;
    const i = on ? this.past.findIndex((p) => sameProgram(p, on)) : -1;
    if (i >= 0) return (i > 0 ? this.past[i - 1] : current) ?? null;
    if (on && current && sameProgram(on, current)) return next;
    if (on && next && sameProgram(on, next)) return this.followedBy(on);
    if (!on && next && serverMs < next.startMs) return next;
    return null;
  }

  /** ChannelNow.program when it starts as `airing` ends (so it is not `airing` itself), else null. */
  private followedBy(airing: AiringProgram): AiringProgram | null {
    const led = this.now.program;
    return led && led.startMs === airing.endMs ? led : null;
  }

  /** The data runs out soon: the next program is unknown, or the current one is already over. */
  needsRefresh(serverMs: number, marginMs: number): boolean {
    const { current, next } = this.now;
    if (current && serverMs >= current.endMs) return true;
    if (next && serverMs >= next.startMs) return true;
    if (current && !next && serverMs >= current.endMs - marginMs) return true;
    return false;
  }

  /** Manifest URL of a program of this channel, absolute. */
  urlFor(program: AiringProgram): string {
    const raw = this.protocol === 'hls' ? program.hlsUrl : program.dashUrl;
    return new URL(raw, this.baseUrl + '/').toString();
  }

  /** The airing program matching a controller target (it hands back what it was given). */
  find(target: ProgramTarget): AiringProgram | null {
    for (const p of [this.now.current, this.now.next, this.now.program]) if (p && sameProgram(p, target)) return p;
    return null;
  }
}
