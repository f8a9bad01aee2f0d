// Coded pipeline errors. `permanent` errors are about the source itself (no retry: the job fails and
// the file moves to content/failed/); the others (a crashed encoder, a full disk) are retried up to
// services.pipeline.maxAttempts. Messages are written for the broadcaster who dropped the file.
export type PipelineErrorCode =
  | 'SS_SOURCE_EMPTY'
  | 'SS_SOURCE_NOT_MEDIA'
  | 'SS_SOURCE_TRUNCATED'
  | 'SS_SOURCE_NO_VIDEO'
  | 'SS_SOURCE_TOO_LARGE'
  | 'SS_SOURCE_TOO_LONG'
  | 'SS_SOURCE_TOO_BIG_FRAME'
  | 'SS_SOURCE_MISSING'
  | 'SS_TRANSCODE_FAILED'
  | 'SS_PACKAGE_INVALID'
  | 'SS_CANCELLED';

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly permanent: boolean;
  /** Tail of ffmpeg's stderr when an ffmpeg run was involved. */
  readonly stderrTail: string | null;

  constructor(code: PipelineErrorCode, message: string, options: { permanent: boolean; stderrTail?: string | null }) {
    super(message);
    this.name = 'PipelineError';
    this.code = code;
    this.permanent = options.permanent;
    this.stderrTail = options.stderrTail ?? null;
  }
}

export const sourceError = (code: PipelineErrorCode, message: string, stderrTail: string | null = null) =>
  new PipelineError(code, message, { permanent: true, stderrTail });
