// A weekly template of time slots laid on real time: each slot runs from its local start to the next
// slot's start, wrapping over days and the week. Local times are mapped to instants by the channel's
// zone (06:00 stays 06:00 across daylight-saving changes; a start in the spring gap begins right after
// it; a start in the repeated autumn hour begins once).
import { WEEKDAYS, type Slot } from '../../contracts/programming.js';
import { TIME, ZonedClock, localDayStart, localWeekday } from './zoned-time.js';

/** One slot on one day of the week. */
export interface WeeklyStart {
  weekday: number;
  /** Minutes after local midnight. */
  minute: number;
  slot: Slot;
  /** Index of the slot in the programming's list. */
  slotIndex: number;
}

/** One occurrence of a slot: [startMs, endMs) in real time. */
export interface SlotInstance {
  startMs: number;
  endMs: number;
  slot: Slot;
  slotIndex: number;
}

export const parseClockTime = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The weekly starts of a list of slots, in weekly order; duplicates (same day and time) are the caller's to refuse. */
export function weeklyStarts(slots: readonly Slot[]): WeeklyStart[] {
  const out: WeeklyStart[] = [];
  slots.forEach((slot, slotIndex) => {
    for (const day of slot.days) out.push({ weekday: WEEKDAYS.indexOf(day), minute: parseClockTime(slot.start), slot, slotIndex });
  });
  return out.sort((a, b) => a.weekday - b.weekday || a.minute - b.minute);
}

/** Pairs of slots that start on the same day at the same time: [day, HH:MM, slot index, slot index]. */
export function duplicateStarts(slots: readonly Slot[]): Array<[string, string, number, number]> {
  const seen = new Map<string, number>();
  const out: Array<[string, string, number, number]> = [];
  slots.forEach((slot, i) => {
    for (const day of slot.days) {
      const key = `${day} ${slot.start}`;
      const first = seen.get(key);
      if (first !== undefined) out.push([day, slot.start, first, i]);
      else seen.set(key, i);
    }
  });
  return out;
}

/** Slot instances of a weekly template in one time zone. */
export class SlotCalendar {
  private readonly starts: WeeklyStart[];

  constructor(
    readonly clock: ZonedClock,
    slots: readonly Slot[],
  ) {
    this.starts = weeklyStarts(slots);
    if (this.starts.length === 0) throw new Error('SlotCalendar: no slot');
  }

  /** Instants of every slot start on the local days [fromDay, toDay] (local day starts). */
  private startsOnDays(fromDay: number, toDay: number): Array<{ at: number; start: WeeklyStart }> {
    const out: Array<{ at: number; start: WeeklyStart }> = [];
    for (let day = fromDay; day <= toDay; day += TIME.DAY_MS) {
      const weekday = localWeekday(day);
      for (const start of this.starts) {
        if (start.weekday === weekday) out.push({ at: this.clock.instantOf(day + start.minute * TIME.MINUTE_MS), start });
      }
    }
    // Two starts on one instant (both in a spring gap): the later one in wall time wins, the other is empty.
    const kept: Array<{ at: number; start: WeeklyStart }> = [];
    for (const s of out) {
      const last = kept[kept.length - 1];
      if (last && last.at >= s.at) kept[kept.length - 1] = { at: last.at, start: s.start };
      else kept.push(s);
    }
    return kept;
  }

  /** The slot instance holding instant t. */
  instanceAt(t: number): SlotInstance {
    const day = localDayStart(this.clock.localAt(t));
    const starts = this.startsOnDays(day - 8 * TIME.DAY_MS, day + 8 * TIME.DAY_MS);
    let i = starts.length - 1;
    while (i > 0 && (starts[i] as { at: number }).at > t) i--;
    const here = starts[i] as { at: number; start: WeeklyStart };
    const next = starts[i + 1] as { at: number };
    return { startMs: here.at, endMs: next.at, slot: here.start.slot, slotIndex: here.start.slotIndex };
  }
}
