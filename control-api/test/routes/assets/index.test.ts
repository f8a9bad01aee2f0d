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

  it('lists an asset\'s audio and text tracks (language, label, kind) and refuses an unknown kind', async () => {
    const tracks = {
      audioTracks: [{ id: '2', lang: 'en', label: 'English', channels: 2 }, { id: '3', lang: 'fr', label: 'French', channels: 2 }],
      textTracks: [
        { id: 'text-0', lang: 'en', label: 'English (CC)', kind: 'captions', source: 'stream' },
        { id: 'text-1', lang: 'fr', label: 'French', kind: 'subtitles', source: 'sidecar' },
      ],
    };
    const put = await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, ...tracks } });
    expect(put.statusCode).to.equal(200);
    expect(h.json(await h.inject({ method: 'GET', url: '/v1/assets/abc' }))).to.deep.include(tracks);
    const list = h.json<{ assets: Array<Record<string, unknown>> }>(await h.inject({ method: 'GET', url: '/v1/assets' }));
    expect(list.assets[0]).to.deep.include(tracks);
    const bad = { ...tracks, textTracks: [{ ...tracks.textTracks[0], kind: 'karaoke' }] };
    expect((await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, ...bad } })).statusCode).to.equal(400);
  });

  it('answers 404 SS_ASSET_NOT_FOUND for an unknown asset', async () => {
    const res = await h.inject({ method: 'GET', url: '/v1/assets/nope' });
    expect([res.statusCode, h.json(res).code]).to.deep.equal([404, 'SS_ASSET_NOT_FOUND']);
  });

  describe('ratings', () => {
    const tv14 = { scheme: 'us-tv', value: 'TV-14' };
    const rate = (payload: unknown, headers: Record<string, string> = AUTH) =>
      h.inject({ method: 'PUT', url: '/v1/assets/abc/rating', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

    it('PUT /v1/assets/:id/rating sets and (with null) clears the rating; GET shows it', async () => {
      await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: body });
      h.clock.advance(1000);
      const set = await rate(tv14);
      expect(set.statusCode, set.body).to.equal(200);
      expect(h.json(set)).to.deep.include({ id: 'abc', rating: tv14, updatedAt: h.clock.t });
      expect(h.json(await h.inject({ method: 'GET', url: '/v1/assets/abc' })).rating).to.deep.equal(tv14);
      const age = await rate({ scheme: 'age', value: 16 });
      expect(h.json(age).rating).to.deep.equal({ scheme: 'age', value: 16 });
      const cleared = await rate(null);
      expect(cleared.statusCode, cleared.body).to.equal(200);
      expect(h.json(cleared).rating).to.equal(null);
      expect((await h.store.getAsset('abc'))?.rating).to.equal(null);
    });

    it('the asset PUT takes a rating; left out, the asset keeps the one it has (a re-registration); null clears it', async () => {
      const rated = h.json(await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, rating: { scheme: 'mpaa', value: 'R' } } }));
      expect(rated.rating).to.deep.equal({ scheme: 'mpaa', value: 'R' });
      const again = h.json(await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: body }));
      expect(again.rating).to.deep.equal({ scheme: 'mpaa', value: 'R' });
      const cleared = h.json(await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, rating: null } }));
      expect(cleared.rating).to.equal(null);
      const fresh = h.json(await h.inject({ method: 'PUT', url: '/v1/assets/new', headers: AUTH, payload: body }));
      expect(fresh).to.not.have.property('rating');
    });

    it('refuses a value outside its scheme with 422 SS_INVALID_RATING naming the allowed values, and changes nothing', async () => {
      await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, rating: tv14 } });
      const cases: Array<[unknown, RegExp]> = [
        [{ scheme: 'us-tv', value: 'R' }, /^Invalid rating at body: us-tv ratings are TV-Y, TV-Y7, TV-G, TV-PG, TV-14 or TV-MA, not "R"$/],
        [{ scheme: 'mpaa', value: 'TV-MA' }, /mpaa ratings are G, PG, PG-13, R or NC-17, not "TV-MA"/],
        [{ scheme: 'age', value: 22 }, /age ratings are whole years from 0 to 21, not 22/],
        [{ scheme: 'age', value: '16' }, /age ratings are whole years from 0 to 21, not "16"/],
        [{ scheme: 'fsk', value: '16' }, /the rating scheme is us-tv, mpaa or age, not "fsk"/],
        [{ scheme: 'us-tv', value: 'TV-14', extra: true }, /only a scheme and a value/],
        ['TV-14', /a rating is an object \{scheme, value\}/],
      ];
      for (const [bad, message] of cases) {
        const res = await rate(bad);
        expect([res.statusCode, h.json(res).code], res.body).to.deep.equal([422, 'SS_INVALID_RATING']);
        expect(h.json(res).message).to.match(message);
      }
      const inAsset = await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: { ...body, rating: { scheme: 'us-tv', value: 'PG-13' } } });
      expect([inAsset.statusCode, h.json(inAsset).code]).to.deep.equal([422, 'SS_INVALID_RATING']);
      expect(h.json(inAsset).message).to.match(/^Invalid rating at rating: us-tv ratings are TV-Y, .* or TV-MA, not "PG-13"$/);
      expect((await h.store.getAsset('abc'))?.rating).to.deep.equal(tv14);
    });

    it('needs the broadcaster key (401 before the body is looked at) and a known asset (404)', async () => {
      await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: body });
      const anonymous = await rate({ scheme: 'us-tv', value: 'R' }, {});
      expect([anonymous.statusCode, h.json(anonymous).code]).to.deep.equal([401, 'SS_UNAUTHORIZED']);
      const unknown = await h.inject({ method: 'PUT', url: '/v1/assets/nope/rating', headers: AUTH, payload: tv14 });
      expect([unknown.statusCode, h.json(unknown).code]).to.deep.equal([404, 'SS_ASSET_NOT_FOUND']);
      expect(await h.store.getAsset('nope')).to.equal(null);
    });
  });

  it('refuses invalid assets with 400 and stores nothing', async () => {
    for (const bad of [{ ...body, status: 'done' }, { ...body, durationMs: -1 }, { ...body, dashUrl: 'javascript:alert(1)' }, { ...body, extra: 1 }]) {
      const res = await h.inject({ method: 'PUT', url: '/v1/assets/abc', headers: AUTH, payload: bad });
      expect([res.statusCode, h.json(res).code]).to.deep.equal([400, 'SS_BAD_REQUEST']);
    }
    expect(await h.store.listAssets()).to.deep.equal([]);
  });
});
