// GET /stream/:userId — what this viewer should play right now: their last tuned channel (remembered
// in memory, see viewer-memory.ts) or `?channel=`, else the lowest-numbered enabled channel. A user id
// that is a device id (POST /v1/devices) is answered only with that device's token (Bearer): no one
// else reads what the device watches or changes what it is remembered to watch. Other user ids are
// the seed's anonymous ones, as before.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EpochMs, Id } from '../../contracts/lineup.js';
import { AiringProgram, ChannelSummary, ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { LiveUrls, liveUrls } from '../../contracts/live-paths.js';
import { segmentAt } from '../../services/lineup/segments.js';
import { ViewerMemory } from './viewer-memory.js';
import { DEVICE_ID_RE } from '../../services/devices/device-identity.js';
import { bearerToken } from '../../plugins/auth.js';

const Segment = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: '0-based index in the asset' }),
    number: Type.Integer({ minimum: 0, description: 'segment number as the manifest counts' }),
    startMs: Type.Integer({ minimum: 0, description: 'milliseconds into the asset' }),
    durationMs: Type.Integer({ minimum: 0 }),
    url: Type.String(),
  },
  { additionalProperties: false },
);

export const StreamAnswer = Type.Object(
  {
    serverTimeMs: EpochMs,
    userId: Id,
    channel: ChannelSummary,
    program: Type.Union([AiringProgram, Type.Null()]),
    next: Type.Union([AiringProgram, Type.Null()]),
    dashUrl: Type.Union([Type.String(), Type.Null()]),
    hlsUrl: Type.Union([Type.String(), Type.Null()]),
    offsetMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    segment: Type.Union([Segment, Type.Null()]),
    live: LiveUrls,
  },
  { additionalProperties: false },
);

export const streamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const memory = new ViewerMemory();

  app.get(
    '/stream/:userId',
    {
      schema: {
        tags: ['viewer'],
        summary: "What a viewer should play now: channel, program, manifests, offset and current segment",
        params: Type.Object({ userId: Id }),
        querystring: Type.Object({ channel: Type.Optional(Id) }),
        response: { 200: StreamAnswer, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      if (DEVICE_ID_RE.test(userId) && !app.devices.verify(userId, bearerToken(request.headers.authorization) ?? '')) {
        reply.header('www-authenticate', 'Bearer realm="StreamSync TV device"');
        throw new Errors.DeviceProofRequired(userId);
      }
      const asked = request.query.channel;
      let channelId = asked ?? memory.get(userId);
      if (channelId !== undefined) {
        const channel = await app.lineup.channel(channelId);
        if (!channel && asked !== undefined) throw new Errors.ChannelNotFound(asked);
        // A remembered channel that is gone or off the air gives way to the default; a renamed one stays.
        if (!channel || (asked === undefined && !channel.enabled)) channelId = undefined;
      }
      if (channelId === undefined) {
        const first = (await app.lineup.channels()).find((c) => c.enabled);
        if (!first) throw new Errors.NoChannel('No channel is on the air yet');
        channelId = first.id;
      }
      const serverTimeMs = app.clock();
      const now = await app.lineup.now(channelId, serverTimeMs);
      if (!now) throw new Errors.ChannelNotFound(channelId);
      memory.remember(userId, channelId);
      const program = now.current;
      const asset = program ? await app.lineup.asset(program.assetId) : null;
      const segment = asset && now.offsetMs !== null ? segmentAt(asset, now.offsetMs) : null;
      reply.header('cache-control', 'no-store');
      return {
        serverTimeMs,
        userId,
        channel: now.channel,
        program,
        next: now.next,
        dashUrl: program?.dashUrl || null,
        hlsUrl: program?.hlsUrl || null,
        offsetMs: now.offsetMs,
        segment,
        live: liveUrls(now.channel.id),
      };
    },
  );
};
