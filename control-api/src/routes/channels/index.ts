// /v1/channels: list, get, create, update, delete. Mutations need the broadcaster key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { notModified } from '../../plugins/http-cache.js';
import { ChannelCreateBody, ChannelList, ChannelParams, ChannelPatchBody, ChannelView, channelView } from './schemas.js';

const errors = { '4xx': ErrorReply };

export const channelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxAge = app.settings.services.cache.lineupMaxAgeSeconds;
  const etag = (what: string) => `W/"${app.lineup.bootId}.${app.lineup.version()}.${what}"`;

  app.get(
    '/v1/channels',
    { schema: { tags: ['channels'], summary: 'All channels, by number', response: { 200: ChannelList } } },
    async (request, reply) => {
      const tag = etag('channels');
      const channels = await app.lineup.channels();
      if (notModified(request, reply, tag, maxAge)) return reply;
      return { channels: channels.map(channelView) };
    },
  );

  app.get(
    '/v1/channels/:id',
    { schema: { tags: ['channels'], params: ChannelParams, response: { 200: ChannelView, ...errors } } },
    async (request, reply) => {
      const tag = etag(`channel.${request.params.id}`);
      const channel = await app.lineup.channel(request.params.id);
      if (!channel) throw new Errors.ChannelNotFound(request.params.id);
      if (notModified(request, reply, tag, maxAge)) return reply;
      return channelView(channel);
    },
  );

  app.post(
    '/v1/channels',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['channels'],
        summary: 'Create a channel (number must be unique; a loop makes it a looping channel)',
        body: ChannelCreateBody,
        response: { 201: ChannelView, ...errors },
      },
    },
    async (request, reply) => {
      const channel = await app.lineup.createChannel(request.body);
      return reply.code(201).send(channelView(channel));
    },
  );

  app.patch(
    '/v1/channels/:id',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['channels'],
        summary: 'Update some fields of a channel',
        params: ChannelParams,
        body: ChannelPatchBody,
        response: { 200: ChannelView, ...errors },
      },
    },
    async (request) => channelView(await app.lineup.updateChannel(request.params.id, request.body)),
  );

  app.delete(
    '/v1/channels/:id',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['channels'],
        summary: 'Delete a channel and its schedule',
        params: ChannelParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await app.lineup.deleteChannel(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
