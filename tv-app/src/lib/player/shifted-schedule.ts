// A channel's programs played `shiftMs` behind their schedule: start-over (the program on now from
// its beginning) and a paused channel resumed where it stopped. Every airing is moved later by the
// shift, so the one sync core plays the shifted schedule as it plays the real one — timed starts,
// seamless boundaries on the standby deck — and the programs come from the channel's own schedule,
// which keeps the last few that were current (SCHEDULE_DEFAULTS.pastPrograms).
import { sameProgram, type ProgramTarget } from '../../core/sync/target-position.js';
import type { AiringProgram } from '../../core/wire.js';
import type { ChannelSchedule } from './channel-schedule.js';
import type { PlaySchedule } from './playback-driver.js';

export class ShiftedSchedule implements PlaySchedule {
  constructor(
    private readonly programs: ChannelSchedule,
    /** How far behind the schedule the picture is (ms, >= 0). */
    readonly shiftMs: number,
  ) {}

  get channelId(): string {
    return this.programs.channelId;
  }

  programAt(serverMs: number): AiringProgram | null {
    return this.moved(this.programs.programAt(serverMs - this.shiftMs));
  }

  programAfter(serverMs: number): AiringProgram | null {
    return this.moved(this.programs.programAfter(serverMs - this.shiftMs));
  }

  /** Fresh now/next is wanted when the real schedule's data runs out (the shifted one follows it). */
  needsRefresh(serverMs: number, marginMs: number): boolean {
    return this.programs.needsRefresh(serverMs, marginMs);
  }

  find(target: ProgramTarget): AiringProgram | null {
    for (const p of [this.programAt(target.startMs), this.programAfter(target.startMs)]) if (p && sameProgram(p, target)) return p;
    return null;
  }

  urlFor(program: AiringProgram): string {
    return this.programs.urlFor(program);
  }

  private moved(p: AiringProgram | null): AiringProgram | null {
    return p ? { ...p, startMs: p.startMs + this.shiftMs, endMs: p.endMs + this.shiftMs } : null;
  }
}
