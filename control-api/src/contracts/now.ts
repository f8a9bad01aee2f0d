// What is on: the shapes the TV app, the EPG, the seed's routes and the broker's retained
// `channels/{id}/now` all share. One implementation computes them (services/lineup).
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Id } from './lineup.js';

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
    dashUrl: Type.String(),
    hlsUrl: Type.String(),
    posterUrl: Type.Union([Type.String(), Type.Null()]),
    /** ISO 8601 renderings of startMs/endMs, for people. */
    start: Type.String(),
    end: Type.String(),
  },
  { additionalProperties: false },
);
export type AiringProgram = Static<typeof AiringProgram>;

export const ChannelSummary = Type.Object(
  {
    id: Id,
    number: Type.Integer(),
    name: Type.String(),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    group: Type.String(),
  },
  { additionalProperties: false },
);
export type ChannelSummary = Static<typeof ChannelSummary>;

export const ChannelNow = Type.Object(
  {
    serverTimeMs: EpochMs,
    channel: ChannelSummary,
    current: Type.Union([AiringProgram, Type.Null()]),
    next: Type.Union([AiringProgram, Type.Null()]),
    /** Milliseconds into the current asset at serverTimeMs (inMs + serverTimeMs - startMs); null if nothing is on. */
    offsetMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ChannelNow = Static<typeof ChannelNow>;

// ---- API envelopes (added with the lineup routes) ----------------------------------------------

/** A time as the API accepts it in queries and bodies: epoch milliseconds, or ISO 8601 (UTC when no offset). */
export const TimeText = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'epoch milliseconds, or ISO 8601 (e.g. 2026-01-01T20:00:00Z; UTC when no offset is given)',
});
export const TimeInput = Type.Union([EpochMs, TimeText]);

export const WindowQuery = Type.Object({
  from: Type.Optional(TimeText),
  to: Type.Optional(TimeText),
});
export type WindowQuery = Static<typeof WindowQuery>;

export const ErrorReply = Type.Object(
  { statusCode: Type.Integer(), code: Type.String(), message: Type.String() },
  { additionalProperties: false, description: 'every error: a stable code and a message for people' },
);

export const NowAll = Type.Object(
  { serverTimeMs: EpochMs, version: Type.Integer(), channels: Type.Array(ChannelNow) },
  { additionalProperties: false },
);
export type NowAll = Static<typeof NowAll>;

export const EpgChannel = Type.Object({ channel: ChannelSummary, programs: Type.Array(AiringProgram) }, { additionalProperties: false });

export const Epg = Type.Object(
  { fromMs: EpochMs, toMs: EpochMs, version: Type.Integer(), channels: Type.Array(EpgChannel) },
  { additionalProperties: false },
);
export type Epg = Static<typeof Epg>;

export const ChannelSchedule = Type.Object(
  {
    channelId: Id,
    kind: Type.Union([Type.Literal('explicit'), Type.Literal('loop')]),
    fromMs: EpochMs,
    toMs: EpochMs,
    version: Type.Integer(),
    programs: Type.Array(AiringProgram),
  },
  { additionalProperties: false },
);
export type ChannelSchedule = Static<typeof ChannelSchedule>;
