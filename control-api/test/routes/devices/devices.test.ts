// POST /v1/devices on the whole app: no credentials, a fresh device id and a token the broker's check
// accepts (the same secret, from the broadcaster key), a per-address limit answered with 429 and a code.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { startHarness, API_KEY, type Harness } from '../../app/harness.js';
import { createDeviceIdentity, deviceSecretFrom, DEVICE_ID_RE } from '../../../src/services/devices/device-identity.js';
import { DEVICE_ROUTE_DEFAULTS, deviceRoutes } from '../../../src/routes/devices/index.js';
import { errorHandler } from '../../../src/plugins/error-handler.js';

describe('routes/devices (POST /v1/devices)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h?.close());

  const register = (ip = '10.0.0.1') => h.inject({ method: 'POST', url: '/v1/devices', remoteAddress: ip });

  it('answers 201 with a new device id and a token derived from it, without credentials', async () => {
    const first = await register();
    const second = await register();
    expect(first.statusCode).to.equal(201);
    expect(first.headers['cache-control']).to.equal('no-store');
    const a = h.json<{ id: string; token: string; name: string }>(first);
    const b = h.json<{ id: string; token: string; name: string }>(second);
    expect(a.id).to.match(DEVICE_ID_RE);
    expect(b.id).to.match(DEVICE_ID_RE).and.not.equal(a.id);
    expect(a.token).to.match(/^[A-Za-z0-9_-]{43}$/).and.not.equal(b.token);
    expect(a.name).to.match(/^Viewer [0-9A-F]{4}$/);
    expect(Object.keys(a).sort()).to.deep.equal(['id', 'name', 'token']);
    // What the broker checks with: the secret derived from the same broadcaster key.
    const broker = createDeviceIdentity(deviceSecretFrom(API_KEY));
    expect(broker.verify(a.id, a.token)).to.equal(true);
    expect(broker.verify(b.id, a.token), "another device's token").to.equal(false);
    expect(broker.nameOf(a.id)).to.equal(a.name);
    expect(createDeviceIdentity(deviceSecretFrom('another-broadcaster-key')).verify(a.id, a.token), 'another server').to.equal(false);
  });

  it('limits registrations per source address: a burst, then 429 SS_DEVICE_RATE_LIMITED until the bucket refills', async () => {
    for (let i = 0; i < DEVICE_ROUTE_DEFAULTS.burst; i++) expect((await register('10.0.0.2')).statusCode, `registration ${i + 1}`).to.equal(201);
    const over = await register('10.0.0.2');
    expect(over.statusCode).to.equal(429);
    expect(h.json(over)).to.include({ statusCode: 429, code: 'SS_DEVICE_RATE_LIMITED' });
    expect(Number(over.headers['retry-after'])).to.be.within(1, 60);
    expect((await register('10.0.0.3')).statusCode, 'another address is not limited').to.equal(201);
    h.clock.advance(60_000 / DEVICE_ROUTE_DEFAULTS.refillPerMinute); // one registration's worth
    expect((await register('10.0.0.2')).statusCode).to.equal(201);
    expect((await register('10.0.0.2')).statusCode).to.equal(429);
  });

  it('is in the OpenAPI document with its reply schema', async () => {
    const doc = h.json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(await h.inject({ method: 'GET', url: '/docs/json' }));
    expect(doc.paths['/v1/devices']?.post?.responses).to.have.property('201');
  });

  it('wants the viewer token where the broker wants one (a device token must not open that broker)', async () => {
    const app = Fastify();
    app.decorate('clock', () => 0);
    await app.register(errorHandler);
    await app.register(deviceRoutes, { devices: createDeviceIdentity(randomBytes(32)), viewerToken: 'tok-123' });
    try {
      const without = await app.inject({ method: 'POST', url: '/v1/devices' });
      expect(without.statusCode).to.equal(401);
      expect(JSON.parse(without.body)).to.include({ code: 'SS_DEVICE_TOKEN_REQUIRED' });
      expect((await app.inject({ method: 'POST', url: '/v1/devices', headers: { authorization: 'Bearer tok-12' } })).statusCode).to.equal(401);
      expect((await app.inject({ method: 'POST', url: '/v1/devices', headers: { authorization: 'Bearer tok-123' } })).statusCode).to.equal(201);
    } finally {
      await app.close();
    }
  });
});
