// The built TV app at `/` (tv-app/build, produced by `lng build`). index.html and the few files that
// name the current build are revalidated on every load (no-cache + ETag); the rest may be cached.
// The build's compressed copies (name.br, name.gz) go to TVs that accept them (Vary: Accept-Encoding).
// Until the first build lands, `/` answers a small page that says so and reloads itself.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { TvAppBuild } from '../../services/startup-status.js';


export interface TvAppRoutesOptions {
  /** Folder holding the built app; default `<rootDir>/tv-app/build`. */
  buildDir?: string;
}

const TV_APP_CACHE = {
  /** Files that change with every build: always revalidated. */
  revalidate: new Set(['index.html', 'settings.json', 'metadata.json', 'startApp.js', 'appBundle.js']),
  revalidateHeader: 'no-cache',
  assetHeader: 'public, max-age=3600', // seconds: SDK libraries, polyfills and static images
  startingReloadSeconds: 2, // seconds between reloads of the "starting" page
  failedReloadSeconds: 15, // seconds between reloads once the build has failed (a fix and restart may follow)
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page `/` answers while there is no build yet: says why and reloads itself. */
export function startingPage(build: TvAppBuild): { html: string; reloadSeconds: number } {
  const failed = build.state === 'failed';
  const reloadSeconds = failed ? TV_APP_CACHE.failedReloadSeconds : TV_APP_CACHE.startingReloadSeconds;
  const message = failed
    ? `The TV app could not be built: ${escapeHtml(build.error ?? 'unknown error')}. The server log says more.`
    : 'StreamSync TV is starting: the TV app is being built. This page opens it by itself in a moment.';
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="refresh" content="${reloadSeconds}">`,
    '<title>StreamSync TV is starting</title>',
    '<style>html,body{margin:0;height:100%;background:#101418;color:#e8edf2;font:32px/1.4 sans-serif}',
    'main{display:flex;height:100%;align-items:center;justify-content:center;text-align:center;padding:0 10%}</style>',
    `</head><body><main><p id="starting" data-state="${build.state}">${message}</p></main></body></html>`,
  ].join('\n');
  return { html, reloadSeconds };
}

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
    preCompressed: true,
    allowedPath: (pathName) => !pathName.split('/').some((part) => part.startsWith('.')),
    setHeaders: (res, path) => {
      const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.(br|gz)$/, '');
      res.header('Cache-Control', TV_APP_CACHE.revalidate.has(name) ? TV_APP_CACHE.revalidateHeader : TV_APP_CACHE.assetHeader);
    },
  });

  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    if (!existsSync(indexPath)) {
      const page = startingPage(app.startup.get().tvApp);
      return reply
        .code(503)
        .header('Content-Type', 'text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('Retry-After', String(page.reloadSeconds))
        .send(page.html);
    }
    return reply.sendFile('index.html');
  });
};

export default tvAppRoutes;
