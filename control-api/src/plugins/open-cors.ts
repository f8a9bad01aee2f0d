// Outputs any origin may read: the media origin, the live streams and the IPTV lists are fetched by
// players and IPTV apps served from elsewhere (a web player on another host, a CDN's domain). Within the
// calling plugin's scope every reply carries `Access-Control-Allow-Origin: *` (no credentials), and a
// preflight under each prefix is answered for reads only. Nothing else of the API answers cross-origin
// requests: a mutation from another origin has no preflight answer, so browsers never send it.
import type { FastifyInstance } from 'fastify';

export const OPEN_CORS = {
  headers: {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified, Date',
  },
  allowMethods: 'GET, HEAD, OPTIONS',
  allowHeaders: 'Range, If-None-Match, If-Modified-Since, If-Range',
  maxAgeSeconds: 86_400, // seconds a browser may reuse a preflight answer
};

/** Makes every reply of the calling scope readable from any origin, and answers preflights under `prefixes`. */
export function openToAnyOrigin(app: FastifyInstance, prefixes: readonly string[]): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(OPEN_CORS.headers);
    return payload;
  });
  for (const prefix of prefixes) {
    app.options(`${prefix}*`, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', OPEN_CORS.allowMethods)
        .header('access-control-allow-headers', OPEN_CORS.allowHeaders)
        .header('access-control-max-age', String(OPEN_CORS.maxAgeSeconds))
        .send(),
    );
  }
}
