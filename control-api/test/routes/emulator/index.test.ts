import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler } from '../../../src/plugins/error-handler.js';
import { emulatorRoutes } from '../../../src/routes/emulator/index.js';

const EMULATOR_DIR = fileURLToPath(new URL('../../../../tv-app/emulator', import.meta.url));

async function buildServer(emulatorDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(errorHandler);
  await app.register(emulatorRoutes, { emulatorDir });
  await app.ready();
  return app;
}

describe('routes/emulator', function () {
  this.timeout(30_000);
  let dir: string;
  let app: FastifyInstance | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-emulator-'));
    await cp(EMULATOR_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await app?.close();
    app = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page at /emulator and its script bundled from the TypeScript sources', async () => {
    app = await buildServer(dir);
    const page = await app.inject({ url: '/emulator' });
    expect(page.statusCode).to.equal(200);
    expect(page.headers['content-type']).to.match(/text\/html/);
    expect(page.headers['cache-control']).to.equal('no-cache');
    expect(page.body).to.contain('src="/emulator/emulator.js"');

    const js = await app.inject({ url: '/emulator/emulator.js' });
    expect(js.statusCode).to.equal(200);
    expect(js.headers['content-type']).to.match(/javascript/);
    expect(js.body).to.contain('streamsyncEmulator');
    expect(js.body).not.to.match(/^import /m); // one self-contained bundle
    expect(js.body).not.to.contain(': HTMLElement'); // types stripped
    const etag = js.headers.etag;
    expect(etag).to.be.a('string');

    const again = await app.inject({ url: '/emulator/emulator.js', headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).to.equal(304);
  });

  it('rebuilds when a source changes (new ETag, new code)', async () => {
    app = await buildServer(dir);
    const first = await app.inject({ url: '/emulator/emulator.js' });
    await writeFile(join(dir, 'src', 'extra-marker.ts'), 'export const MARKER = "rebuilt-marker-7";\n');
    await writeFile(join(dir, 'src', 'main.ts'), `import { MARKER } from './extra-marker.js';\nconsole.log(MARKER);\n`);
    const second = await app.inject({ url: '/emulator/emulator.js' });
    expect(second.statusCode).to.equal(200);
    expect(second.headers.etag).not.to.equal(first.headers.etag);
    expect(second.body).to.contain('rebuilt-marker-7');
  });

  it('answers a coded error when the sources do not compile, and recovers once fixed', async () => {
    await writeFile(join(dir, 'src', 'main.ts'), 'const = ;\n');
    app = await buildServer(dir);
    const broken = await app.inject({ url: '/emulator/emulator.js' });
    expect(broken.statusCode).to.equal(500);
    expect(broken.json().code).to.equal('SS_EMULATOR_BUILD_FAILED');
    expect(broken.json().message).to.contain('main.ts:1');
    await writeFile(join(dir, 'src', 'main.ts'), 'console.log("fixed");\n');
    expect((await app.inject({ url: '/emulator/emulator.js' })).statusCode).to.equal(200);
  });

  it('answers a coded 503 when the page is not installed', async () => {
    app = await buildServer(join(dir, 'missing'));
    const res = await app.inject({ url: '/emulator' });
    expect(res.statusCode).to.equal(503);
    expect(res.json().code).to.equal('SS_EMULATOR_MISSING');
    const js = await app.inject({ url: '/emulator/emulator.js' });
    expect(js.statusCode).to.equal(500);
    expect(js.json().code).to.equal('SS_EMULATOR_BUILD_FAILED');
  });
});
