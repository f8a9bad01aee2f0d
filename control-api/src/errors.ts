// Every error the API can answer with, coded and stable. Routes throw these; one error handler
// (plugins/error-handler.ts) shapes the reply as {statusCode, code, message}.
import createError from '@fastify/error';

export const Errors = {
  Unauthorized: createError('SS_UNAUTHORIZED', 'A valid broadcaster key is required (Authorization: Bearer <key>)', 401),
  ChannelNotFound: createError<[string]>('SS_CHANNEL_NOT_FOUND', 'Channel %s not found', 404),
  AssetNotFound: createError<[string]>('SS_ASSET_NOT_FOUND', 'Asset %s not found', 404),
  ProgramNotFound: createError<[string]>('SS_PROGRAM_NOT_FOUND', 'Program %s not found', 404),
  JobNotFound: createError<[string]>('SS_JOB_NOT_FOUND', 'Job %s not found', 404),
  ChannelNumberTaken: createError<[number]>('SS_CHANNEL_NUMBER_TAKEN', 'Channel number %s is already in use', 409),
  ChannelIdTaken: createError<[string]>('SS_CHANNEL_ID_TAKEN', 'Channel id %s is already in use', 409),
  ScheduleOverlap: createError<[string]>('SS_SCHEDULE_OVERLAP', 'The program overlaps %s', 409),
  AssetNotReady: createError<[string, string]>('SS_ASSET_NOT_READY', 'Asset %s is not ready (status: %s)', 422),
  AssetUnknown: createError<[string]>('SS_ASSET_UNKNOWN', 'Asset %s does not exist', 422),
  InvalidSchedule: createError<[string]>('SS_INVALID_SCHEDULE', '%s', 422),
  InvalidRange: createError<[string]>('SS_INVALID_RANGE', '%s', 400),
  /** A rating outside its scheme; the message names where it was and the scheme's allowed values. */
  InvalidRating: createError<[string, string]>('SS_INVALID_RATING', 'Invalid rating at %s: %s', 422),
  ChannelIsLoop: createError<[string]>('SS_CHANNEL_IS_LOOP', 'Channel %s loops a playlist; edit its loop instead of its programs', 409),
  ChannelIsProgrammed: createError<[string]>('SS_CHANNEL_IS_PROGRAMMED', 'Channel %s follows slot programming; change its programming or add an override instead of placing programs', 409),
  ChannelDisabled: createError<[string]>('SS_CHANNEL_DISABLED', 'Channel %s is disabled', 404),
  PlaylistNotFound: createError<[string, string]>('SS_PLAYLIST_NOT_FOUND', 'No playlist %s on channel %s', 404),
  LiveSegmentUnusable: createError<[string, string]>('SS_LIVE_SEGMENT_SHAPE', 'Segment %s cannot be moved onto the channel timeline: %s', 500),
  NothingOnAir: createError<[string]>('SS_NOTHING_ON_AIR', 'Nothing is on channel %s right now', 404),
  NoChannel: createError<[string]>('SS_NO_CHANNEL', '%s', 404),
  StoreUnavailable: createError('SS_STORE_UNAVAILABLE', 'The store is unavailable, try again shortly', 503),
  BadHost: createError('SS_BAD_HOST', 'The Host header is not a valid host[:port]', 400),
  DeviceTokenRequired: createError('SS_DEVICE_TOKEN_REQUIRED', 'This server wants its viewer token to register a device (Authorization: Bearer <viewer token>)', 401),
  DeviceProofRequired: createError<[string]>('SS_DEVICE_PROOF_REQUIRED', 'User %s is a device: its token is required (Authorization: Bearer <device token>)', 401),
  DeviceRateLimited: createError('SS_DEVICE_RATE_LIMITED', 'Too many device registrations from this address; try again later', 429),
  BodyTooDeep: createError<[number]>('SS_BODY_TOO_DEEP', 'The JSON body is nested deeper than %s levels', 400),
} as const;
