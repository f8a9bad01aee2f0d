// The schedule of a programmed channel as one deterministic function of (programming versions,
// overrides, assets, channel id, time). Time is cut into spans (the part of a slot instance or of an
// override between two instants, split where a version takes over), and spans are filled in order,
// carrying the collections' cursors from one to the next. A checkpoint (the cursors) is kept at every
// span start, so a window costs the spans it covers once the timeline has been walked to it; filled
// spans are cached for `at(t)`.
import type { Override, ProgrammingVersion } from '../../contracts/programming.js';
import { lastStartAtOrBefore } from '../lineup/time-math.js';
import { SlotCalendar } from './slot-calendar.js';
import { OrderCache, fillSpan, type Cursors, type FillContext, type PlannedAiring, type PlayableAsset, type Span, type SpanRules } from './span-fill.js';
import { ZonedClock } from './zoned-time.js';

export interface EngineInput {
  channelId: string;
  /** Versions of the channel's programming, any order. */
  versions: readonly ProgrammingVersion[];
  /** The channel's overrides (never overlapping), any order. */
  overrides: readonly Override[];
  /** Playable assets only (ready, with a duration). */
  assets: ReadonlyMap<string, PlayableAsset>;
}

interface VersionRuntime {
  version: ProgrammingVersion;
  calendar: SlotCalendar;
  rules: SpanRules;
}

/** Index of the first airing ending after t (airings are in order and never overlap). O(log n). */
function firstEndingAfter(airings: readonly PlannedAiring[], t: number): number {
  let lo = 0;
  let hi = airings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((airings[mid] as PlannedAiring).endMs > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The versions that take effect, by effective time: a version written later with an earlier or equal
 * effective time supersedes one still pending (it never aired, since a version never starts in the past).
 */
export function inForce(versions: readonly ProgrammingVersion[]): ProgrammingVersion[] {
  const byNumber = [...versions].sort((a, b) => a.version - b.version);
  let earliestLater = Infinity;
  const kept: ProgrammingVersion[] = [];
  for (let i = byNumber.length - 1; i >= 0; i--) {
    const v = byNumber[i] as ProgrammingVersion;
    if (v.effectiveFromMs < earliestLater) kept.push(v);
    earliestLater = Math.min(earliestLater, v.effectiveFromMs);
  }
  return kept.sort((a, b) => a.effectiveFromMs - b.effectiveFromMs);
}

/** How far `programFrom` looks for the next program, milliseconds. */
const PROGRAM_LOOKAHEAD_MS = 24 * 3_600_000;

/** Filled spans kept for `at` and small windows. */
const SPAN_CACHE_SIZE = 32;

export class ProgrammingEngine {
  private readonly versions: VersionRuntime[];
  private readonly overrides: Override[];
  private readonly ctx: FillContext;
  private readonly orders = new OrderCache();
  /** Span starts walked so far, ascending, and the cursors at each. */
  private readonly checkpointStarts: number[] = [];
  private readonly checkpointCursors: Cursors[] = [];
  private readonly spanCache = new Map<number, { span: Span; airings: PlannedAiring[] }>();

  constructor(input: EngineInput) {
    const clocks = new Map<string, ZonedClock>();
    const clockFor = (zone: string) => clocks.get(zone) ?? clocks.set(zone, new ZonedClock(zone)).get(zone) as ZonedClock;
    this.versions = inForce(input.versions)
      .map((version) => {
        const clock = clockFor(version.rules.timeZone);
        const { padTo, breaks, fallback } = version.rules;
        const items = (collection: string) => version.collections[collection] ?? [];
        return {
          version,
          calendar: new SlotCalendar(clock, version.rules.slots),
          rules: {
            clock,
            padTo: padTo ? { minutes: padTo.minutes, filler: items(padTo.filler) } : null,
            breaks: breaks ? { everyMinutes: breaks.everyMinutes, maxSeconds: breaks.maxSeconds, filler: items(breaks.filler) } : null,
            fallback: fallback ?? null,
          },
        };
      });
    this.overrides = [...input.overrides].sort((a, b) => a.startMs - b.startMs);
    this.ctx = { seed: input.channelId, assets: input.assets };
    const first = this.versions[0];
    if (first) {
      this.checkpointStarts.push(first.version.effectiveFromMs);
      this.checkpointCursors.push(new Map());
    }
  }

  /** When the programming starts; null when there is none. */
  get startMs(): number | null {
    return this.versions[0]?.version.effectiveFromMs ?? null;
  }

  private versionAt(t: number): VersionRuntime | null {
    let found: VersionRuntime | null = null;
    for (const v of this.versions) {
      if (v.version.effectiveFromMs <= t) found = v;
      else break;
    }
    return found;
  }

  private nextVersionStart(t: number): number {
    for (const v of this.versions) if (v.version.effectiveFromMs > t) return v.version.effectiveFromMs;
    return Infinity;
  }

  /** The span starting at t (t is a span start: the programming's start or a previous span's end). */
  private spanAt(t: number): Span {
    const v = this.versionAt(t) as VersionRuntime;
    const versionEnd = this.nextVersionStart(t);
    const override = this.overrides.find((o) => o.startMs <= t && t < o.endMs);
    if (override) {
      return { startMs: t, endMs: Math.min(override.endMs, versionEnd), key: `override:${override.id}`, items: override.items, order: override.order, weights: null, rules: v.rules };
    }
    const nextOverride = this.overrides.find((o) => o.startMs > t)?.startMs ?? Infinity;
    const slot = v.calendar.instanceAt(t);
    const collection = slot.slot.collection;
    const order = slot.slot.order ?? 'sequential';
    return {
      startMs: t,
      endMs: Math.min(slot.endMs, nextOverride, versionEnd),
      key: `${collection}|${order}`,
      items: v.version.collections[collection] ?? [],
      order,
      weights: slot.slot.weights ?? null,
      rules: v.rules,
    };
  }

  /** Fills the span at checkpoint i (walking on from the last checkpoint as needed). */
  private filled(i: number): { span: Span; airings: PlannedAiring[] } {
    const start = this.checkpointStarts[i] as number;
    const cached = this.spanCache.get(start);
    if (cached) return cached;
    const cursors = new Map(this.checkpointCursors[i] as Cursors);
    const span = this.spanAt(start);
    const airings: PlannedAiring[] = [];
    fillSpan(this.ctx, this.orders, cursors, span, airings);
    if (i === this.checkpointStarts.length - 1) {
      this.checkpointStarts.push(span.endMs);
      this.checkpointCursors.push(cursors);
    }
    if (this.spanCache.size >= SPAN_CACHE_SIZE) this.spanCache.delete(this.spanCache.keys().next().value as number);
    const entry = { span, airings };
    this.spanCache.set(start, entry);
    return entry;
  }

  /** Index of the checkpoint of the span holding t, walking the timeline on to it if needed. */
  private spanIndexAt(t: number): number {
    while ((this.checkpointStarts[this.checkpointStarts.length - 1] as number) <= t) {
      const last = this.checkpointStarts.length - 1;
      const start = this.checkpointStarts[last] as number;
      // Walk without caching the spans on the way (a query far ahead should not flush the cache).
      const cursors = new Map(this.checkpointCursors[last] as Cursors);
      const span = this.spanAt(start);
      if (span.endMs > t) break;
      fillSpan(this.ctx, this.orders, cursors, span, []);
      this.checkpointStarts.push(span.endMs);
      this.checkpointCursors.push(cursors);
    }
    return lastStartAtOrBefore(this.checkpointStarts, t);
  }

  /** Airings that end after `fromMs`, in order, for as long as the caller takes them. */
  *airingsFrom(fromMs: number): Generator<PlannedAiring> {
    const start = this.startMs;
    if (start === null) return;
    let i = this.spanIndexAt(Math.max(fromMs, start));
    for (;;) {
      const { span, airings } = this.filled(i);
      for (let k = firstEndingAfter(airings, fromMs); k < airings.length; k++) yield airings[k] as PlannedAiring;
      if (span.endMs === Infinity) return;
      i += 1;
    }
  }

  /** Airings overlapping [fromMs, toMs), in order; throws past `limit`. */
  window(fromMs: number, toMs: number, limit = Infinity): PlannedAiring[] {
    const out: PlannedAiring[] = [];
    for (const a of this.airingsFrom(fromMs)) {
      if (a.startMs >= toMs) break;
      if (out.length >= limit) throw new RangeError(`more than ${limit} airings in the window`);
      out.push(a);
    }
    return out;
  }

  /** The airing on air at t and the one after it (null across a gap or before the programming). */
  at(t: number): { current: PlannedAiring | null; next: PlannedAiring | null } {
    let current: PlannedAiring | null = null;
    for (const a of this.airingsFrom(t)) {
      if (a.startMs <= t) {
        current = a;
        continue;
      }
      return { current, next: a };
    }
    return { current, next: null };
  }

  /** The program airing at t, or the first after it (what a break returns to, what filler leads to), within a day. */
  programFrom(t: number): PlannedAiring | null {
    for (const a of this.airingsFrom(t)) {
      if (a.kind === 'program') return a;
      if (a.startMs > t + PROGRAM_LOOKAHEAD_MS) return null;
    }
    return null;
  }

  /** The next instant after t at which what is on air changes. */
  nextBoundaryAfter(t: number): number | null {
    const start = this.startMs;
    if (start === null) return null;
    if (t < start) return start;
    for (const a of this.airingsFrom(t)) {
      if (a.startMs > t) return a.startMs;
      if (a.endMs > t) return a.endMs;
    }
    return null;
  }
}
