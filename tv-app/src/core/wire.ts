// The wire shapes of "what is on", defined once: the REST replies (GET /v1/channels, /now, the EPG),
// the broker's retained `channels/{id}/now` and the TV app all use these. TypeBox schemas, types
// derived from them. The server validates and documents with the schemas; the TV app imports the
// types only (`import type`), so no schema code reaches its bundle, and checks messages from the
// broker with the protocol's parser (`parseChannelNow`), whose test holds it to these schemas.
import { Type, type Static } from '@sinclair/typebox';
import { Rating } from './rating.js';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const EpochMs = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000, description: 'epoch milliseconds, UTC' });

/** What an airing is: a program (or one part of it), filler padding to the clock, a break's filler, a slate clip. */
export const AiringKind = Type.Union([Type.Literal('program'), Type.Literal('filler'), Type.Literal('break'), Type.Literal('slate')]);
export type AiringKind = Static<typeof AiringKind>;

/** A program as the viewer side sees it: resolved against its asset. */
export const AiringProgram = Type.Object(
  {
    id: Id,
    channelId: Id,
    assetId: Id,
    title: Type.String(),
    startMs: EpochMs,
    endMs: EpochMs,
    /** Milliseconds into the asset at startMs. */
    inMs: Type.Integer({ minimum: 0 }),
    /** Milliseconds into the asset at endMs: the airing plays [inMs, outMs) of it. */
    outMs: Type.Integer({ minimum: 0 }),
    kind: AiringKind,
    /** Part `part` of `parts` of a program split by breaks (1 of 1 otherwise). */
    part: Type.Integer({ minimum: 1 }),
    parts: Type.Integer({ minimum: 1 }),
    /** A break: when the program it interrupts goes on; null for anything else. */
    resumesAtMs: Type.Union([EpochMs, Type.Null()]),
    dashUrl: Type.String(),
    hlsUrl: Type.String(),
    posterUrl: Type.Union([Type.String(), Type.Null()]),
    /** Its parental rating: the program's own, else its asset's; absent when unrated (see ./rating.ts). */
    rating: Type.Optional(Rating),
    /** ISO 8601 renderings of startMs/endMs, for people. */
    start: Type.String(),
    end: Type.String(),
  },
  { additionalProperties: false },
);
export type AiringProgram = Static<typeof AiringProgram>;

/** A channel as viewers see it in the lineup (GET /v1/channels) and in every ChannelNow. */
export const ChannelSummary = Type.Object(
  {
    id: Id,
    number: Type.Integer(),
    name: Type.String(),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    group: Type.String(),
    /** Whether the channel allows start-over (playing the program on now from its beginning); absent: allowed. */
    startOver: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelSummary = Static<typeof ChannelSummary>;

/** What is on a channel at serverTimeMs: GET /v1/channels/:id/now, and (with `v`) the retained topic. */
export const ChannelNow = Type.Object(
  {
    serverTimeMs: EpochMs,
    channel: ChannelSummary,
    current: Type.Union([AiringProgram, Type.Null()]),
    next: Type.Union([AiringProgram, Type.Null()]),
    /**
     * The program viewers are watching: the current airing when it is a program (or a part of one),
     * else the program a break returns to or that filler and slate clips lead to; null if none is known.
     */
    program: Type.Union([AiringProgram, Type.Null()]),
    /** Milliseconds into the current asset at serverTimeMs (`offsetMs(current, serverTimeMs)`); null if nothing is on. */
    offsetMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ChannelNow = Static<typeof ChannelNow>;
