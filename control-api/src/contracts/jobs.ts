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

/** Why a track of the source is not in the asset (the rest of the source was published). */
export const TrackIssueCode = Type.Union([
  /** A bitmap subtitle stream (DVB, PGS, VobSub, XSUB): not converted to text. */
  Type.Literal('SS_TEXT_BITMAP_NOT_CONVERTED'),
  /** ffmpeg could not read or convert the stream or sidecar. */
  Type.Literal('SS_TEXT_CONVERT_FAILED'),
  /** A sidecar that is not valid UTF-8. */
  Type.Literal('SS_TEXT_INVALID_UTF8'),
  /** A sidecar with a cue timing line that cannot be read (or ends before it starts). */
  Type.Literal('SS_TEXT_BAD_TIMING'),
  /** The stream or sidecar holds no cue. */
  Type.Literal('SS_TEXT_EMPTY'),
]);
export type TrackIssueCode = Static<typeof TrackIssueCode>;

export const TrackIssue = Type.Object(
  {
    code: TrackIssueCode,
    kind: Type.Union([Type.Literal('text'), Type.Literal('audio')]),
    /** A stream of the source (its index among the source's streams of that kind) or a sidecar file. */
    source: Type.Union([Type.Literal('stream'), Type.Literal('sidecar')]),
    /** Index among the source's subtitle (or audio) streams; null for a sidecar. */
    streamIndex: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** The sidecar's file name in the inbox; null for a stream. */
    file: Type.Union([Type.String({ maxLength: 1024 }), Type.Null()]),
    /** The stream's codec (ffprobe's name) or the sidecar's format. */
    codec: Type.String({ maxLength: 64 }),
    lang: Type.String({ maxLength: 35 }),
    message: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type TrackIssue = Static<typeof TrackIssue>;

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
    /** Tracks of the source left out of the asset (dropped or not converted), and why; absent: none. */
    trackIssues: Type.Optional(Type.Array(TrackIssue, { maxItems: 64 })),
    /** Sidecar files (subtitles beside the source in the inbox) that travel with it; absent: none. */
    sidecars: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 32 })),
  },
  { additionalProperties: false },
);
export type Job = Static<typeof Job>;
