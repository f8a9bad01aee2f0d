// GET /v1/channels/:id/chat?since=&limit= : the chat history of a channel for late joiners
// (messages newer than `since`, oldest first). Live messages arrive over MQTT on
// ss/v1/channels/{id}/chat; both carry the same ChatMessage fields.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ChatMessage } from '../../contracts/chat.js';
import { EpochMs, Id } from '../../contracts/lineup.js';
import { Errors } from '../../errors.js';

export const CHAT_ROUTE_DEFAULTS = {
  limit: 100, // messages per reply when the query gives none
  maxLimit: 1000, // messages per reply, at most
} as const;

const Params = Type.Object({ id: Id });
const Query = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: 8_640_000_000_000, description: 'epoch ms; only newer messages' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAT_ROUTE_DEFAULTS.maxLimit })),
  },
  { additionalProperties: false },
);
const ChatHistory = Type.Object(
  { channelId: Id, serverTimeMs: EpochMs, messages: Type.Array(ChatMessage) },
  { additionalProperties: false },
);
const ErrorReply = Type.Object({ statusCode: Type.Integer(), code: Type.String(), message: Type.String() });

export const chatRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/channels/:id/chat',
    {
      schema: {
        tags: ['viewer'],
        summary: 'Recent chat of a channel (for late joiners), oldest first',
        params: Params,
        querystring: Query,
        response: { 200: ChatHistory, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const channel = await app.store.getChannel(id);
      if (!channel) throw new Errors.ChannelNotFound(id);
      const since = request.query.since ?? 0;
      const limit = request.query.limit ?? CHAT_ROUTE_DEFAULTS.limit;
      const messages = await app.store.listChat(id, since, limit);
      reply.header('cache-control', 'no-store');
      return { channelId: id, serverTimeMs: Math.round(app.clock()), messages };
    },
  );
};
