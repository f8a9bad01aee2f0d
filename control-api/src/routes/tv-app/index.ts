// The built TV app at `/` (tv-app/build, produced by `lng build`). index.html and the few files that
// name the current build are revalidated on every load (no-cache + ETag); the rest may be cached.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import createError from '@fastify/error';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const TvAppNotBuilt = createError('SS_TV_APP_NOT_BUILT', 'The TV app is not built yet (npm run build:tv)', 503);

export interface TvAppRoutesOptions {
  /** Folder holding the built app; default `<rootDir>/tv-app/build`. */
  buildDir?: string;
}

const TV_APP_CACHE = {
  /** Files that change with every build: always revalidated. */
  revalidate: new Set(['index.html', 'settings.json', 'metadata.json', 'startApp.js', 'appBundle.js']),
  revalidateHeader: 'no-cache',
  assetHeader: 'public, max-age=3600', // seconds: SDK libraries, polyfills and static images
};

export const tvAppRoutes: FastifyPluginAsync<TvAppRoutesOptions> = async (app, options) => {
  const buildDir = options.buildDir ?? join(app.settings.rootDir, 'tv-app', 'build');
  const indexPath = join(buildDir, 'index.html');
  // On a first start the build comes after the routes: serve the folder it will fill (a build
  // swaps the whole folder in; the static server resolves paths per request).
  mkdirSync(buildDir, { recursive: true });

  await app.register(fastifyStatic, {
    root: buildDir,
    prefix: '/',
    index: false,
    wildcard: true,
    cacheControl: false,
    etag: true,
    allowedPath: (pathName) => !pathName.split('/').some((part) => part.startsWith('.')),
    setHeaders: (res, path) => {
      const name = path.slice(path.lastIndexOf('/') + 1);
      res.header('Cache-Control', TV_APP_CACHE.revalidate.has(name) ? TV_APP_CACHE.revalidateHeader : TV_APP_CACHE.assetHeader);
    },
  });

  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    if (!existsSync(indexPath)) throw new TvAppNotBuilt();
    return reply.sendFile('index.html');
  });
};

export default tvAppRoutes;
