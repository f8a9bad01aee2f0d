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
