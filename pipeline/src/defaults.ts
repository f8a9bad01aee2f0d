// Component defaults of the pipeline that are not broadcaster settings (those live in settings.json under
// services.pipeline). One object, units in comments; callers override fields through options objects.
import { ASSET_FILES } from '#core/content-layout.js';

export const PIPELINE_DEFAULTS = {
  /** Wait between the two looks at the inbox that decide a file is complete (size and mtime unchanged). */
  settleMs: 1500, // milliseconds
  /** Lines of ffmpeg stderr kept for a failed job. */
  stderrTailLines: 40, // lines
  /** Characters of stderr kept on a job (the schema caps at 20000). */
  stderrTailChars: 8000, // characters
  /** How often a running job's progress and lease are written to the store. */
  progressWriteMs: 1000, // milliseconds
  /** A running job's lease is renewed this many times per lease length, progress or not. */
  leaseRenewalsPerLease: 4, // renewals
  /** Where the poster frame is taken, capped at half the duration. */
  posterAtSeconds: 2, // seconds
  /** Grace between SIGTERM and SIGKILL when a run is cancelled. */
  killGraceMs: 3000, // milliseconds
  /** x264 / filter threads per ffmpeg process; 0 lets ffmpeg choose. */
  threads: 0, // threads
  /** Staging folders older than this (a dead worker's leftovers) are removed at the start of a pass. */
  staleStagingMs: 6 * 3600 * 1000, // milliseconds
  /** True-peak ceiling and loudness range used with the integrated target (EBU R128). */
  truePeakDbtp: -1, // dBTP
  loudnessRangeLu: 11, // LU
  /** ffmpeg and ffprobe binaries (looked up on PATH unless absolute). */
  ffmpegPath: 'ffmpeg',
  ffprobePath: 'ffprobe',
};

export type Tuning = typeof PIPELINE_DEFAULTS;

/** File names inside a packaged asset folder: the content layout contract (tv-app/src/core/content-layout.ts). */
export const OUTPUT_NAMES = {
  manifest: ASSET_FILES.manifest,
  hlsMaster: ASSET_FILES.hlsMaster,
  poster: ASSET_FILES.poster,
  initSegment: ASSET_FILES.initSegment,
  mediaSegment: ASSET_FILES.mediaSegment,
} as const;

/** Folders inside settings.contentDir. */
export const CONTENT_DIRS = {
  inbox: 'inbox',
  media: 'media',
  failed: 'failed',
  staging: '.staging',
} as const;

/** Marker file in settings.contentDir: the demo lineup was wanted and is not made yet (survives restarts). */
export const SAMPLE_PENDING_FILE = '.sample-pending';
