import { expect } from 'chai';
import { AUTH, snapshot, startHarness, type Harness } from '../../app/harness.js';

describe('routes/channels', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('creates, lists by number, gets, updates and deletes a channel', async () => {
    const b = await h.createChannel({ id: 'b', number: 20, name: 'Bravo', group: 'News', logoUrl: 'https://cdn.example/b.png' });
    expect(b).to.include({ id: 'b', number: 20, name: 'Bravo', group: 'News', enabled: true, startOver: true, loop: null });
    const a = await h.createChannel({ number: 3, name: 'Ålpha ✓' });
    expect(a.id).to.match(/^ch_[A-Za-z0-9_-]+$/);

    const list = h.json<{ channels: Array<{ id: string }> }>(await h.inject({ method: 'GET', url: '/v1/channels' }));
    expect(list.channels.map((c) => c.id)).to.deep.equal([a.id, 'b']);
    const got = await h.inject({ method: 'GET', url: '/v1/channels/b' });
    expect(h.json(got)).to.deep.equal(b);

    h.clock.advance(1000);
    const patched = await h.inject({ method: 'PATCH', url: '/v1/channels/b', headers: AUTH, payload: { name: 'Bravo 2', enabled: false } });
    expect(patched.statusCode).to.equal(200);
    expect(h.json(patched)).to.include({ name: 'Bravo 2', enabled: false, number: 20, createdAt: b.createdAt, updatedAt: h.clock.t });

    const deleted = await h.inject({ method: 'DELETE', url: '/v1/channels/b', headers: AUTH });
    expect(deleted.statusCode).to.equal(204);
    const gone = await h.inject({ method: 'GET', url: '/v1/channels/b' });
    expect(gone.statusCode).to.equal(404);
    expect(h.json(gone).code).to.equal('SS_CHANNEL_NOT_FOUND');
  });

  it('answers 409 on a taken number or id, on create and on update, changing nothing', async () => {
    await h.createChannel({ id: 'one', number: 1, name: 'One' });
    await h.createChannel({ id: 'two', number: 2, name: 'Two' });
    const before = await snapshot(h);
    const clashes = [
      { method: 'POST' as const, url: '/v1/channels', payload: { number: 1, name: 'Again' }, code: 'SS_CHANNEL_NUMBER_TAKEN' },
      { method: 'POST' as const, url: '/v1/channels', payload: { id: 'one', number: 9, name: 'Again' }, code: 'SS_CHANNEL_ID_TAKEN' },
      { method: 'PATCH' as const, url: '/v1/channels/two', payload: { number: 1 }, code: 'SS_CHANNEL_NUMBER_TAKEN' },
    ];
    for (const c of clashes) {
      const res = await h.inject({ method: c.method, url: c.url, headers: AUTH, payload: c.payload });
      expect(res.statusCode, c.code).to.equal(409);
      expect(h.json(res).code).to.equal(c.code);
    }
    expect(await snapshot(h)).to.equal(before);
  });

  it('validates a loop against the assets (422 for unknown or unready ones)', async () => {
    const ready = await h.putAsset();
    const processing = await h.putAsset({ status: 'processing' });
    const unknown = await h.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'L', loop: { epochMs: 0, items: [{ assetId: 'nope' }] } } });
    expect([unknown.statusCode, h.json(unknown).code]).to.deep.equal([422, 'SS_ASSET_UNKNOWN']);
    const unready = await h.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'L', loop: { epochMs: 0, items: [{ assetId: ready.id }, { assetId: processing.id }] } } });
    expect([unready.statusCode, h.json(unready).code]).to.deep.equal([422, 'SS_ASSET_NOT_READY']);
    const clip = await h.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'L', loop: { epochMs: 0, items: [{ assetId: ready.id, inMs: ready.durationMs }] } } });
    expect([clip.statusCode, h.json(clip).code]).to.deep.equal([422, 'SS_INVALID_SCHEDULE']);
    const ok = await h.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'L', loop: { epochMs: 0, items: [{ assetId: ready.id }] } } });
    expect(ok.statusCode).to.equal(201);
  });

  it('answers 404 for updates and deletes of unknown channels', async () => {
    const patch = await h.inject({ method: 'PATCH', url: '/v1/channels/nope', headers: AUTH, payload: { name: 'x' } });
    const del = await h.inject({ method: 'DELETE', url: '/v1/channels/nope', headers: AUTH });
    expect([patch.statusCode, h.json(patch).code]).to.deep.equal([404, 'SS_CHANNEL_NOT_FOUND']);
    expect([del.statusCode, h.json(del).code]).to.deep.equal([404, 'SS_CHANNEL_NOT_FOUND']);
  });

  it('caches the list with an ETag that changes with the lineup', async () => {
    await h.createChannel({ number: 1, name: 'One' });
    const first = await h.inject({ method: 'GET', url: '/v1/channels' });
    const etag = String(first.headers.etag);
    expect(first.headers['cache-control']).to.equal(`public, max-age=${h.settings.services.cache.lineupMaxAgeSeconds}`);
    const again = await h.inject({ method: 'GET', url: '/v1/channels', headers: { 'if-none-match': etag } });
    expect(again.statusCode).to.equal(304);
    expect(again.body).to.equal('');
    await h.createChannel({ number: 2, name: 'Two' });
    const changed = await h.inject({ method: 'GET', url: '/v1/channels', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).to.equal(200);
    expect(changed.headers.etag).to.not.equal(etag);
  });

  it('takes startOver on create (default true), returns it on every read and changes it by a patch', async () => {
    const c = await h.createChannel({ id: 'news', number: 7, name: 'News', startOver: false });
    expect(c.startOver).to.equal(false);
    expect(h.json(await h.inject({ method: 'GET', url: '/v1/channels/news' }))).to.include({ startOver: false });
    const list = h.json<{ channels: Array<{ id: string; startOver: boolean }> }>(await h.inject({ method: 'GET', url: '/v1/channels' }));
    expect(list.channels.map((x) => [x.id, x.startOver])).to.deep.equal([['news', false]]);

    const patched = await h.inject({ method: 'PATCH', url: '/v1/channels/news', headers: AUTH, payload: { startOver: true } });
    expect(patched.statusCode).to.equal(200);
    expect(h.json(patched)).to.include({ startOver: true, name: 'News' });
    expect(h.json(await h.inject({ method: 'GET', url: '/v1/channels/news' }))).to.include({ startOver: true });
    const other = await h.inject({ method: 'PATCH', url: '/v1/channels/news', headers: AUTH, payload: { name: 'News 24' } });
    expect(h.json(other)).to.include({ startOver: true, name: 'News 24' });

    const bad = await h.inject({ method: 'PATCH', url: '/v1/channels/news', headers: AUTH, payload: { startOver: 'no' } });
    expect([bad.statusCode, h.json(bad).code]).to.deep.equal([400, 'SS_BAD_REQUEST']);
  });

  it('serves a channel stored before startOver existed as allowing start-over', async () => {
    await h.store.createChannel({ id: 'old', number: 1, name: 'Old', logoUrl: null, group: '', enabled: true, loop: null, createdAt: 0, updatedAt: 0 });
    expect(h.json(await h.inject({ method: 'GET', url: '/v1/channels/old' }))).to.include({ id: 'old', startOver: true });
    const list = h.json<{ channels: Array<{ startOver: boolean }> }>(await h.inject({ method: 'GET', url: '/v1/channels' }));
    expect(list.channels.map((x) => x.startOver)).to.deep.equal([true]);
    const patched = await h.inject({ method: 'PATCH', url: '/v1/channels/old', headers: AUTH, payload: { startOver: false } });
    expect(h.json(patched)).to.include({ startOver: false });
  });
});
