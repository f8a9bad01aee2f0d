// What is on: the shapes the TV app, the EPG, the seed's routes and the broker's retained
// `channels/{id}/now` all share, and the API's envelopes around them. One implementation computes
// them (services/lineup).
import { Type, type Static } from '@sinclair/typebox';
import { AiringProgram, ChannelNow, ChannelSummary, EpochMs, Id } from '#core/wire.js';

// The wire shapes themselves are browser-safe and live with the TV app's contracts (#core/wire);
// the server re-exports them so its routes and services have one place to import from.
export { AiringProgram, ChannelNow, ChannelSummary };

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
    kind: Type.Union([Type.Literal('explicit'), Type.Literal('loop'), Type.Literal('programmed')], {
      description: 'programmed: slot programming (from its first version on; the explicit schedule or loop before it)',
    }),
    fromMs: EpochMs,
    toMs: EpochMs,
    version: Type.Integer(),
    programs: Type.Array(AiringProgram),
  },
  { additionalProperties: false },
);
export type ChannelSchedule = Static<typeof ChannelSchedule>;
