// The coded errors of the MPEG-TS remux (`GET /live/:channelId.ts`): thrown to a viewer still waiting
// for its first bytes, and logged with their code when ffmpeg fails.
import createError from '@fastify/error';

export const LiveTsErrors = {
  /** The channel's HLS could not be read, or ffmpeg could not start or ended before this viewer got a byte; the text says why. */
  Failed: createError<[string, string]>('SS_LIVE_TS_FAILED', 'The MPEG-TS stream of channel %s failed: %s', 502),
  /** The server is shutting down: no new remux starts. */
  Closed: createError('SS_LIVE_TS_CLOSED', 'The MPEG-TS streams are shutting down', 503),
  /** The API does not listen on a TCP port, so ffmpeg has no URL to read the channel's HLS from. */
  NoInput: createError('SS_LIVE_TS_NO_INPUT', 'The MPEG-TS streams need the API to listen on a TCP port', 503),
} as const;

/** Codes of log records that are not replies (a viewer dropped, a remux stopped by its timer). */
export const LIVE_TS_LOG_CODES = {
  /** A viewer fell more than maxClientBufferBytes behind and was disconnected; the others went on. */
  clientTooSlow: 'SS_LIVE_TS_CLIENT_TOO_SLOW',
  /** ffmpeg wrote nothing within startTimeoutMs and was stopped. */
  startTimeout: 'SS_LIVE_TS_START_TIMEOUT',
} as const;
