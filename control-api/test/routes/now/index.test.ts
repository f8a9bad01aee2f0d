import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';
import { MINUTE, T0 } from '../../store/builders.js';
import type { ChannelNow } from '../../../src/contracts/now.js';

describe('routes/now', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    const a10 = await h.putAsset({ durationMs: 10 * MINUTE });
    await h.createChannel({ id: 'ex', number: 1, name: 'Explicit' });
    await h.inject({ method: 'PUT', url: '/v1/channels/ex/schedule', headers: AUTH, payload: { from: T0, to: T0 + 60 * MINUTE, programs: [{ assetId: a10.id, start: T0 }, { assetId: a10.id, start: T0 + 10 * MINUTE }] } });
    await h.createChannel({ id: 'lp', number: 2, name: 'Loop', loop: { epochMs: T0, items: [{ assetId: a10.id, durationMs: 3 * MINUTE }] } });
  });
  afterEach(() => h.close());

  it('gives server time, current, next and offset for a channel', async () => {
    h.clock.set(T0 + 12 * MINUTE + 345);
    const res = await h.inject({ method: 'GET', url: '/v1/channels/ex/now' });
    expect(res.statusCode).to.equal(200);
    const now = h.json<ChannelNow>(res);
    expect(now.serverTimeMs).to.equal(h.clock.t);
    expect(now.current?.startMs).to.equal(T0 + 10 * MINUTE);
    expect(now.current?.start).to.equal('2026-01-01T00:10:00.000Z');
    expect(now.offsetMs).to.equal(2 * MINUTE + 345);
    expect(now.next).to.equal(null);
    expect(now.channel).to.deep.equal({ id: 'ex', number: 1, name: 'Explicit', logoUrl: null, group: '', startOver: true });
  });

  it('follows a loop channel across its wrap point', async () => {
    h.clock.set(T0 + 3 * MINUTE - 1);
    const before = h.json<ChannelNow>(await h.inject({ method: 'GET', url: '/v1/channels/lp/now' }));
    h.clock.set(T0 + 3 * MINUTE);
    const after = h.json<ChannelNow>(await h.inject({ method: 'GET', url: '/v1/channels/lp/now' }));
    expect([before.current?.id, before.offsetMs, before.next?.id]).to.deep.equal(['lp-c0-i0', 3 * MINUTE - 1, 'lp-c1-i0']);
    expect([after.current?.id, after.offsetMs]).to.deep.equal(['lp-c1-i0', 0]);
  });

  it('lists every enabled channel at /v1/now', async () => {
    h.clock.set(T0 + MINUTE);
    const all = h.json<{ serverTimeMs: number; channels: ChannelNow[] }>(await h.inject({ method: 'GET', url: '/v1/now' }));
    expect(all.serverTimeMs).to.equal(T0 + MINUTE);
    expect(all.channels.map((c) => [c.channel.id, c.offsetMs])).to.deep.equal([['ex', MINUTE], ['lp', MINUTE]]);
  });

  it('keeps its ETag while the same program is on, changes it at the boundary (304 before, 200 after)', async () => {
    h.clock.set(T0 + MINUTE);
    const first = await h.inject({ method: 'GET', url: '/v1/channels/ex/now' });
    const etag = String(first.headers.etag);
    h.clock.set(T0 + 5 * MINUTE);
    const same = await h.inject({ method: 'GET', url: '/v1/channels/ex/now', headers: { 'if-none-match': etag } });
    expect(same.statusCode).to.equal(304);
    h.clock.set(T0 + 10 * MINUTE);
    const next = await h.inject({ method: 'GET', url: '/v1/channels/ex/now', headers: { 'if-none-match': etag } });
    expect(next.statusCode).to.equal(200);
    const allTag = String((await h.inject({ method: 'GET', url: '/v1/now' })).headers.etag);
    expect((await h.inject({ method: 'GET', url: '/v1/now', headers: { 'if-none-match': `"x", ${allTag}` } })).statusCode).to.equal(304);
  });

  it("carries the channel's startOver in its summary, in /v1/channels/:id/now and /v1/now", async () => {
    h.clock.set(T0 + MINUTE);
    const patched = await h.inject({ method: 'PATCH', url: '/v1/channels/lp', headers: AUTH, payload: { startOver: false } });
    expect(patched.statusCode).to.equal(200);
    const lp = h.json<ChannelNow>(await h.inject({ method: 'GET', url: '/v1/channels/lp/now' }));
    expect(lp.channel).to.include({ id: 'lp', startOver: false });
    const all = h.json<{ channels: ChannelNow[] }>(await h.inject({ method: 'GET', url: '/v1/now' }));
    expect(all.channels.map((c) => [c.channel.id, c.channel.startOver])).to.deep.equal([['ex', true], ['lp', false]]);
  });

  it('answers 404 for an unknown channel', async () => {
    const res = await h.inject({ method: 'GET', url: '/v1/channels/nope/now' });
    expect([res.statusCode, h.json(res).code]).to.deep.equal([404, 'SS_CHANNEL_NOT_FOUND']);
  });
});
