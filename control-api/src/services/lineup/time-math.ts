// Pure time maths of the lineup: binary search over a sorted schedule and arithmetic over looping
// playlists. No I/O, no clock: every function takes the time it works on.
//
// A "slot" is one airing interval [startMs, endMs) with `inMs` into its asset.

/** Index of the last element whose start is <= t, or -1. `starts` is sorted ascending. O(log n). */
export function lastStartAtOrBefore(starts: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Index of the first element whose start is > t (== length when none). O(log n). */
export function firstStartAfter(starts: ArrayLike<number>, t: number): number {
  return lastStartAtOrBefore(starts, t) + 1;
}

/** One compiled item of a looping playlist. */
export interface LoopSlotItem {
  assetId: string;
  /** Milliseconds into the asset where the item starts. */
  inMs: number;
  /** Milliseconds the item airs for (> 0). */
  durationMs: number;
}

/** A looping playlist compiled for arithmetic: offsets of each item inside one cycle. */
export interface LoopPlan {
  epochMs: number;
  items: LoopSlotItem[];
  /** offsets[i] = sum of durations of items before i (offsets[0] = 0). */
  offsets: number[];
  /** Sum of all durations, milliseconds (> 0). */
  cycleMs: number;
}

/** Compiles a loop; items with a non-positive duration are dropped. Null when nothing would air. */
export function compileLoop(epochMs: number, items: readonly LoopSlotItem[]): LoopPlan | null {
  const kept = items.filter((i) => Number.isFinite(i.durationMs) && i.durationMs > 0);
  if (kept.length === 0) return null;
  const offsets: number[] = [];
  let total = 0;
  for (const item of kept) {
    offsets.push(total);
    total += item.durationMs;
  }
  return { epochMs, items: kept, offsets, cycleMs: total };
}

/** A slot of a loop, located by cycle number and item index (which make its id deterministic). */
export interface LoopSlot {
  cycle: number;
  index: number;
  startMs: number;
  endMs: number;
  item: LoopSlotItem;
}

/** The loop slot that holds t, or null before the epoch. O(log items): no iteration over cycles. */
export function loopSlotAt(plan: LoopPlan, t: number): LoopSlot | null {
  if (t < plan.epochMs) return null;
  const sinceEpoch = t - plan.epochMs;
  const cycle = Math.floor(sinceEpoch / plan.cycleMs);
  const inCycle = sinceEpoch - cycle * plan.cycleMs;
  const index = Math.max(0, lastStartAtOrBefore(plan.offsets, inCycle));
  return loopSlot(plan, cycle, index);
}

/** The slot at (cycle, index). */
export function loopSlot(plan: LoopPlan, cycle: number, index: number): LoopSlot {
  const item = plan.items[index] as LoopSlotItem;
  const startMs = plan.epochMs + cycle * plan.cycleMs + (plan.offsets[index] as number);
  return { cycle, index, startMs, endMs: startMs + item.durationMs, item };
}

/** The slot after `slot` (wrapping into the next cycle). */
export function nextLoopSlot(plan: LoopPlan, slot: LoopSlot): LoopSlot {
  return slot.index + 1 < plan.items.length ? loopSlot(plan, slot.cycle, slot.index + 1) : loopSlot(plan, slot.cycle + 1, 0);
}


/**
 * Loop slots overlapping [fromMs, toMs), at most `limit` of them (the caller bounds the window).
 * Cost is proportional to the slots returned, plus O(log items) to find the first.
 */
export function loopSlotsInWindow(plan: LoopPlan, fromMs: number, toMs: number, limit: number): LoopSlot[] {
  const out: LoopSlot[] = [];
  let slot: LoopSlot | null = loopSlotAt(plan, fromMs) ?? (plan.epochMs < toMs ? loopSlot(plan, 0, 0) : null);
  while (slot !== null && slot.startMs < toMs && out.length < limit) {
    out.push(slot);
    slot = nextLoopSlot(plan, slot);
  }
  return out;
}

/** Deterministic id of a loop slot: the same (channel, cycle, index) always gives the same id. */
export function loopProgramId(channelId: string, cycle: number, index: number): string {
  // Id pattern ^[A-Za-z0-9_-]{1,64}$: channel id is cut so the whole id stays within 64 characters.
  const suffix = `-c${cycle}-i${index}`;
  return `${channelId.slice(0, 64 - suffix.length)}${suffix}`;
}

/** Parses a time given as epoch milliseconds (digits) or ISO 8601 with a date. NaN when invalid. */
export function parseTimeInput(raw: string | number): number {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : Number.NaN;
  const text = raw.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  // ISO 8601: a full date, optionally a time with seconds/fraction and a Z or ±hh:mm offset.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return Number.NaN;
  // A time without an offset would be read as local time by Date.parse: the API speaks UTC only.
  const withZone = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

/** Milliseconds -> ISO 8601 (UTC). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
