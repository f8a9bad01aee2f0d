// The demo lineup a new library gets: collections of the sample sources and channels programmed by
// time slot in different time zones, padded to 5-minute marks with promos, with a bumper break in the
// longer shows and the slate as fallback. Pure: from the sources packaged so far to the collections
// and programming that should exist; it grows as sources arrive (a slot whose collection has nothing
// yet is left out, padding and breaks come once their filler exists).
import type { CollectionInput, ProgrammingRules, Slot, SlotOrder, Weekday } from '#contracts/programming.js';
import type { SampleSourceSpec } from './sample-sources.js';

export interface DemoCollectionSpec {
  id: string;
  name: string;
  /** Source keys, in order. */
  sources: string[];
}

export interface DemoChannelSpec {
  id: string;
  number: number;
  name: string;
  timeZone: string;
  /** Every day of the week, from `start` (local HH:MM) to the next slot's start. */
  slots: Array<{ start: string; collection: string; order: SlotOrder }>;
}

export interface DemoLineupSpec {
  collections: DemoCollectionSpec[];
  channels: DemoChannelSpec[];
  /** Pads every program to the next multiple of this many minutes with `padFiller`. */
  padMinutes: number;
  padFiller: string;
  /** Programs longer than this many minutes get a break of `breakFiller`, at most `breakMaxSeconds`. */
  breakEveryMinutes: number;
  breakFiller: string;
  breakMaxSeconds: number;
  /** Source key of the slate played where nothing fits. */
  fallback: string;
}

const EVERY_DAY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const DEMO_LINEUP: DemoLineupSpec = {
  collections: [
    { id: 'demo-news', name: 'News and sport', sources: ['news', 'sports'] },
    { id: 'demo-family', name: 'Family', sources: ['cartoons', 'nature'] },
    { id: 'demo-movies', name: 'Movies', sources: ['film', 'nature'] },
    { id: 'demo-promos', name: 'Promos', sources: ['promo-tonight', 'promo-weekend', 'bumper'] },
    { id: 'demo-bumpers', name: 'Bumpers', sources: ['bumper'] },
  ],
  channels: [
    {
      id: 'demo-one', number: 1, name: 'StreamSync One', timeZone: 'Europe/Berlin',
      slots: [
        { start: '06:00', collection: 'demo-news', order: 'sequential' },
        { start: '12:00', collection: 'demo-family', order: 'shuffle' },
        { start: '20:00', collection: 'demo-movies', order: 'random' },
      ],
    },
    {
      id: 'demo-metro', number: 2, name: 'Metro News', timeZone: 'America/New_York',
      slots: [{ start: '00:00', collection: 'demo-news', order: 'sequential' }],
    },
    {
      id: 'demo-family', number: 3, name: 'Family Time', timeZone: 'Asia/Tokyo',
      slots: [
        { start: '06:00', collection: 'demo-family', order: 'shuffle' },
        { start: '19:00', collection: 'demo-movies', order: 'sequential' },
      ],
    },
    {
      id: 'demo-cinema', number: 4, name: 'Cinema', timeZone: 'America/Los_Angeles',
      slots: [{ start: '00:00', collection: 'demo-movies', order: 'random' }],
    },
  ],
  padMinutes: 5,
  padFiller: 'demo-promos',
  breakEveryMinutes: 1,
  breakFiller: 'demo-bumpers',
  breakMaxSeconds: 15,
  fallback: 'slate',
};

/** A demo channel as it should be now: its programming rules over the collections that have items. */
export interface DemoChannelPlan {
  spec: DemoChannelSpec;
  rules: ProgrammingRules;
}

export interface DemoPlan {
  /** Collections with at least one packaged source (their items in the spec's order). */
  collections: Array<CollectionInput & { id: string }>;
  /** Channels with at least one slot whose collection has items. */
  channels: DemoChannelPlan[];
}

/** The demo lineup for the sources packaged so far (`ready`: source key -> asset id). */
export function demoPlan(spec: DemoLineupSpec, ready: ReadonlyMap<string, string>): DemoPlan {
  const collections = spec.collections
    .map((c) => ({ id: c.id, name: c.name, items: c.sources.flatMap((key) => ready.get(key) ?? []) }))
    .filter((c) => c.items.length > 0);
  const has = new Set(collections.map((c) => c.id));
  const fallback = ready.get(spec.fallback);
  const channels = spec.channels.flatMap((channel): DemoChannelPlan[] => {
    const slots: Slot[] = channel.slots
      .filter((slot) => has.has(slot.collection))
      .map((slot) => ({ days: EVERY_DAY, start: slot.start, collection: slot.collection, order: slot.order }));
    if (slots.length === 0) return [];
    const rules: ProgrammingRules = {
      timeZone: channel.timeZone,
      slots,
      ...(has.has(spec.padFiller) ? { padTo: { minutes: spec.padMinutes, filler: spec.padFiller } } : {}),
      ...(has.has(spec.breakFiller) ? { breaks: { everyMinutes: spec.breakEveryMinutes, filler: spec.breakFiller, maxSeconds: spec.breakMaxSeconds } } : {}),
      ...(fallback ? { fallback } : {}),
    };
    return [{ spec: channel, rules }];
  });
  return { collections, channels };
}

/** Every collection and fallback of the spec names a sample source, and every slot a collection (a typo fails the tests, not a first start). */
export function demoSpecProblems(spec: DemoLineupSpec, sources: readonly SampleSourceSpec[]): string[] {
  const keys = new Set(sources.map((s) => s.key));
  const collections = new Set(spec.collections.map((c) => c.id));
  const problems: string[] = [];
  for (const c of spec.collections) for (const key of c.sources) if (!keys.has(key)) problems.push(`collection ${c.id}: no source ${key}`);
  if (!keys.has(spec.fallback)) problems.push(`fallback: no source ${spec.fallback}`);
  for (const name of [spec.padFiller, spec.breakFiller]) if (!collections.has(name)) problems.push(`filler: no collection ${name}`);
  for (const ch of spec.channels) for (const slot of ch.slots) if (!collections.has(slot.collection)) problems.push(`channel ${ch.id}: no collection ${slot.collection}`);
  return problems;
}
