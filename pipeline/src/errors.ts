// Coded pipeline errors. `permanent` errors are about the source itself (no retry: the job fails and
// the file moves to content/failed/); the others (a crashed encoder, a full disk) are retried up to
// services.pipeline.maxAttempts. `system` errors are the machine's, never the file's (ffmpeg or
// ffprobe missing or broken): the source stays in the inbox, the job waits without spending an
// attempt, and the next pass tries again. Messages are written for the broadcaster who dropped the file.
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
  | 'SS_CANCELLED'
  | 'SS_MEDIA_TOOL_UNAVAILABLE';

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly permanent: boolean;
  /** The machine's fault (a media tool missing or broken): wait, never fail the source. */
  readonly system: boolean;
  /** Tail of ffmpeg's stderr when an ffmpeg run was involved. */
  readonly stderrTail: string | null;

  constructor(code: PipelineErrorCode, message: string, options: { permanent: boolean; system?: boolean; stderrTail?: string | null }) {
    super(message);
    this.name = 'PipelineError';
    this.code = code;
    this.permanent = options.permanent;
    this.system = options.system ?? false;
    this.stderrTail = options.stderrTail ?? null;
  }
}

export const sourceError = (code: PipelineErrorCode, message: string, stderrTail: string | null = null) =>
  new PipelineError(code, message, { permanent: true, stderrTail });

/** A media tool that cannot run (not installed, not executable, broken): names the program. */
export const mediaToolUnavailable = (tool: 'ffmpeg' | 'ffprobe', detail: string, stderrTail: string | null = null) =>
  new PipelineError(
    'SS_MEDIA_TOOL_UNAVAILABLE',
    `${tool} is not available on the processing machine (${detail}); the file is fine and waits in the inbox until ${tool} works again (install it: sudo apt-get install -y ffmpeg).`,
    { permanent: false, system: true, stderrTail },
  );
