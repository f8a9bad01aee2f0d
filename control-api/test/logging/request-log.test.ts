// The API logs through the logger it is given (Fastify's loggerInstance): no line per request at
// info (as before), the per-request lines at debug, and a failing request as an error of the API.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { silentLogger } from '../../src/contracts/logger.js';
import type { LogSettings } from '../../src/logging/create-logger.js';
import { EmbeddedStore } from '../../src/store/embedded-store.js';
import { TempDirs } from '../store/temp-dirs.js';
import { captureLogger, type CapturedLog } from '../../src/logging/capture-logger.js';

const SETTINGS = fileURLToPath(new URL('../../../settings.json', import.meta.url));

describe('logging/request-log (the API on the given logger)', () => {
  const temp = new TempDirs();
  let app: FastifyInstance | null = null;
  let store: EmbeddedStore | null = null;
  afterEach(async () => {
    await app?.close();
    await store?.close();
    app = null;
    store = null;
    await temp.removeAll();
  });

  async function start(level: LogSettings['level']): Promise<CapturedLog> {
    const dataDir = await temp.make();
    const settings = { ...loadSettings(SETTINGS, {}), dataDir, contentDir: dataDir };
    store = await EmbeddedStore.open({ dataDir, logger: silentLogger() });
    const log = captureLogger(level);
    const boom = async (a: FastifyInstance) => {
      a.get('/boom', async () => {
        throw new Error('kaput');
      });
    };
    app = await buildApp({ settings, store, apiKey: 'k'.repeat(32), logger: log.logger.child({ component: 'api' }), plugins: [boom] });
    return log;
  }

  it('at info, a request writes no line', async () => {
    const log = await start('info');
    expect((await app?.inject({ method: 'GET', url: '/health' }))?.statusCode).to.equal(200);
    expect((await app?.inject({ method: 'GET', url: '/no-such-route' }))?.statusCode).to.equal(404);
    expect(log.records.map((r) => r.msg)).to.deep.equal([]);
  });

  it('at debug, each request is two debug lines of the API, with its request id', async () => {
    const log = await start('debug');
    await app?.inject({ method: 'GET', url: '/health' });
    const lines = log.records.filter((r) => r.msg === 'incoming request' || r.msg === 'request completed');
    expect(lines.map((r) => r.msg)).to.deep.equal(['incoming request', 'request completed']);
    for (const r of lines) expect(r).to.include({ level: 'debug', component: 'api' }).and.to.have.property('reqId');
  });

  it('a request that fails is an error record of the API, whatever the level above debug', async () => {
    const log = await start('info');
    expect((await app?.inject({ method: 'GET', url: '/boom' }))?.statusCode).to.equal(500);
    const errors = log.at('error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ component: 'api', msg: 'request failed' });
    expect(errors[0]?.err).to.deep.include({ message: 'kaput' });
  });
});
