// Programming: collections of assets and a channel's weekly time slots in its own time zone, with
// padding to the clock, mid-roll breaks, a fallback slate and one-off overrides. Schemas first;
// types derived from them. Times are epoch milliseconds UTC unless named local.
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Id } from './lineup.js';
import { TimeInput } from './now.js';

export const Weekday = Type.Union([
  Type.Literal('sun'),
  Type.Literal('mon'),
  Type.Literal('tue'),
  Type.Literal('wed'),
  Type.Literal('thu'),
  Type.Literal('fri'),
  Type.Literal('sat'),
]);
export type Weekday = Static<typeof Weekday>;
/** Days of the week in the order of Date.getUTCDay() (0 = Sunday). */
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** An ordered list of assets, for shows and for filler alike; an asset may be in several. */
export const CollectionInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    items: Type.Array(Id, { maxItems: 10_000, description: 'asset ids, in order' }),
  },
  { additionalProperties: false },
);
export type CollectionInput = Static<typeof CollectionInput>;

export const Collection = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    items: Type.Array(Id, { maxItems: 10_000 }),
    createdAt: EpochMs,
    updatedAt: EpochMs,
  },
  { additionalProperties: false },
);
export type Collection = Static<typeof Collection>;

export const SlotOrder = Type.Union([Type.Literal('sequential'), Type.Literal('shuffle'), Type.Literal('random')], {
  description: 'sequential continues where the collection stopped last time; shuffle plays every item once before any repeats; random draws with weights, never the item just played',
});
export type SlotOrder = Static<typeof SlotOrder>;

export const Slot = Type.Object(
  {
    days: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'local time HH:MM in the channel time zone' }),
    collection: Id,
    order: Type.Optional(SlotOrder),
    weights: Type.Optional(Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }), { description: 'assetId -> weight, random order only' })),
  },
  { additionalProperties: false },
);
export type Slot = Static<typeof Slot>;

export const PadTo = Type.Object(
  {
    minutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'pad each program to the next multiple of this many minutes of local time; must divide a day' }),
    filler: Id,
  },
  { additionalProperties: false },
);

export const Breaks = Type.Object(
  {
    everyMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'split programs longer than this into parts, at segment boundaries' }),
    filler: Id,
    maxSeconds: Type.Integer({ minimum: 1, maximum: 3600, description: 'longest break, seconds' }),
  },
  { additionalProperties: false },
);

/** What a broadcaster PUTs to /v1/channels/:id/programming. */
export const ProgrammingInput = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' }),
    slots: Type.Array(Slot, { minItems: 1, maxItems: 500 }),
    padTo: Type.Optional(PadTo),
    breaks: Type.Optional(Breaks),
    fallback: Type.Optional(Id),
    effectiveFrom: Type.Optional(TimeInput),
  },
  { additionalProperties: false },
);
export type ProgrammingInput = Static<typeof ProgrammingInput>;

export const ProgrammingRules = Type.Omit(ProgrammingInput, ['effectiveFrom']);
export type ProgrammingRules = Static<typeof ProgrammingRules>;

/**
 * One version of a channel's programming, in force from effectiveFromMs until the next version. It
 * keeps the item lists of the collections it uses as they were when it was written, so the schedule
 * of any time is a function of stored versions alone.
 */
export const ProgrammingVersion = Type.Object(
  {
    channelId: Id,
    version: Type.Integer({ minimum: 1 }),
    effectiveFromMs: EpochMs,
    rules: ProgrammingRules,
    collections: Type.Record(Type.String(), Type.Array(Id)),
    createdAt: EpochMs,
  },
  { additionalProperties: false },
);
export type ProgrammingVersion = Static<typeof ProgrammingVersion>;

export const OverrideInput = Type.Object(
  {
    start: TimeInput,
    end: TimeInput,
    collection: Type.Optional(Id),
    items: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10_000 })),
    order: Type.Optional(SlotOrder),
  },
  { additionalProperties: false },
);
export type OverrideInput = Static<typeof OverrideInput>;

/** A one-off event that replaces the weekly template between two instants. */
export const Override = Type.Object(
  {
    id: Id,
    channelId: Id,
    startMs: EpochMs,
    endMs: EpochMs,
    collection: Type.Union([Id, Type.Null()]),
    items: Type.Array(Id, { minItems: 1 }),
    order: SlotOrder,
    createdAt: EpochMs,
  },
  { additionalProperties: false },
);
export type Override = Static<typeof Override>;
