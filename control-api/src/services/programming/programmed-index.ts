// A programmed channel as a ChannelIndex, so `now`, the EPG, schedule windows, XMLTV and the broker's
// now-playing read it like any other channel: the engine's airings resolved against their assets.
// Before the programming's first version takes effect the channel keeps what it had (its explicit
// schedule or loop); `switchedIndex` joins the two at that instant.
import type { Asset, Channel } from '../../contracts/lineup.js';
import type { AiringProgram } from '../../contracts/now.js';
import { channelSummary, toAiring } from '../lineup/airing.js';
import { WindowTooLargeError, type Airing, type ChannelIndex } from '../lineup/channel-index.js';
import { isoTime } from '../lineup/time-math.js';
import { hash32 } from './orders.js';
import type { ProgrammingEngine } from './programming-engine.js';
import type { PlannedAiring } from './span-fill.js';

/** A stable id for an airing: unique per channel (one airing starts at each instant). */
export function airingId(channelId: string, startMs: number): string {
  return `pg${hash32(channelId).toString(36)}-${startMs.toString(36)}`;
}

export function toProgrammedAiring(channelId: string, a: PlannedAiring, asset: Asset | undefined): AiringProgram {
  const airing = toAiring({ id: airingId(channelId, a.startMs), channelId, assetId: a.assetId, title: '', startMs: a.startMs, endMs: a.endMs, inMs: a.inMs }, asset);
  return { ...airing, outMs: a.outMs, kind: a.kind, part: a.part, parts: a.parts, resumesAtMs: a.resumesAtMs };
}

export function programmedIndex(channel: Channel, engine: ProgrammingEngine, assets: ReadonlyMap<string, Asset>): ChannelIndex {
  const airing = (a: PlannedAiring | null): AiringProgram | null => (a ? toProgrammedAiring(channel.id, a, assets.get(a.assetId)) : null);
  // Every /now of the channel asks for the airing on air: it is worked out once per airing (the
  // engine and assets of an index never change; a new version makes a new index).
  let onAir: Airing | null = null;
  return {
    channel,
    summary: channelSummary(channel),
    at(t) {
      const held = onAir?.current;
      if (held && held.startMs <= t && t < held.endMs && onAir) return onAir;
      const { current, next } = engine.at(t);
      const found = { current: airing(current), next: airing(next) };
      onAir = found.current ? found : null;
      return found;
    },
    window(fromMs, toMs, limit) {
      try {
        return engine.window(fromMs, toMs, limit).map((a) => airing(a) as AiringProgram);
      } catch (err) {
        if (err instanceof RangeError) throw new WindowTooLargeError(limit);
        throw err;
      }
    },
    nextBoundaryAfter(t) {
      return engine.nextBoundaryAfter(t);
    },
    programFrom(t) {
      return airing(engine.programFrom(t));
    },
  };
}

/** An airing cut to end at `endMs` (an explicit effectiveFrom may take over mid-program). */
function endingBy(p: AiringProgram, endMs: number): AiringProgram {
  return p.endMs <= endMs ? p : { ...p, endMs, end: isoTime(endMs), outMs: p.inMs + (endMs - p.startMs) };
}

/** `before` until `switchAtMs`, `after` from then on. */
export function switchedIndex(before: ChannelIndex, after: ChannelIndex, switchAtMs: number): ChannelIndex {
  return {
    channel: after.channel,
    summary: after.summary,
    at(t): Airing {
      if (t >= switchAtMs) return after.at(t);
      const { current, next } = before.at(t);
      const nextBefore = next && next.startMs < switchAtMs ? endingBy(next, switchAtMs) : null;
      return { current: current ? endingBy(current, switchAtMs) : null, next: nextBefore ?? after.at(switchAtMs).current };
    },
    window(fromMs, toMs, limit) {
      const early = fromMs < switchAtMs ? before.window(fromMs, Math.min(toMs, switchAtMs), limit).map((p) => endingBy(p, switchAtMs)) : [];
      const late = toMs > switchAtMs ? after.window(Math.max(fromMs, switchAtMs), toMs, limit) : [];
      if (early.length + late.length > limit) throw new WindowTooLargeError(limit);
      return [...early, ...late];
    },
    nextBoundaryAfter(t) {
      if (t >= switchAtMs) return after.nextBoundaryAfter(t);
      const b = before.nextBoundaryAfter(t);
      return b === null ? switchAtMs : Math.min(b, switchAtMs);
    },
    programFrom(t) {
      if (t >= switchAtMs) return after.programFrom(t);
      const program = before.programFrom(t);
      return program && program.startMs < switchAtMs ? endingBy(program, switchAtMs) : after.programFrom(switchAtMs);
    },
  };
}
