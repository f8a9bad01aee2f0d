// Coded errors of the media origin. The app's error handler shapes them as {statusCode, code, message}.
import createError from '@fastify/error';

export const MediaErrors = {
  BadPath: createError<[string]>('SS_MEDIA_BAD_PATH', 'Invalid media path: %s', 400),
  NotFound: createError('SS_MEDIA_NOT_FOUND', 'Media file not found', 404),
} as const;

/** Code and message of a 416 reply, sent directly because it must carry a Content-Range header with the size. */
export const RANGE_NOT_SATISFIABLE = {
  code: 'SS_RANGE_NOT_SATISFIABLE',
  message: 'The requested range is not satisfiable for this file',
} as const;
