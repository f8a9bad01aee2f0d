import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../app/harness.js';

describe('plugins/error-handler', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('answers 503 SS_STORE_UNAVAILABLE when the store is gone, and keeps serving what it holds', async () => {
    await h.createChannel({ id: 'ch1', number: 1, name: 'One' });
    await h.inject({ method: 'GET', url: '/v1/channels/ch1/now' }); // loads the index
    await h.store.close();
    const res = await h.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 2, name: 'Two' } });
    expect(res.statusCode).to.equal(503);
    expect(JSON.parse(res.body)).to.deep.equal({ statusCode: 503, code: 'SS_STORE_UNAVAILABLE', message: 'The store is unavailable, try again shortly' });
    expect((await h.inject({ method: 'GET', url: '/v1/channels/ch1/now' })).statusCode).to.equal(200);
  });

  it('never leaks internals of an unexpected error', async () => {
    h.app.lineup.now = async () => {
      throw new Error('secret internals');
    };
    const res = await h.inject({ method: 'GET', url: '/v1/channels/ch1/now' });
    expect(res.statusCode).to.equal(500);
    expect(JSON.parse(res.body)).to.deep.equal({ statusCode: 500, code: 'SS_INTERNAL', message: 'Internal server error' });
  });
});
