// The EPG: JSON at /v1/epg and XMLTV at /v1/epg.xml, both from the lineup service's window (the same
// function of time as "now"). Serialized JSON answers are kept per (version, window) for repeat readers;
// the XMLTV answer is xmltv-reply.ts (the IPTV guide at /iptv/xmltv.xml sends it too).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Epg, ErrorReply, WindowQuery } from '../../contracts/now.js';
import { notModified } from '../../plugins/http-cache.js';
import { windowFromQuery } from '../time-params.js';
import { replyXmltv } from './xmltv-reply.js';

export const EPG_ROUTE_DEFAULTS = {
  spanMs: 6 * 3_600_000, // milliseconds: window when `to` is not given
  alignMs: 3_600_000, // milliseconds: a missing `from` is now, rounded down to this
  cachedBodies: 16, // serialized answers kept (they are dropped when the lineup version changes)
};

export const epgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxAge = app.settings.services.cache.lineupMaxAgeSeconds;
  const bodies = new Map<string, Buffer>();
  let bodiesVersion = -1;
  const remember = (key: string, version: number, body: Buffer) => {
    if (version !== bodiesVersion) {
      bodies.clear();
      bodiesVersion = version;
    }
    if (bodies.size >= EPG_ROUTE_DEFAULTS.cachedBodies) {
      const oldest = bodies.keys().next();
      if (!oldest.done) bodies.delete(oldest.value);
    }
    bodies.set(key, body);
  };
  const window = (query: { from?: string; to?: string }) => {
    const now = app.clock();
    return windowFromQuery(query, { fromMs: now - (now % EPG_ROUTE_DEFAULTS.alignMs), spanMs: EPG_ROUTE_DEFAULTS.spanMs });
  };

  app.get(
    '/v1/epg',
    {
      schema: {
        tags: ['epg'],
        summary: 'Every enabled channel with its programs overlapping [from, to) (default: 6 hours from the current hour)',
        querystring: WindowQuery,
        response: { 200: Epg, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const { fromMs, toMs } = window(request.query);
      const version = app.lineup.version();
      const key = `j.${fromMs}.${toMs}`;
      const tag = `W/"${app.lineup.bootId}.${version}.e.${fromMs}.${toMs}"`;
      const cached = version === bodiesVersion ? bodies.get(key) : undefined;
      if (cached !== undefined) {
        if (notModified(request, reply, tag, maxAge)) return reply;
        return sendJsonText(reply, cached);
      }
      const channels = await app.lineup.epg(fromMs, toMs);
      if (notModified(request, reply, tag, maxAge)) return reply;
      const serialized = reply.serialize({ fromMs, toMs, version, channels });
      const body = typeof serialized === 'string' ? Buffer.from(serialized, 'utf8') : Buffer.from(new Uint8Array(serialized));
      if (app.lineup.version() === version) remember(key, version, body);
      return sendJsonText(reply, body);
    },
  );

  app.get(
    '/v1/epg.xml',
    {
      schema: {
        tags: ['epg'],
        summary: 'The EPG as XMLTV (valid against xmltv.dtd; times in UTC with an explicit +0000)',
        querystring: WindowQuery,
        produces: ['application/xml'],
        response: { 200: Type.String({ description: 'XMLTV document' }), '4xx': ErrorReply },
      },
    },
    async (request, reply) => replyXmltv(app, request, reply, { ...window(request.query), maxAgeSeconds: maxAge }),
  );
};

/** Sends JSON bytes that the route's own serializer produced earlier (same schema, same bytes). */
function sendJsonText(reply: FastifyReply, bytes: Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(bytes);
}
