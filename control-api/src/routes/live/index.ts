// Every channel as a standard live stream: the HLS multivariant and media playlists (video rungs, audio
// languages, text tracks), the DASH MPD, the segments moved onto the channel's timeline (CMAF media and
// WebVTT), the empty WebVTT that stands in for a missing text language, and the time route its UTCTiming names. Answers are computed from the schedule at the request's instant
// (services/live), so any replica answers the same bytes; they are cached for about half a segment.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply } from '../../contracts/now.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HLS_CONTENT_TYPE } from '../../services/live/hls-playlists.js';
import { DASH_CONTENT_TYPE } from '../../services/live/dash-mpd.js';
import { SHIFTED_SEGMENT_PREFIX } from '../../services/live/shifted-segment.js';
import { SegmentShapeError, shiftDecodeTimes } from '../../services/live/decode-time-shift.js';
import { shiftVttTimestampMap } from '../../services/live/vtt-timestamp-shift.js';
import { EMPTY_VTT, EMPTY_VTT_PATH } from '../../services/live/channel-tracks.js';
import { Errors } from '../../errors.js';
import { resolveMediaFile } from '../media/media-path.js';
import { requestOrigin } from '../request-origin.js';
import { openToAnyOrigin } from '../../plugins/open-cors.js';

export const LIVE_ROUTES = {
  prefix: '/live',
  timePath: '/live/time',
};

const ChannelParams = Type.Object({ channelId: Type.String({ minLength: 1, maxLength: 64 }) });
const SegmentParams = Type.Object({
  assetId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  shift: Type.String({ pattern: '^[0-9]{1,18}$', description: 'timescale units added to the decode times (WebVTT: 90 kHz units added to X-TIMESTAMP-MAP MPEGTS)' }),
  file: Type.String({ pattern: '^(seg-[A-Za-z0-9_]{1,16}-[0-9]{1,9}\\.m4s|text-[0-9]{1,3}-[0-9]{1,9}\\.vtt)$' }),
});
const PlaylistParams = Type.Object({
  channelId: Type.String({ minLength: 1, maxLength: 64 }),
  playlist: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
});

export const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  openToAnyOrigin(app, [`${LIVE_ROUTES.prefix}/`]); // any player on any origin reads the live streams
  const segmentSeconds = app.settings.services.pipeline.segmentSeconds;
  const playlistMaxAge = Math.max(1, Math.floor(segmentSeconds / 2)); // seconds: about half a segment
  const masterMaxAge = app.settings.services.cache.lineupMaxAgeSeconds;
  const text = { 200: Type.String(), '4xx': ErrorReply };

  app.get(
    `${LIVE_ROUTES.prefix}/:channelId/master.m3u8`,
    { schema: { tags: ['live'], summary: 'HLS multivariant playlist of the channel (a variant per rung, audio as a group)', params: ChannelParams, produces: [HLS_CONTENT_TYPE], response: text } },
    async (request, reply) => {
      const body = await app.live.master(request.params.channelId);
      return reply.type(HLS_CONTENT_TYPE).header('cache-control', `public, max-age=${masterMaxAge}`).send(body);
    },
  );

  app.get(
    `${LIVE_ROUTES.prefix}/:channelId/:playlist.m3u8`,
    {
      schema: {
        tags: ['live'],
        summary: "HLS media playlist of a rung, `audio`, `audio-{lang}` or `text-{lang}` (WebVTT): a sliding window of the schedule's segments, dated by EXT-X-PROGRAM-DATE-TIME",
        params: PlaylistParams,
        produces: [HLS_CONTENT_TYPE],
        response: text,
      },
    },
    async (request, reply) => {
      const body = await app.live.mediaPlaylist(request.params.channelId, request.params.playlist, app.clock());
      return reply.type(HLS_CONTENT_TYPE).header('cache-control', `public, max-age=${playlistMaxAge}`).send(body);
    },
  );

  app.get(
    `${LIVE_ROUTES.prefix}/:channelId/manifest.mpd`,
    { schema: { tags: ['live'], summary: 'DASH MPD of the channel: dynamic, one Period per airing, UTCTiming to /live/time', params: ChannelParams, produces: [DASH_CONTENT_TYPE], response: text } },
    async (request, reply) => {
      const body = await app.live.mpd(request.params.channelId, app.clock(), `${requestOrigin(request)}${LIVE_ROUTES.timePath}`);
      return reply.type(DASH_CONTENT_TYPE).header('cache-control', `public, max-age=${playlistMaxAge}`).send(body);
    },
  );

  const mediaDir = join(app.settings.contentDir, 'media');
  app.get(
    `${SHIFTED_SEGMENT_PREFIX}:assetId/:shift/:file`,
    {
      schema: {
        tags: ['live'],
        summary: "An asset's media segment with its decode times moved by `shift` onto a channel's timeline (the live HLS lists these; the bytes never change for a URL)",
        params: SegmentParams,
        produces: ['video/iso.segment', 'text/vtt'],
        response: { 200: Type.Unknown(), '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const { assetId, shift, file } = request.params;
      const found = await resolveMediaFile(mediaDir, [assetId, file]);
      if (file.endsWith('.vtt')) {
        const vtt = shiftVttTimestampMap(await readFile(join(found.root, found.path), 'utf8'), BigInt(shift));
        return reply.type('text/vtt; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(vtt);
      }
      let body: Buffer;
      try {
        body = shiftDecodeTimes(await readFile(join(found.root, found.path)), BigInt(shift));
      } catch (err) {
        if (err instanceof SegmentShapeError) throw new Errors.LiveSegmentUnusable(`${assetId}/${file}`, err.message);
        throw err;
      }
      return reply.type('video/iso.segment').header('cache-control', 'public, max-age=31536000, immutable').send(body);
    },
  );

  app.get(
    EMPTY_VTT_PATH,
    { schema: { tags: ['live'], summary: 'An empty WebVTT segment: the text of an airing whose asset lacks the language', produces: ['text/vtt'], response: { 200: Type.String() } } },
    async (_request, reply) => reply.type('text/vtt; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(EMPTY_VTT),
  );

  app.get(
    LIVE_ROUTES.timePath,
    { schema: { tags: ['live'], summary: "The server's time as ISO 8601 with milliseconds (DASH UTCTiming, urn:mpeg:dash:utc:http-iso:2014)", produces: ['text/plain'], response: { 200: Type.String() } } },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(new Date(app.clock()).toISOString()),
  );
};
