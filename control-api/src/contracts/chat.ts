// Chat messages kept for late joiners.
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Id } from './lineup.js';

export const ChatMessage = Type.Object(
  {
    id: Id,
    channelId: Id,
    /** The sender's name as chat shows it ("Viewer 3FA2"); never a client id, which would let others take over its connection. */
    from: Type.String({ maxLength: 32 }),
    text: Type.String({ maxLength: 1000 }),
    serverTimeMs: EpochMs,
    /** Position in the current program when the message was posted, ms; null when nothing was on. */
    offsetMs: Type.Union([Type.Integer(), Type.Null()]),
    programId: Type.Union([Id, Type.Null()]),
  },
  { additionalProperties: false },
);
export type ChatMessage = Static<typeof ChatMessage>;
