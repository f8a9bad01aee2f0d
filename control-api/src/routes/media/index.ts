// The media origin: GET/HEAD /media/* serves <contentDir>/media/ (packaged assets, content-addressed
// under media/{assetId}/) for players and any CDN in front. @fastify/static streams the file and
// answers HEAD, byte ranges (206/416), ETag and Last-Modified with If-None-Match/If-Modified-Since
// (304) and If-Match/If-Unmodified-Since (412), and the media type. On top of it, this module adds:
// the path guard (media-path.ts: no path outside the media folder, no hidden name, no folder), Range
// and If-Range settled as RFC 9110 says (http-conditional.ts), a strong ETag, long immutable caching
// for asset files, CORS for players on other origins, and errors as JSON {statusCode, code, message},
// never cached.
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { openToAnyOrigin } from '../../plugins/open-cors.js';
import { MediaErrors } from './errors.js';
import { settleRange } from './http-conditional.js';
import { parseMediaPath, resolveMediaFile } from './media-path.js';

export const MEDIA_DEFAULTS = {
  prefix: '/media/',
  /** Files under media/{assetId}/ never change (content-addressed). */
  assetCacheControl: 'public, max-age=31536000, immutable', // max-age in seconds (one year)
  /** Files directly in media/ are not content-addressed: short shared caching. */
  looseCacheControl: 'public, max-age=60', // seconds
  errorCacheControl: 'no-store',
};

export interface MediaRoutesOptions {
  /** Folder served; default `<settings.contentDir>/media`. */
  mediaDir?: string;
}

/**
 * The strong ETag of a file: size and modification time in ms, the fields of @fastify/send's weak
 * tag, so its If-None-Match check (a weak comparison) matches this tag too. A file's bytes change only
 * with its mtime (the pipeline writes each file once), so the tag is strong, as If-Range needs.
 */
function entityTag(stats: Stats): string {
  return `"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}"`;
}

export const mediaRoutes: FastifyPluginAsync<MediaRoutesOptions> = async (app, options) => {
  const mediaDir = options.mediaDir ?? join(app.settings.contentDir, 'media');
  const prefix = MEDIA_DEFAULTS.prefix;

  await app.register(fastifyStatic, {
    serve: false, // only reply.sendFile, after the path guard
    root: mediaDir,
    suppressWarning: true, // the media folder appears with the first published asset
    cacheControl: false, // set below, by folder
    index: false,
    dotfiles: 'deny', // the guard already refuses hidden names
    setHeaders: (reply, _path, stats) => {
      reply.header('etag', entityTag(stats));
    },
  });

  // Every reply of this scope, errors included, is readable cross-origin; errors are never cached
  // (a CDN must not keep a 404 for a segment that is published a moment later).
  openToAnyOrigin(app, [prefix]);
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400) reply.header('cache-control', MEDIA_DEFAULTS.errorCacheControl);
    return payload;
  });

  // @fastify/send answers a failed precondition and an unsatisfiable range with plain HTTP errors:
  // they become coded ones (the 416 keeps its Content-Range); the app's handler shapes every error.
  app.setErrorHandler((error: FastifyError & { headers?: Record<string, string> }, _request, reply) => {
    if (error.statusCode === 416) {
      const contentRange = error.headers?.['Content-Range'];
      if (contentRange !== undefined) reply.header('content-range', contentRange);
      throw new MediaErrors.RangeNotSatisfiable();
    }
    if (error.statusCode === 412) throw new MediaErrors.PreconditionFailed();
    throw error;
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: `${prefix}*`,
    schema: { hide: true },
    handler: async (request, reply) => {
      const segments = parseMediaPath(request.url, prefix);
      const file = await resolveMediaFile(mediaDir, segments);
      const { size, mtimeMs } = file.stats;
      settleRange(request.raw.headers, { size, mtimeMs, etag: entityTag(file.stats) });
      reply.header('cache-control', segments.length >= 2 ? MEDIA_DEFAULTS.assetCacheControl : MEDIA_DEFAULTS.looseCacheControl);
      return reply.sendFile(file.path, file.root);
    },
  });
};

export default mediaRoutes;
