// "Now": what is on a channel (or on every channel) at server time, from the lineup service.
// The ETag changes when the current or next program changes (or the lineup does): serverTimeMs and
// offsetMs in a cached copy are as of when it was made, so clients compute their position from
// startMs and their own synchronized clock.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id } from '../../contracts/lineup.js';
import { ChannelNow, ErrorReply, NowAll } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { fnv1a, notModified } from '../../plugins/http-cache.js';

const Params = Type.Object({ id: Id });

export const nowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxAge = app.settings.services.cache.lineupMaxAgeSeconds;

  app.get(
    '/v1/channels/:id/now',
    {
      schema: {
        tags: ['now'],
        summary: 'Server time, current and next program, and the offset into the current asset',
        params: Params,
        response: { 200: ChannelNow, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const version = app.lineup.version();
      const now = await app.lineup.now(request.params.id, app.clock());
      if (!now) throw new Errors.ChannelNotFound(request.params.id);
      const tag = `W/"${app.lineup.bootId}.${version}.n.${now.current?.id ?? '-'}.${now.next?.id ?? '-'}"`;
      if (notModified(request, reply, tag, maxAge)) return reply;
      return now;
    },
  );

  app.get(
    '/v1/now',
    { schema: { tags: ['now'], summary: '"Now" of every enabled channel, by number', response: { 200: NowAll } } },
    async (request, reply) => {
      const version = app.lineup.version();
      const serverTimeMs = app.clock();
      const channels = await app.lineup.nowAll(serverTimeMs);
      const ids = channels.map((c) => `${c.current?.id ?? '-'}/${c.next?.id ?? '-'}`).join(',');
      const tag = `W/"${app.lineup.bootId}.${version}.a.${fnv1a(ids)}"`;
      if (notModified(request, reply, tag, maxAge)) return reply;
      return { serverTimeMs, version, channels };
    },
  );
};
