import { expect } from 'chai';
import { AUTH, API_KEY, snapshot, startHarness, type Harness } from './harness.js';
import { MINUTE, T0 } from '../store/builders.js';

describe('app: broadcaster key on every mutation', () => {
  let h: Harness;
  let programId: string;
  let overrideId: string;
  beforeEach(async () => {
    h = await startHarness();
    await h.putAsset({ id: 'asset-x', durationMs: 10 * MINUTE });
    await h.createChannel({ id: 'ch1', number: 1, name: 'One' });
    const res = await h.inject({ method: 'PUT', url: '/v1/channels/ch1/schedule', headers: AUTH, payload: { from: T0, to: T0 + 60 * MINUTE, programs: [{ assetId: 'asset-x', start: T0 }] } });
    programId = h.json<{ programs: Array<{ id: string }> }>(res).programs[0]?.id ?? '';
    for (const id of ['shows', 'spare']) await h.inject({ method: 'POST', url: '/v1/collections', headers: AUTH, payload: { id, name: id, items: ['asset-x'] } });
    const override = await h.inject({ method: 'POST', url: '/v1/channels/ch1/overrides', headers: AUTH, payload: { start: T0 + 5 * 60 * MINUTE, end: T0 + 6 * 60 * MINUTE, items: ['asset-x'] } });
    overrideId = h.json<{ id: string }>(override).id;
  });
  afterEach(() => h.close());

  const asset = { title: 'T', durationMs: 1000, dashUrl: '/m/a.mpd', hlsUrl: '/m/a.m3u8', segmentSeconds: 2, status: 'ready' };
  const mutations = (): Array<{ method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: object; ok: number }> => [
    { method: 'POST', url: '/v1/channels', payload: { number: 2, name: 'Two' }, ok: 201 },
    { method: 'PATCH', url: '/v1/channels/ch1', payload: { name: 'Renamed' }, ok: 200 },
    { method: 'PUT', url: '/v1/assets/asset-y', payload: asset, ok: 200 },
    { method: 'PUT', url: '/v1/assets/asset-x/rating', payload: { scheme: 'us-tv', value: 'TV-G' }, ok: 200 },
    { method: 'DELETE', url: `/v1/channels/ch1/schedule/${programId}`, ok: 204 },
    { method: 'PUT', url: '/v1/channels/ch1/schedule', payload: { from: T0, to: T0 + 60 * MINUTE, programs: [] }, ok: 200 },
    { method: 'POST', url: '/v1/channels/ch1/schedule', payload: { assetId: 'asset-x' }, ok: 201 },
    { method: 'POST', url: '/sync', payload: {}, ok: 202 },
    { method: 'POST', url: '/v1/collections', payload: { name: 'New', items: ['asset-x'] }, ok: 201 },
    { method: 'PUT', url: '/v1/collections/spare', payload: { name: 'Spare', items: [] }, ok: 200 },
    { method: 'DELETE', url: '/v1/collections/spare', ok: 204 },
    { method: 'POST', url: '/v1/channels/ch1/overrides', payload: { start: T0 + 2 * 60 * MINUTE, end: T0 + 3 * 60 * MINUTE, items: ['asset-x'] }, ok: 201 },
    { method: 'DELETE', url: `/v1/channels/ch1/overrides/${overrideId}`, ok: 204 },
    { method: 'PUT', url: '/v1/channels/ch1/programming', payload: { timeZone: 'UTC', slots: [{ days: ['mon'], start: '06:00', collection: 'shows' }] }, ok: 200 },
    { method: 'DELETE', url: '/v1/channels/ch1', ok: 204 },
  ];
  const badKeys: Array<[string, Record<string, string>]> = [
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer not-the-key-at-all-000000' }],
    ['the key without Bearer', { authorization: API_KEY }],
    ['Basic auth', { authorization: `Basic ${Buffer.from(`x:${API_KEY}`).toString('base64')}` }],
    ['the key with a suffix', { authorization: `Bearer ${API_KEY}x` }],
  ];

  it('refuses each mutation with 401 SS_UNAUTHORIZED and changes nothing, for every bad key', async () => {
    const before = await snapshot(h);
    for (const m of mutations()) {
      for (const [what, headers] of badKeys) {
        const res = await h.inject({ method: m.method, url: m.url, headers, ...(m.payload ? { payload: m.payload } : {}) });
        expect([res.statusCode, h.json(res).code], `${m.method} ${m.url} with ${what}`).to.deep.equal([401, 'SS_UNAUTHORIZED']);
        expect(res.headers['www-authenticate']).to.match(/^Bearer/);
      }
    }
    expect(await snapshot(h)).to.equal(before);
  });

  it('refuses before reading the body: a bad key with malformed JSON is still 401', async () => {
    const res = await h.inject({ method: 'POST', url: '/v1/channels', headers: { 'content-type': 'application/json' }, payload: '{nope' });
    expect(res.statusCode).to.equal(401);
  });

  it('accepts each mutation with the key', async () => {
    for (const m of mutations()) {
      const res = await h.inject({ method: m.method, url: m.url, headers: AUTH, ...(m.payload ? { payload: m.payload } : {}) });
      expect(res.statusCode, `${m.method} ${m.url}: ${res.body}`).to.equal(m.ok);
    }
  });

  it('lets viewers read without a key', async () => {
    for (const url of ['/v1/channels', '/v1/channels/ch1', '/v1/assets', '/v1/channels/ch1/schedule', '/v1/channels/ch1/now', '/v1/now', '/v1/epg', '/v1/epg.xml', '/stream/v1', '/health', '/v1/collections', '/v1/collections/shows', '/v1/channels/ch1/overrides']) {
      const res = await h.inject({ method: 'GET', url });
      expect(res.statusCode, url).to.equal(200);
    }
  });

  it('documents every mutation of the lineup API as needing the key (OpenAPI security)', async () => {
    const doc = h.json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>(await h.inject({ method: 'GET', url: '/docs/json' }));
    const mine = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/channels') || path.startsWith('/v1/assets') || path.startsWith('/v1/collections') || path === '/sync');
    let mutationsSeen = 0;
    for (const [path, ops] of mine) {
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'get' || method === 'head') continue;
        mutationsSeen += 1;
        expect(op.security, `${method} ${path}`).to.deep.equal([{ broadcasterKey: [] }]);
      }
    }
    expect(mutationsSeen).to.equal(15);
  });
});
