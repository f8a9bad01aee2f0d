// Wall-clock times of an IANA time zone, from the platform's Intl data (no table of our own).
// A "local" time is written as epoch-style milliseconds of the wall clock read as if it were UTC
// (local 2026-03-29 06:00 in Berlin is Date.UTC(2026, 2, 29, 6, 0)); an "instant" is real epoch ms.
//
// Across daylight-saving changes a wall time maps to an instant so that a slot at 06:00 starts at
// 06:00 local on both days; a wall time inside the spring gap (02:30 where 02:00 jumps to 03:00) maps
// to the first instant after the gap; a wall time in the repeated autumn hour maps to its first
// occurrence, so a slot there starts once.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The zone's offsets at instants: local = instant + offset. One formatter per zone, cached. */
export class ZonedClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Milliseconds the zone's wall clock is ahead of UTC at `instant` (zones shift on whole seconds). */
  offsetAt(instant: number): number {
    const second = Math.floor(instant / 1000) * 1000;
    const cached = this.offsets.get(second);
    if (cached !== undefined) return cached;
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(second)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const local = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number);
    const offset = local - second;
    if (this.offsets.size > 4096) this.offsets.clear();
    this.offsets.set(second, offset);
    return offset;
  }

  /** The wall-clock reading at `instant`. */
  localAt(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instant at which the wall clock reads `local`: the first such instant when the reading
   * happens twice (autumn), the first instant after the gap when it never happens (spring).
   */
  instantOf(local: number): number {
    const before = this.offsetAt(local - DAY_MS);
    const after = this.offsetAt(local + DAY_MS);
    const candidates = [local - before, local - after].filter((t) => this.localAt(t) === local).sort((a, b) => a - b);
    if (candidates.length > 0) return candidates[0] as number;
    // In a gap: the wall clock jumps over `local`. The change happens between these two instants;
    // find the first instant carrying the new offset.
    let lo = Math.min(local - before, local - after);
    let hi = Math.max(local - before, local - after);
    const newOffset = this.offsetAt(hi);
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (this.offsetAt(mid) === newOffset) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** True when the platform knows the zone (IANA name such as Europe/Berlin, or UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Start of the local day holding `local` (a wall-clock reading). */
export const localDayStart = (local: number): number => Math.floor(local / DAY_MS) * DAY_MS;

/** Day of the week of a local reading: 0 = Sunday … 6 = Saturday. */
export const localWeekday = (local: number): number => new Date(localDayStart(local)).getUTCDay();

export const TIME = { MINUTE_MS, DAY_MS } as const;
