// The media origin: GET/HEAD /media/* serves <contentDir>/media/ (packaged assets, content-addressed
// under media/{assetId}/) for players and any CDN in front. Byte ranges (206/416), strong ETags with
// If-None-Match/If-Modified-Since (304) and If-Range, exact media types, long immutable caching for
// asset files, CORS for players on other origins. No path outside the media folder is reachable
// (see media-path.ts); every error is JSON {statusCode, code, message} and never cached.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { RANGE_NOT_SATISFIABLE } from './errors.js';
import { etagMatches } from '../../plugins/http-cache.js';
import { decideRange, ifRangeHolds, notModifiedSince } from './http-conditional.js';
import { openMediaFile, parseMediaPath } from './media-path.js';
import { mediaTypeOf } from './media-types.js';

export const MEDIA_DEFAULTS = {
  prefix: '/media/',
  /** Files under media/{assetId}/ never change (content-addressed). */
  assetCacheControl: 'public, max-age=31536000, immutable', // max-age in seconds (one year)
  /** Files directly in media/ are not content-addressed: short shared caching. */
  looseCacheControl: 'public, max-age=60', // seconds
  errorCacheControl: 'no-store',
  corsMaxAgeSeconds: 86_400, // seconds a browser may reuse a preflight answer
  readHighWaterMarkBytes: 64 * 1024, // bytes per read from disk
};

export interface MediaRoutesOptions {
  /** Folder served; default `<settings.contentDir>/media`. */
  mediaDir?: string;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified',
};

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function entityTag(size: number, mtimeMs: number): string {
  return `"${Math.floor(mtimeMs).toString(16)}-${size.toString(16)}"`;
}

export const mediaRoutes: FastifyPluginAsync<MediaRoutesOptions> = async (app, options) => {
  const mediaDir = options.mediaDir ?? join(app.settings.contentDir, 'media');
  const prefix = MEDIA_DEFAULTS.prefix;

  // Every reply of this scope, errors included, is readable cross-origin; errors are never cached
  // (a CDN must not keep a 404 for a segment that is published a moment later).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(CORS_HEADERS);
    if (reply.statusCode >= 400) reply.header('cache-control', MEDIA_DEFAULTS.errorCacheControl);
    return payload;
  });

  app.options(`${prefix}*`, { schema: { hide: true } }, async (_request, reply) => {
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'Range, If-None-Match, If-Modified-Since, If-Range')
      .header('access-control-max-age', String(MEDIA_DEFAULTS.corsMaxAgeSeconds))
      .send();
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: `${prefix}*`,
    schema: { hide: true },
    handler: async (request, reply) => serveMediaFile({ request, reply, mediaDir, prefix }),
  });
};

interface ServeArgs {
  request: FastifyRequest;
  reply: FastifyReply;
  mediaDir: string;
  prefix: string;
}

async function serveMediaFile({ request, reply, mediaDir, prefix }: ServeArgs): Promise<FastifyReply> {
  const segments = parseMediaPath(request.url, prefix);
  const { handle, stats } = await openMediaFile(mediaDir, segments);
  let handedOver = false;
  try {
    const etag = entityTag(stats.size, stats.mtimeMs);
    const fileName = segments[segments.length - 1] ?? '';
    reply.headers({
      'content-type': mediaTypeOf(fileName),
      'cache-control': segments.length >= 2 ? MEDIA_DEFAULTS.assetCacheControl : MEDIA_DEFAULTS.looseCacheControl,
      etag,
      'last-modified': new Date(stats.mtimeMs).toUTCString(),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    });

    const ifNoneMatch = header(request, 'if-none-match');
    const ifModifiedSince = header(request, 'if-modified-since');
    const unchanged =
      ifNoneMatch !== undefined
        ? etagMatches(ifNoneMatch, etag)
        : ifModifiedSince !== undefined && notModifiedSince(ifModifiedSince, stats.mtimeMs);
    if (unchanged) {
      reply.removeHeader('content-type');
      return reply.code(304).send();
    }

    const ifRange = header(request, 'if-range');
    const rangeHeader = ifRange === undefined || ifRangeHolds(ifRange, etag, stats.mtimeMs) ? header(request, 'range') : undefined;
    const range = decideRange(rangeHeader, stats.size);
    if (range.kind === 'unsatisfiable') {
      return reply
        .code(416)
        .header('content-range', `bytes */${stats.size}`)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ statusCode: 416, ...RANGE_NOT_SATISFIABLE });
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : stats.size - 1;
    const length = stats.size === 0 ? 0 : end - start + 1;
    if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${stats.size}`);
    reply.header('content-length', String(length));

    if (request.method === 'HEAD' || length === 0) return reply.send();
    const stream = handle.createReadStream({ start, end, highWaterMark: MEDIA_DEFAULTS.readHighWaterMarkBytes });
    handedOver = true; // the stream closes the handle when it ends or is destroyed
    return reply.send(stream);
  } finally {
    if (!handedOver) await handle.close();
  }
}

export default mediaRoutes;
