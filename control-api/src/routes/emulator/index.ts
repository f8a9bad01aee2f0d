// The QA emulator at `/emulator`: the TV app (served at `/`) in 1920x1080 frames beside an on-screen
// remote and a live panel; `/emulator?wall=4` shows several independent viewers. The page's
// script is built from tv-app/emulator/src when its sources change (see emulator-bundle.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import createError from '@fastify/error';
import type { FastifyPluginAsync } from 'fastify';
import { etagMatches } from '../../plugins/http-cache.js';
import { EmulatorBundler } from './emulator-bundle.js';

export const EmulatorMissing = createError('SS_EMULATOR_MISSING', 'The emulator page is not installed (tv-app/emulator)', 503);

export { EmulatorBuildFailed } from './emulator-bundle.js';

export interface EmulatorRoutesOptions {
  /** The emulator's folder (index.html, src/); default `<rootDir>/tv-app/emulator`. */
  emulatorDir?: string;
}

const EMULATOR_CACHE = {
  header: 'no-cache', // always revalidated: the page follows the TV app's build
};

export const emulatorRoutes: FastifyPluginAsync<EmulatorRoutesOptions> = async (app, options) => {
  const emulatorDir = options.emulatorDir ?? join(app.settings.rootDir, 'tv-app', 'emulator');
  const bundler = new EmulatorBundler(emulatorDir);

  app.get('/emulator', { schema: { hide: true } }, async (_req, reply) => {
    const html = await readFile(join(emulatorDir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) throw new EmulatorMissing();
    return reply.header('Cache-Control', EMULATOR_CACHE.header).type('text/html; charset=utf-8').send(html);
  });

  app.get('/emulator/emulator.js', { schema: { hide: true } }, async (req, reply) => {
    const bundle = await bundler.get();
    const etag = `"${bundle.hash}"`;
    reply.header('Cache-Control', EMULATOR_CACHE.header).header('ETag', etag);
    if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(bundle.code);
  });
};

export default emulatorRoutes;
