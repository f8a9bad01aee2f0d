// Every reply says nosniff and same-origin framing; the outputs players and IPTV apps read (media,
// live streams, IPTV lists) are readable from any origin, preflights included; nothing else of the API
// answers another origin, so a cross-origin mutation never gets past its preflight.
import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../app/harness.js';

describe('plugins/security-headers and open-cors: what other origins may read', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.createChannel({ id: 'cors', number: 77, name: 'Cors' });
  });
  after(() => h.close());

  const origin = { origin: 'https://player.example' };

  it('puts nosniff and same-origin framing on every reply: API, errors, pages', async () => {
    for (const url of ['/v1/channels', '/v1/channels/nope', '/', '/emulator', '/no/such/thing']) {
      const res = await h.inject({ url, headers: origin });
      expect(res.headers['x-content-type-options'], url).to.equal('nosniff');
      expect(res.headers['x-frame-options'], url).to.equal('SAMEORIGIN');
    }
  });

  it('lets any origin read the live streams, IPTV lists and media, errors included, and answers their preflights', async () => {
    for (const url of ['/iptv/channels.m3u', '/live/cors/master.m3u8', '/live/nope/master.m3u8', '/live/nope.ts', '/media/nope/manifest.mpd']) {
      const res = await h.inject({ url, headers: origin });
      expect(res.headers['access-control-allow-origin'], `${url} (${res.statusCode})`).to.equal('*');
    }
    for (const url of ['/live/cors/manifest.mpd', '/iptv/xmltv.xml', '/media/a/seg-0-00001.m4s']) {
      const pre = await h.inject({ method: 'OPTIONS', url, headers: { ...origin, 'access-control-request-method': 'GET' } });
      expect(pre.statusCode, url).to.equal(204);
      expect(pre.headers['access-control-allow-methods'], url).to.equal('GET, HEAD, OPTIONS');
    }
  });

  it('answers no other origin for the API: reads carry no CORS header, a mutation gets no preflight', async () => {
    const read = await h.inject({ url: '/v1/channels', headers: origin });
    expect(read.headers['access-control-allow-origin']).to.equal(undefined);
    const pre = await h.inject({ method: 'OPTIONS', url: '/v1/channels', headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    expect(pre.headers['access-control-allow-origin']).to.equal(undefined);
    expect(pre.headers['access-control-allow-methods']).to.equal(undefined);
    const write = await h.inject({ method: 'POST', url: '/v1/channels', headers: { ...origin, ...AUTH }, payload: { id: 'x2', number: 78, name: 'X' } });
    expect(write.headers['access-control-allow-origin'], 'a same-key mutation is not made readable cross-origin').to.equal(undefined);
  });
});
