// POST /sync (broadcaster key): asks every client (or a channel's viewers) to re-sync clock and
// position. Delivery is the broker's: it is passed in as AppOptions.syncPublisher.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EpochMs, Id } from '../../contracts/lineup.js';
import { ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import type { SyncPublisher } from '../../app-deps.js';

export const SyncBody = Type.Object({ channelId: Type.Optional(Id) }, { additionalProperties: false });
export const SyncAnswer = Type.Object(
  {
    accepted: Type.Boolean(),
    channelId: Type.Union([Id, Type.Null()]),
    serverTimeMs: EpochMs,
    /** False when no broker is attached to this API process. */
    delivered: Type.Boolean(),
  },
  { additionalProperties: false },
);

export interface SyncRoutesOptions {
  syncPublisher?: SyncPublisher;
}

export const syncRoutes: FastifyPluginAsyncTypebox<SyncRoutesOptions> = async (app, options) => {
  app.post(
    '/sync',
    {
      config: { auth: 'broadcaster' },
      // No body at all means "everyone": validate it as an empty object.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: ['viewer'],
        summary: 'Ask clients to re-sync their clock and position (all, or one channel)',
        body: SyncBody,
        response: { 202: SyncAnswer, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const channelId = request.body?.channelId;
      if (channelId !== undefined && !(await app.lineup.channel(channelId))) throw new Errors.ChannelNotFound(channelId);
      const publisher = options.syncPublisher;
      if (publisher) publisher.publishSync(channelId);
      return reply.code(202).send({ accepted: true, channelId: channelId ?? null, serverTimeMs: app.clock(), delivered: Boolean(publisher) });
    },
  );
};
