// A few requests over real HTTP (127.0.0.1, port 0): the server path, headers and docs as a browser sees them.
import { expect } from 'chai';
import { listen } from '../../src/server.js';
import { AUTH, startHarness, type Harness } from './harness.js';
import { MINUTE, T0 } from '../store/builders.js';

describe('app over real HTTP', () => {
  let h: Harness;
  let base: string;
  before(async () => {
    h = await startHarness();
    ({ baseUrl: base } = await listen(h.app, { host: '127.0.0.1', port: 0 }));
  });
  after(() => h.close());

  it('listens on the given host and reports a URL with the real port', () => {
    expect(base).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(base.endsWith(':0')).to.equal(false);
  });

  it('creates a channel with the key, refuses without, and serves now with ETag/304', async () => {
    const asset = await h.putAsset({ durationMs: 10 * MINUTE });
    const refused = await fetch(`${base}/v1/channels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"number":1,"name":"One"}' });
    expect(refused.status).to.equal(401);
    expect(((await refused.json()) as { code: string }).code).to.equal('SS_UNAUTHORIZED');
    const created = await fetch(`${base}/v1/channels`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'http1', number: 1, name: 'One', loop: { epochMs: T0, items: [{ assetId: asset.id }] } }),
    });
    expect(created.status).to.equal(201);
    await created.arrayBuffer();
    h.clock.set(T0 + 1234);
    const now = await fetch(`${base}/v1/channels/http1/now`);
    expect(now.status).to.equal(200);
    expect(((await now.json()) as { offsetMs: number }).offsetMs).to.equal(1234);
    const etag = now.headers.get('etag');
    expect(etag).to.be.a('string');
    const again = await fetch(`${base}/v1/channels/http1/now`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).to.equal(304);
    await again.arrayBuffer();
  });

  it('answers malformed JSON over the wire with a coded 400', async () => {
    const res = await fetch(`${base}/v1/channels`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"number": 1, "name": ' });
    expect(res.status).to.equal(400);
    expect(await res.json()).to.include({ code: 'SS_MALFORMED_JSON' });
  });

  it('serves the OpenAPI document and Swagger UI from this server (no CDN)', async () => {
    const spec = (await (await fetch(`${base}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).to.match(/^3\./);
    for (const path of ['/v1/channels', '/v1/channels/{id}/now', '/v1/now', '/v1/epg', '/v1/epg.xml', '/v1/channels/{id}/schedule', '/stream/{userId}', '/sync', '/v1/assets/{id}']) {
      expect(spec.paths, path).to.have.property(path);
    }
    const page = await fetch(`${base}/docs/`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.contain('swagger');
    const external = [...html.matchAll(/(?:src|href)="(https?:)?\/\//g)];
    expect(external, 'no external assets').to.have.length(0);
    const script = html.match(/src="\.?\/?(static\/[^"]+\.js)"/)?.[1];
    expect(script, 'a local script').to.be.a('string');
    const asset = await fetch(`${base}/docs/${script}`);
    expect(asset.status).to.equal(200);
    expect((await asset.arrayBuffer()).byteLength).to.be.above(1000);
  });
});
