import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler } from '../../../src/plugins/error-handler.js';
import { tvAppRoutes } from '../../../src/routes/tv-app/index.js';
import { StartupStatus } from '../../../src/services/startup-status.js';

async function buildServer(buildDir: string, logLines?: string[]): Promise<FastifyInstance> {
  const app = Fastify({ logger: logLines ? { level: 'warn', stream: { write: (line: string) => logLines.push(line) } } : false });
  app.decorate('startup', new StartupStatus());
  await app.register(errorHandler);
  await app.register(tvAppRoutes, { buildDir });
  app.get('/v1/ping', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('routes/tv-app', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-tv-app-'));
  });
  afterEach(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache and the bundle revalidated, static assets cacheable', async () => {
    await writeFile(join(dir, 'index.html'), '<!DOCTYPE html><title>tv</title>');
    await writeFile(join(dir, 'appBundle.js'), 'var APP=1;');
    await mkdir(join(dir, 'static'));
    await writeFile(join(dir, 'static', 'logo.png'), 'png');
    app = await buildServer(dir);

    const index = await app.inject({ url: '/' });
    expect(index.statusCode).to.equal(200);
    expect(index.headers['content-type']).to.match(/text\/html/);
    expect(index.headers['cache-control']).to.equal('no-cache');
    expect(index.body).to.contain('<title>tv</title>');

    const bundle = await app.inject({ url: '/appBundle.js' });
    expect(bundle.statusCode).to.equal(200);
    expect(bundle.headers['cache-control']).to.equal('no-cache');
    expect(bundle.headers.etag).to.be.a('string');

    const asset = await app.inject({ url: '/static/logo.png' });
    expect(asset.statusCode).to.equal(200);
    expect(asset.headers['cache-control']).to.match(/max-age=\d+/);
  });

  it("sends the build's compressed copy a TV accepts (brotli, else gzip), with the same caching, and the file itself to the others", async () => {
    const bundle = 'var APP = "' + 'streamsync '.repeat(400) + '";';
    await writeFile(join(dir, 'index.html'), 'x');
    await writeFile(join(dir, 'appBundle.js'), bundle);
    await writeFile(join(dir, 'appBundle.js.br'), brotliCompressSync(bundle));
    await writeFile(join(dir, 'appBundle.js.gz'), gzipSync(bundle));
    app = await buildServer(dir);
    const br = await app.inject({ url: '/appBundle.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).to.equal(200);
    expect(br.headers['content-encoding']).to.equal('br');
    expect(br.headers['cache-control'], 'revalidated like the file itself').to.equal('no-cache');
    expect(String(br.headers.vary)).to.match(/accept-encoding/i);
    expect(br.headers['content-type']).to.match(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).to.equal(bundle);
    expect(br.rawPayload.length).to.be.below(bundle.length / 10);
    const gz = await app.inject({ url: '/appBundle.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).to.equal('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).to.equal(bundle);
    const plain = await app.inject({ url: '/appBundle.js' });
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(plain.body).to.equal(bundle);
  });

  it('leaves other routes alone and answers coded 404s for missing files', async () => {
    await writeFile(join(dir, 'index.html'), 'x');
    app = await buildServer(dir);
    expect((await app.inject({ url: '/v1/ping' })).json()).to.deep.equal({ ok: true });
    const missing = await app.inject({ url: '/nope.js' });
    expect(missing.statusCode).to.equal(404);
    expect(missing.json().code).to.equal('SS_NOT_FOUND');
  });

  it('never serves dot files such as the build stamp', async () => {
    await writeFile(join(dir, 'index.html'), 'x');
    await writeFile(join(dir, '.build-stamp'), 'hash');
    app = await buildServer(dir);
    expect((await app.inject({ url: '/.build-stamp' })).statusCode).to.equal(404);
  });

  it('answers a self-reloading "starting" page before the first build, quietly, and serves the build once it lands', async () => {
    const buildDir = join(dir, 'missing');
    const logLines: string[] = [];
    app = await buildServer(buildDir, logLines);
    expect(logLines, 'nothing logged at warn or above on start').to.deep.equal([]);
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).to.equal(503);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.match(/<meta http-equiv="refresh" content="2">/).and.include('StreamSync TV is starting');
    expect(res.body).to.not.include('npm run build:tv');
    app.startup.setTvApp({ state: 'failed', error: 'esbuild: <unexpected> token' });
    const failed = await app.inject({ url: '/' });
    expect(failed.body).to.include('could not be built: esbuild: &#60;unexpected&#62; token').and.include('content="15"');
    await writeFile(join(buildDir, 'index.html'), '<title>built</title>');
    const later = await app.inject({ url: '/' });
    expect(later.statusCode).to.equal(200);
    expect(later.body).to.contain('built');
  });
});
