// The one way an XMLTV answer is made, for `GET /v1/epg.xml` and the IPTV guide `GET /iptv/xmltv.xml`:
// the lineup's EPG over a window rendered by services/xmltv, with an ETag from the lineup version and
// 304 for a client that already holds it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fnv1a, notModified } from '../../plugins/http-cache.js';
import { renderXmltv, XMLTV_CONTENT_TYPE } from '../../services/xmltv/render-xmltv.js';

export interface XmltvReplyOptions {
  fromMs: number;
  toMs: number;
  /** Absolute base URL: relative logo and poster URLs become absolute (what apps on other hosts need). */
  baseUrl?: string;
  /** Cache-Control max-age, seconds. */
  maxAgeSeconds: number;
}

/** Sends the XMLTV document of every enabled channel over [fromMs, toMs) (or a 304). */
export async function replyXmltv(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: XmltvReplyOptions,
): Promise<FastifyReply> {
  const { fromMs, toMs, baseUrl } = options;
  const version = app.lineup.version();
  const base = baseUrl === undefined ? '' : `.${fnv1a(baseUrl)}`;
  const tag = `W/"${app.lineup.bootId}.${version}.x.${fromMs}.${toMs}${base}"`;
  const epg = await app.lineup.epg(fromMs, toMs);
  if (notModified(request, reply, tag, options.maxAgeSeconds)) return reply;
  const channels = await Promise.all(epg.map(async (e) => app.lineup.channel(e.channel.id)));
  const xml = renderXmltv({
    channels: channels.filter((c) => c !== null),
    programs: epg.flatMap((e) => e.programs),
    generatedAtMs: app.clock(),
    sourceName: 'StreamSync TV',
    window: { fromMs, toMs },
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
  return reply.type(XMLTV_CONTENT_TYPE).send(xml);
}
