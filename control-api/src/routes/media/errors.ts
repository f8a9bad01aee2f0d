// Coded errors of the media origin. The app's error handler shapes them as {statusCode, code, message}.
import createError from '@fastify/error';

export const MediaErrors = {
  BadPath: createError<[string]>('SS_MEDIA_BAD_PATH', 'Invalid media path: %s', 400),
  NotFound: createError('SS_MEDIA_NOT_FOUND', 'Media file not found', 404),
  /** Sent with a Content-Range header giving the size (`bytes *\/size`). */
  RangeNotSatisfiable: createError('SS_RANGE_NOT_SATISFIABLE', 'The requested range is not satisfiable for this file', 416),
  PreconditionFailed: createError('SS_PRECONDITION_FAILED', 'The file does not match the request precondition (If-Match, If-Unmodified-Since)', 412),
} as const;
