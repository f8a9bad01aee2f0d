import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';

describe('routes/sync', () => {
  let h: Harness;
  let calls: Array<string | undefined>;
  beforeEach(async () => {
    calls = [];
    h = await startHarness({ syncPublisher: { publishSync: (channelId) => calls.push(channelId) } });
    await h.createChannel({ id: 'ch1', number: 1, name: 'One' });
  });
  afterEach(() => h.close());

  it('asks everyone (no body) or one channel to re-sync through the publisher', async () => {
    const all = await h.inject({ method: 'POST', url: '/sync', headers: AUTH });
    expect(all.statusCode).to.equal(202);
    expect(h.json(all)).to.deep.equal({ accepted: true, channelId: null, serverTimeMs: h.clock.t, delivered: true });
    const one = await h.inject({ method: 'POST', url: '/sync', headers: AUTH, payload: { channelId: 'ch1' } });
    expect(h.json(one).channelId).to.equal('ch1');
    const empty = await h.inject({ method: 'POST', url: '/sync', headers: AUTH, payload: {} });
    expect(empty.statusCode).to.equal(202);
    expect(calls).to.deep.equal([undefined, 'ch1', undefined]);
  });

  it('validates: unknown channel 404, unknown fields and wrong types 400, no key 401 — and publishes nothing', async () => {
    const cases: Array<[Record<string, string>, unknown, number, string]> = [
      [AUTH, { channelId: 'nope' }, 404, 'SS_CHANNEL_NOT_FOUND'],
      [AUTH, { channelId: 'ch1', force: true }, 400, 'SS_BAD_REQUEST'],
      [AUTH, { channelId: { $gt: '' } }, 400, 'SS_BAD_REQUEST'],
      [AUTH, [1, 2], 400, 'SS_BAD_REQUEST'],
      [{}, { channelId: 'ch1' }, 401, 'SS_UNAUTHORIZED'],
    ];
    for (const [headers, payload, status, code] of cases) {
      const res = await h.inject({ method: 'POST', url: '/sync', headers, payload: payload as object });
      expect([res.statusCode, h.json(res).code], JSON.stringify(payload)).to.deep.equal([status, code]);
    }
    expect(calls).to.deep.equal([]);
  });

  it('says delivered: false when no broker is attached', async () => {
    const bare = await startHarness();
    try {
      const res = await bare.inject({ method: 'POST', url: '/sync', headers: AUTH });
      expect(bare.json(res)).to.include({ accepted: true, delivered: false });
    } finally {
      await bare.close();
    }
  });
});
