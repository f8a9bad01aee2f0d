// GET /health: up, the store answers, and what the first start is still doing (the TV's waiting
// screen reads the demo lineup's progress here).
import { expect } from 'chai';
import { startHarness, type Harness } from '../../app/harness.js';

describe('routes/health', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('says the store answers, the server time, and no start-up work by default', async () => {
    const body = h.json(await h.inject({ url: '/health' }));
    expect(body).to.deep.include({ status: 'ok', store: { kind: 'embedded', reachable: true }, serverTimeMs: h.clock.now() });
    expect(body.startup).to.deep.equal({ demo: null, tvApp: { state: 'building', error: null } });
  });

  it("carries the demo lineup's progress and the TV app build as the process reports them", async () => {
    h.app.startup.setDemo({ state: 'preparing', done: 2, total: 4, error: null });
    h.app.startup.setTvApp({ state: 'ready', error: null });
    expect(h.json(await h.inject({ url: '/health' })).startup).to.deep.equal({
      demo: { state: 'preparing', done: 2, total: 4, error: null },
      tvApp: { state: 'ready', error: null },
    });
  });
});
