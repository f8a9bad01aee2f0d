// Fills one span of time (the part of a slot, or of an override, between two instants) with programs
// of its collection back to back, each padded with filler to the next local clock mark, programs longer
// than the break interval split at segment boundaries with filler breaks between the parts, and what no
// program or filler fits filled with clips of the fallback slate. Pure: reads cursors, returns new ones.
import type { SlotOrder } from '../../contracts/programming.js';
import { OrderedItems, newCursor, type CursorState } from './orders.js';
import type { ZonedClock } from './zoned-time.js';

export type AiringKind = 'program' | 'filler' | 'break' | 'slate';

/** One airing of a programmed channel: [startMs, endMs) plays [inMs, outMs) of the asset. */
export interface PlannedAiring {
  startMs: number;
  endMs: number;
  assetId: string;
  inMs: number;
  outMs: number;
  kind: AiringKind;
  /** 1-based part of a program split by breaks (1 of 1 when not split; fillers and slates too). */
  part: number;
  parts: number;
  /** A break's airings: when the program they interrupt goes on; null for anything else. */
  resumesAtMs: number | null;
}

/** What a span needs to know about an asset: only playable ones (ready, with a duration) are listed. */
export interface PlayableAsset {
  durationMs: number;
  /** Segment length, milliseconds: breaks cut programs only at multiples of it. */
  segmentMs: number;
}

/** The programming rules in force for a span. */
export interface SpanRules {
  clock: ZonedClock;
  padTo: { minutes: number; filler: readonly string[] } | null;
  breaks: { everyMinutes: number; filler: readonly string[]; maxSeconds: number } | null;
  fallback: string | null;
}

/** A span of time and what plays in it. */
export interface Span {
  startMs: number;
  endMs: number;
  /** Cursor key of its source (a slot's collection and order, or an override). */
  key: string;
  items: readonly string[];
  order: SlotOrder;
  weights: Readonly<Record<string, number>> | null;
  rules: SpanRules;
}

/** Cursors by key: the whole state a schedule carries from one span to the next. */
export type Cursors = Map<string, CursorState>;

export interface FillContext {
  /** Seeds shuffles and draws (the channel id). */
  seed: string;
  assets: ReadonlyMap<string, PlayableAsset>;
}

const MINUTE_MS = 60_000;

/** The playable items of a filler list and the shortest of them, worked out once per list. */
const fillerLists = new WeakMap<readonly string[], WeakMap<ReadonlyMap<string, PlayableAsset>, { playable: string[]; shortest: number }>>();
function fillerList(ctx: FillContext, items: readonly string[]): { playable: string[]; shortest: number } {
  let byAssets = fillerLists.get(items);
  if (!byAssets) fillerLists.set(items, (byAssets = new WeakMap()));
  let found = byAssets.get(ctx.assets);
  if (!found) {
    const playable = items.filter((id) => ctx.assets.has(id));
    let shortest = Infinity;
    for (const id of playable) shortest = Math.min(shortest, (ctx.assets.get(id) as PlayableAsset).durationMs);
    byAssets.set(ctx.assets, (found = { playable, shortest }));
  }
  return found;
}

/** Sequential filler, each item tried at most once per placement: the first from the cursor that fits. */
function placeFiller(ctx: FillContext, cursors: Cursors, key: string, items: readonly string[], fromMs: number, toMs: number, kind: 'filler' | 'break', out: PlannedAiring[]): number {
  const { playable, shortest } = fillerList(ctx, items);
  if (playable.length === 0) return fromMs;
  let t = fromMs;
  let cursor = (cursors.get(key) as { next: number } | undefined)?.next ?? 0;
  while (toMs - t >= shortest) {
    let placed = false;
    for (let k = 0; k < playable.length; k++) {
      const i = (cursor + k) % playable.length;
      const id = playable[i] as string;
      const duration = (ctx.assets.get(id) as PlayableAsset).durationMs;
      if (duration > toMs - t) continue;
      out.push({ startMs: t, endMs: t + duration, assetId: id, inMs: 0, outMs: duration, kind, part: 1, parts: 1, resumesAtMs: null });
      t += duration;
      cursor = i + 1;
      placed = true;
      break;
    }
    if (!placed) break;
  }
  cursors.set(key, { order: 'sequential', next: cursor % playable.length });
  return t;
}

/**
 * The shortest airing the fallback slate is cut into where it can be helped: a TV prepares the next
 * airing on its second player while one plays, and a clip of a few hundred milliseconds leaves it no time.
 */
export const MIN_SLATE_CLIP_MS = 2_000;

/** Fills [fromMs, toMs) with padding filler, then clips of the fallback slate (none when there is no fallback). */
function fillGap(ctx: FillContext, cursors: Cursors, rules: SpanRules, fromMs: number, toMs: number, out: PlannedAiring[]): void {
  const first = out.length;
  let t = fromMs;
  if (rules.padTo) t = placeFiller(ctx, cursors, 'pad', rules.padTo.filler, t, toMs, 'filler', out);
  const slate = rules.fallback ? ctx.assets.get(rules.fallback) : undefined;
  if (!slate || !rules.fallback) return; // No fallback: the rest stays off air.
  // Give back filler until what is left makes slate clips no shorter than MIN_SLATE_CLIP_MS.
  while (toMs - t > 0 && toMs - t < MIN_SLATE_CLIP_MS && out.length > first) t = (out.pop() as PlannedAiring).startMs;
  const rest = toMs - t;
  if (rest <= 0) return;
  const clips = Math.ceil(rest / slate.durationMs); // equal clips, each within the slate's length
  for (let i = 0; i < clips; i++) {
    const startMs = t + Math.round((rest * i) / clips);
    const endMs = i === clips - 1 ? toMs : t + Math.round((rest * (i + 1)) / clips);
    out.push({ startMs, endMs, assetId: rules.fallback, inMs: 0, outMs: endMs - startMs, kind: 'slate', part: 1, parts: 1, resumesAtMs: null });
  }
}

/** Where a program of `durationMs` is cut for breaks: multiples of the segment near each interval, last part at least a segment. */
export function breakCuts(durationMs: number, segmentMs: number, everyMs: number): number[] {
  const cuts: number[] = [];
  if (durationMs <= everyMs || segmentMs <= 0) return cuts;
  for (let k = 1; ; k++) {
    const cut = Math.floor((k * everyMs) / segmentMs) * segmentMs;
    if (cut >= durationMs - segmentMs) break;
    if (cut > (cuts[cuts.length - 1] ?? 0)) cuts.push(cut);
  }
  return cuts;
}

/** A program from `startMs`, split by breaks when the rules ask for them. */
function programAirings(ctx: FillContext, cursors: Cursors, rules: SpanRules, assetId: string, startMs: number): PlannedAiring[] {
  const asset = ctx.assets.get(assetId) as PlayableAsset;
  const out: PlannedAiring[] = [];
  const cuts = rules.breaks ? breakCuts(asset.durationMs, asset.segmentMs, rules.breaks.everyMinutes * MINUTE_MS) : [];
  const parts: Array<{ inMs: number; outMs: number; breakAfter: PlannedAiring[] }> = [];
  let partStart = 0;
  for (const cut of cuts) {
    const breakAfter: PlannedAiring[] = [];
    if (rules.breaks) placeFiller(ctx, cursors, 'break', rules.breaks.filler, 0, rules.breaks.maxSeconds * 1000, 'break', breakAfter);
    if (breakAfter.length === 0) continue; // No filler fits the break: no cut here, the part goes on.
    parts.push({ inMs: partStart, outMs: cut, breakAfter });
    partStart = cut;
  }
  parts.push({ inMs: partStart, outMs: asset.durationMs, breakAfter: [] });
  let t = startMs;
  parts.forEach((p, i) => {
    out.push({ startMs: t, endMs: t + p.outMs - p.inMs, assetId, inMs: p.inMs, outMs: p.outMs, kind: 'program', part: i + 1, parts: parts.length, resumesAtMs: null });
    t += p.outMs - p.inMs;
    const resumesAtMs = t + p.breakAfter.reduce((sum, b) => sum + b.endMs - b.startMs, 0);
    for (const b of p.breakAfter) {
      out.push({ ...b, startMs: t, endMs: t + b.endMs - b.startMs, resumesAtMs });
      t += b.endMs - b.startMs;
    }
  });
  return out;
}

/** The next mark of `minutes` on the local clock at or after t (06:00, 06:30, … for 30). */
export function nextClockMark(clock: ZonedClock, t: number, minutes: number): number {
  const local = clock.localAt(t);
  const step = minutes * MINUTE_MS;
  const mark = Math.ceil(local / step) * step;
  if (mark === local) return t;
  return Math.max(t, clock.instantOf(mark));
}

/** Cache of ordered views of item lists, so shuffles are not redrawn for every program. */
export class OrderCache {
  private readonly views = new Map<string, { items: readonly string[]; view: OrderedItems; playable: string[] }>();

  view(ctx: FillContext, span: Span): { view: OrderedItems; playable: string[] } | null {
    const known = this.views.get(span.key);
    if (known && known.items === span.items) return known;
    const playable = span.items.filter((id) => ctx.assets.has(id));
    if (playable.length === 0) return null;
    const weights = span.order === 'random' && span.weights ? playable.map((id) => span.weights?.[id] ?? 1) : null;
    const entry = { items: span.items, view: new OrderedItems(`${ctx.seed}/${span.key}`, playable.length, weights), playable };
    if (this.views.size > 256) this.views.clear();
    this.views.set(span.key, entry);
    return entry;
  }
}

/**
 * Fills a span: programs back to back while the next one (breaks included) ends within the span, each
 * padded to the next clock mark; the rest with filler and the slate. Updates `cursors` in place.
 */
export function fillSpan(ctx: FillContext, orders: OrderCache, cursors: Cursors, span: Span, out: PlannedAiring[]): void {
  const { rules } = span;
  let t = span.startMs;
  const ordered = orders.view(ctx, span);
  while (ordered && t < span.endMs) {
    const cursor = cursors.get(span.key) ?? newCursor(span.order);
    const index = ordered.view.peek(cursor);
    const assetId = ordered.playable[index] as string;
    const trial = new Map(cursors);
    const airings = programAirings(ctx, trial, rules, assetId, t);
    const endMs = (airings[airings.length - 1] as PlannedAiring).endMs;
    if (endMs > span.endMs) break;
    for (const [k, v] of trial) cursors.set(k, v);
    cursors.set(span.key, ordered.view.advance(cursor, index));
    out.push(...airings);
    t = endMs;
    if (rules.padTo) {
      const mark = Math.min(nextClockMark(rules.clock, t, rules.padTo.minutes), span.endMs);
      if (mark > t) {
        const before = out.length;
        fillGap(ctx, cursors, rules, t, mark, out);
        t = out.length > before ? Math.max(mark, (out[out.length - 1] as PlannedAiring).endMs) : mark;
      }
    }
  }
  if (t < span.endMs) fillGap(ctx, cursors, rules, t, span.endMs, out);
}
