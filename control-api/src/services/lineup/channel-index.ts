// Per-channel in-memory index of "what is on": a sorted array with binary search for explicit
// schedules, a compiled plan for looping channels. Pure: built from documents, no I/O.
import type { Asset, Channel, Program } from '../../contracts/lineup.js';
import type { AiringProgram, ChannelSummary } from '../../contracts/now.js';
import { channelSummary, toAiring } from './airing.js';
import {
  compileLoop,
  lastStartAtOrBefore,
  loopProgramId,
  loopSlot,
  loopSlotAt,
  loopSlotsInWindow,
  nextLoopSlot,
  type LoopPlan,
  type LoopSlot,
} from './time-math.js';

export interface Airing {
  current: AiringProgram | null;
  next: AiringProgram | null;
}

/** Thrown when a window would hold more programs than allowed (the caller maps it to a 4xx). */
export class WindowTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the window holds more than ${limit} programs; ask for a shorter one`);
    this.name = 'WindowTooLargeError';
  }
}

export interface ChannelIndex {
  readonly channel: Channel;
  readonly summary: ChannelSummary;
  /** Current and next program at t. O(log programs). */
  at(t: number): Airing;
  /** Programs overlapping [fromMs, toMs), sorted; throws WindowTooLargeError past `limit`. */
  window(fromMs: number, toMs: number, limit: number): AiringProgram[];
  /** The next time after t at which the current program changes, or null if never. */
  nextBoundaryAfter(t: number): number | null;
  /** The program on air at t, or the first one after it (breaks and filler lead to it); null if none. */
  programFrom(t: number): AiringProgram | null;
}

/** programFrom for channels whose airings are all programs: what is on, else what comes next. */
const onOrNext = (index: Pick<ChannelIndex, 'at'>) => (t: number): AiringProgram | null => {
  const { current, next } = index.at(t);
  return current ?? next;
};

/** Index of an explicit schedule: programs sorted by start, resolved against their assets once. */
export function explicitIndex(channel: Channel, programs: readonly Program[], assets: ReadonlyMap<string, Asset>): ChannelIndex {
  const airings = [...programs].sort((a, b) => a.startMs - b.startMs).map((p) => toAiring(p, assets.get(p.assetId)));
  const starts = Float64Array.from(airings, (p) => p.startMs);
  const summary = channelSummary(channel);
  const index: Omit<ChannelIndex, 'programFrom'> = {
    channel,
    summary,
    at(t) {
      const i = lastStartAtOrBefore(starts, t);
      const candidate = i >= 0 ? airings[i] : undefined;
      const current = candidate && candidate.endMs > t ? candidate : null;
      return { current, next: airings[i + 1] ?? null };
    },
    window(fromMs, toMs, limit) {
      let i = lastStartAtOrBefore(starts, fromMs);
      const first = i >= 0 ? airings[i] : undefined;
      if (!first || first.endMs <= fromMs) i += 1;
      const out: AiringProgram[] = [];
      for (; i < airings.length; i++) {
        const p = airings[i] as AiringProgram;
        if (p.startMs >= toMs) break;
        if (out.length >= limit) throw new WindowTooLargeError(limit);
        out.push(p);
      }
      return out;
    },
    nextBoundaryAfter(t) {
      const i = lastStartAtOrBefore(starts, t);
      const cur = i >= 0 ? airings[i] : undefined;
      if (cur && cur.endMs > t) return cur.endMs;
      return airings[i + 1]?.startMs ?? null;
    },
  };
  return { ...index, programFrom: onOrNext(index) };
}

/** Index of a looping channel: everything is arithmetic on the compiled plan. */
export function loopIndex(channel: Channel, assets: ReadonlyMap<string, Asset>): ChannelIndex {
  const summary = channelSummary(channel);
  const loop = channel.loop;
  const plan: LoopPlan | null = loop
    ? compileLoop(
        loop.epochMs,
        loop.items.map((item) => {
          const asset = assets.get(item.assetId);
          const inMs = item.inMs ?? 0;
          return { assetId: item.assetId, inMs, durationMs: item.durationMs ?? (asset ? asset.durationMs - inMs : 0) };
        }),
      )
    : null;
  const airing = (slot: LoopSlot): AiringProgram =>
    toAiring(
      { id: loopProgramId(channel.id, slot.cycle, slot.index), channelId: channel.id, assetId: slot.item.assetId, title: '', startMs: slot.startMs, endMs: slot.endMs, inMs: slot.item.inMs },
      assets.get(slot.item.assetId),
    );
  const index: Omit<ChannelIndex, 'programFrom'> = {
    channel,
    summary,
    at(t) {
      if (!plan) return { current: null, next: null };
      const slot = loopSlotAt(plan, t);
      if (!slot) return { current: null, next: airing(loopSlot(plan, 0, 0)) };
      return { current: airing(slot), next: airing(nextLoopSlot(plan, slot)) };
    },
    window(fromMs, toMs, limit) {
      if (!plan) return [];
      const slots = loopSlotsInWindow(plan, fromMs, toMs, limit + 1);
      if (slots.length > limit) throw new WindowTooLargeError(limit);
      return slots.map(airing);
    },
    nextBoundaryAfter(t) {
      if (!plan) return null;
      const slot = loopSlotAt(plan, t);
      return slot ? slot.endMs : plan.epochMs;
    },
  };
  return { ...index, programFrom: onOrNext(index) };
}

/** The right index for a channel. */
export function buildChannelIndex(channel: Channel, programs: readonly Program[], assets: ReadonlyMap<string, Asset>): ChannelIndex {
  return channel.loop ? loopIndex(channel, assets) : explicitIndex(channel, programs, assets);
}
