import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';

const body = {
  title: 'Sintel ✓ <b>',
  durationMs: 888_000,
  renditions: [{ name: '720p', width: 1280, height: 720, bandwidth: 3_000_000, codecs: 'avc1.64001f', frameRate: 30 }],
  dashUrl: '/media/abc/manifest.mpd',
  hlsUrl: '/media/abc/master.m3u8',
  segmentSeconds: 2,
  status: 'ready',
};

describe('routes/assets', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('registers, replaces (keeping createdAt), lists and gets assets', async () => {
    const put = await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: body });
    expect(put.statusCode).to.equal(200);
    const created = h.json(put);
    expect(created).to.include({ id: 'abc', title: body.title, description: '', posterUrl: null, createdAt: h.clock.t });
    h.clock.advance(5000);
    const replaced = h.json(await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, status: 'failed' } }));
    expect(replaced).to.include({ status: 'failed', createdAt: created.createdAt, updatedAt: h.clock.t });
    const list = h.json<{ assets: Array<{ id: string }> }>(await h.inject({ method: 'GET', url: '/v1/assets' }));
    expect(list.assets.map((a) => a.id)).to.deep.equal(['abc']);
    const got = await h.inject({ method: 'GET', url: '/v1/assets/abc' });
    expect(h.json(got)).to.deep.equal(replaced);
  });

  it('answers 404 SS_ASSET_NOT_FOUND for an unknown asset', async () => {
    const res = await h.inject({ method: 'GET', url: '/v1/assets/nope' });
    expect([res.statusCode, h.json(res).code]).to.deep.equal([404, 'SS_ASSET_NOT_FOUND']);
  });

  it('refuses invalid assets with 400 and stores nothing', async () => {
    for (const bad of [{ ...body, status: 'done' }, { ...body, durationMs: -1 }, { ...body, dashUrl: 'javascript:alert(1)' }, { ...body, extra: 1 }]) {
      const res = await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: bad });
      expect([res.statusCode, h.json(res).code]).to.deep.equal([400, 'SS_BAD_REQUEST']);
    }
    expect(await h.store.listAssets()).to.deep.equal([]);
  });
});
