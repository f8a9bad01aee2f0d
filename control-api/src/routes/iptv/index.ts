// Every channel in any IPTV app (TiviMate, VLC, Kodi, Jellyfin's M3U tuner): the channel list at
// /iptv/channels.m3u and its guide at /iptv/xmltv.xml. URLs in both are absolute, built from the
// address the app used to reach us (protocol + Host), so one list works on the LAN and behind a proxy.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply } from '../../contracts/now.js';
import { notModified } from '../../plugins/http-cache.js';
import { M3U_CONTENT_TYPE, renderM3u } from '../../services/iptv/render-m3u.js';
import { EPG_ROUTE_DEFAULTS } from '../epg/index.js';
import { replyXmltv } from '../epg/xmltv-reply.js';
import { requestOrigin } from '../request-origin.js';
import { openToAnyOrigin } from '../../plugins/open-cors.js';

export const IPTV_PATHS = {
  channels: '/iptv/channels.m3u',
  guide: '/iptv/xmltv.xml',
} as const;

export const iptvRoutes: FastifyPluginAsyncTypebox = async (app) => {
  openToAnyOrigin(app, ['/iptv/']); // web IPTV players on other origins read the lists
  const maxAge = app.settings.services.cache.lineupMaxAgeSeconds;

  app.get(
    IPTV_PATHS.channels,
    {
      schema: {
        tags: ['iptv'],
        summary: 'Every enabled channel as an M3U channel list (tvg-id = XMLTV channel id, URL = its HLS master)',
        produces: ['audio/x-mpegurl'],
        response: { 200: Type.String({ description: 'extended M3U (M3U Plus)' }), '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const origin = requestOrigin(request);
      const tag = `W/"${app.lineup.bootId}.${app.lineup.version()}.m3u.${origin}"`;
      const channels = await app.lineup.channels();
      if (notModified(request, reply, tag, maxAge)) return reply;
      return reply.type(M3U_CONTENT_TYPE).send(renderM3u({ channels, origin, guidePath: IPTV_PATHS.guide }));
    },
  );

  app.get(
    IPTV_PATHS.guide,
    {
      schema: {
        tags: ['iptv'],
        summary: 'The XMLTV guide of /v1/epg.xml from the current hour for services.iptv.guideHours, with absolute URLs',
        produces: ['application/xml'],
        response: { 200: Type.String({ description: 'XMLTV document' }), '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const baseUrl = requestOrigin(request);
      const now = app.clock();
      const fromMs = now - (now % EPG_ROUTE_DEFAULTS.alignMs); // from the current hour, as /v1/epg.xml
      const toMs = fromMs + app.settings.services.iptv.guideHours * 3_600_000;
      return replyXmltv(app, request, reply, { fromMs, toMs, baseUrl, maxAgeSeconds: maxAge });
    },
  );
};
