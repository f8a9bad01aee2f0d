import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';
import { MINUTE, T0 } from '../../store/builders.js';

interface StreamBody {
  serverTimeMs: number;
  channel: { id: string };
  program: { id: string; startMs: number } | null;
  dashUrl: string | null;
  hlsUrl: string | null;
  offsetMs: number | null;
  segment: { index: number; number: number; url: string; startMs: number } | null;
}

describe('routes/stream', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    const a = await h.putAsset({ id: 'asset-a', durationMs: 10 * MINUTE, segmentSeconds: 2 });
    await h.createChannel({ id: 'first', number: 1, name: 'First', loop: { epochMs: T0, items: [{ assetId: a.id }] } });
    await h.createChannel({ id: 'second', number: 2, name: 'Second', loop: { epochMs: T0 + 1000, items: [{ assetId: a.id }] } });
  });
  afterEach(() => h.close());

  it('gives the channel, program, manifests, offset and current segment', async () => {
    h.clock.set(T0 + 5_500);
    const res = await h.inject({ method: 'GET', url: '/stream/viewer-1?channel=second' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    const body = h.json<StreamBody>(res);
    expect(body).to.include({ serverTimeMs: T0 + 5_500, offsetMs: 4_500, dashUrl: '/media/asset-a/manifest.mpd', hlsUrl: '/media/asset-a/master.m3u8' });
    expect(body.channel.id).to.equal('second');
    expect(body.segment).to.deep.include({ index: 2, number: 3, startMs: 4_000, url: '/media/asset-a/seg-0-00003.m4s' });
  });

  it("remembers each viewer's last channel; unknown viewers get the lowest-numbered channel", async () => {
    h.clock.set(T0 + MINUTE);
    await h.inject({ method: 'GET', url: '/stream/viewer-1?channel=second' });
    const remembered = h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/viewer-1' }));
    const fresh = h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/viewer-2' }));
    expect([remembered.channel.id, fresh.channel.id]).to.deep.equal(['second', 'first']);
    // Renamed and renumbered: still the viewer's channel.
    expect((await h.inject({ method: 'PATCH', url: '/v1/channels/second', headers: AUTH, payload: { name: 'Second Renamed', number: 7 } })).statusCode).to.equal(200);
    expect(h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/viewer-1' })).channel.id).to.equal('second');
    // Off the air: the default, until it is back.
    await h.inject({ method: 'PATCH', url: '/v1/channels/second', headers: AUTH, payload: { enabled: false } });
    expect(h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/viewer-1' })).channel.id).to.equal('first');
    await h.inject({ method: 'GET', url: '/stream/viewer-1?channel=second' });
    await h.inject({ method: 'PATCH', url: '/v1/channels/second', headers: AUTH, payload: { enabled: true } });
    expect(h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/viewer-1' })).channel.id).to.equal('second');
    await h.inject({ method: 'DELETE', url: '/v1/channels/second', headers: AUTH });
    const after = h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/viewer-1' }));
    expect(after.channel.id).to.equal('first');
  });

  it("answers a device's user id only with its token: no one else reads or changes what it watches", async () => {
    h.clock.set(T0 + MINUTE);
    const device = h.json<{ id: string; token: string }>(await h.inject({ method: 'POST', url: '/v1/devices' }));
    const other = h.json<{ id: string; token: string }>(await h.inject({ method: 'POST', url: '/v1/devices' }));
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const tuned = await h.inject({ method: 'GET', url: `/stream/${device.id}?channel=second`, headers: as(device.token) });
    expect(tuned.statusCode).to.equal(200);
    for (const headers of [{}, as(other.token), as('x'.repeat(43)), { authorization: device.token }]) {
      for (const url of [`/stream/${device.id}?channel=first`, `/stream/${device.id}`]) {
        const refused = await h.inject({ method: 'GET', url, headers });
        expect(refused.statusCode, `${url} ${JSON.stringify(headers)}`).to.equal(401);
        expect(h.json<{ code: string }>(refused).code).to.equal('SS_DEVICE_PROOF_REQUIRED');
        expect(refused.headers['www-authenticate']).to.match(/^Bearer /);
      }
    }
    const mine = h.json<StreamBody>(await h.inject({ method: 'GET', url: `/stream/${device.id}`, headers: as(device.token) }));
    expect(mine.channel.id, 'still what the device tuned').to.equal('second');
  });

  it('says nothing is on (nulls) before a loop starts, 404 for an unknown channel or an empty lineup', async () => {
    h.clock.set(T0 - 1);
    const early = h.json<StreamBody>(await h.inject({ method: 'GET', url: '/stream/v?channel=first' }));
    expect([early.program, early.offsetMs, early.segment, early.dashUrl]).to.deep.equal([null, null, null, null]);
    const unknown = await h.inject({ method: 'GET', url: '/stream/v?channel=nope' });
    expect([unknown.statusCode, h.json(unknown).code]).to.deep.equal([404, 'SS_CHANNEL_NOT_FOUND']);
    await h.inject({ method: 'DELETE', url: '/v1/channels/first', headers: AUTH });
    await h.inject({ method: 'DELETE', url: '/v1/channels/second', headers: AUTH });
    const empty = await h.inject({ method: 'GET', url: '/stream/v' });
    expect([empty.statusCode, h.json(empty).code]).to.deep.equal([404, 'SS_NO_CHANNEL']);
  });

  it('refuses malformed viewer ids and channel ids with 400', async () => {
    for (const url of ['/stream/a%20b', `/stream/${'x'.repeat(65)}`, '/stream/v?channel=%7B%22%24gt%22%3A%22%22%7D']) {
      const res = await h.inject({ method: 'GET', url });
      expect([res.statusCode, h.json(res).code], url).to.deep.equal([400, 'SS_BAD_REQUEST']);
    }
  });
});
