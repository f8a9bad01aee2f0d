// Pipeline jobs: one per source file in the inbox, leased through the store.
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Id } from './lineup.js';

export const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);
export type JobStatus = Static<typeof JobStatus>;

export const Job = Type.Object(
  {
    id: Id,
    /** File name inside content/inbox/ (not a path). */
    source: Type.String({ maxLength: 1024 }),
    sourceBytes: Type.Integer({ minimum: 0 }),
    /** Content hash of the source bytes + ladder profile: the asset id once done. */
    assetId: Type.Union([Id, Type.Null()]),
    status: JobStatus,
    attempts: Type.Integer({ minimum: 0 }),
    progress: Type.Number({ minimum: 0, maximum: 100, description: 'percent' }),
    leaseOwner: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
    leaseUntil: Type.Union([EpochMs, Type.Null()]),
    createdAt: EpochMs,
    updatedAt: EpochMs,
    startedAt: Type.Union([EpochMs, Type.Null()]),
    finishedAt: Type.Union([EpochMs, Type.Null()]),
    command: Type.Union([Type.String({ maxLength: 20000 }), Type.Null()]),
    error: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
    stderrTail: Type.Union([Type.String({ maxLength: 20000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Job = Static<typeof Job>;
