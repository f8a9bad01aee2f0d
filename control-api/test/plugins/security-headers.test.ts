// Every reply says nosniff and same-origin framing; the outputs players and IPTV apps read (media,
// live streams, IPTV lists) are readable from any origin, preflights included; nothing else of the API
// answers another origin, so a cross-origin mutation never gets past its preflight.
import { expect } from 'chai';
import Fastify from 'fastify';
import { AUTH, startHarness, type Harness } from '../app/harness.js';
import { pagePolicy, securityHeaders, urlOrigin } from '../../src/plugins/security-headers.js';

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

  it('gives every page (the TV app, its starting page, the emulator) a Content-Security-Policy, and JSON none', async () => {
    for (const url of ['/', '/emulator']) {
      const res = await h.inject({ url, headers: { host: 'tv.local:8080' } });
      expect(String(res.headers['content-type']), url).to.match(/^text\/html/);
      const csp = String(res.headers['content-security-policy'] ?? '');
      const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
      expect(directives.get('default-src'), `${url}: ${csp}`).to.deep.equal(["'self'"]);
      expect(directives.get('script-src'), 'own scripts; Lightning compiles accessors with new Function').to.deep.equal(["'self'", "'unsafe-eval'"]);
      expect(directives.get('object-src')).to.deep.equal(["'none'"]);
      expect(directives.get('frame-ancestors')).to.deep.equal(["'self'"]);
      expect(directives.get('media-src'), 'Shaka plays MediaSource blob: URLs').to.include('blob:');
      expect(directives.get('connect-src'), 'MQTT over WebSocket to this server').to.include.members(["'self'", 'ws://tv.local:8080', 'wss://tv.local:8080']);
    }
    const json = await h.inject({ url: '/v1/channels' });
    expect(json.headers['content-security-policy']).to.equal(undefined);
  });

  it('lets the pages reach the API and broker origins the TV settings name, and nothing else', async () => {
    expect(urlOrigin('https://api.example:8443/base')).to.equal('https://api.example:8443');
    expect(urlOrigin('wss://mqtt.example/ws')).to.equal('wss://mqtt.example');
    for (const notAnOrigin of ['', '/relative', 'javascript:alert(1)', 'not a url']) expect(urlOrigin(notAnOrigin), notAnOrigin).to.equal(null);
    const app = Fastify();
    await app.register(securityHeaders, { tvUrls: ['https://api.example:8443/', 'wss://mqtt.example/ws', 'javascript:alert(1)', ''] });
    app.get('/page', async (_req, reply) => reply.type('text/html').send('<p>page</p>'));
    const csp = String((await app.inject({ url: '/page', headers: { host: 'tv.local' } })).headers['content-security-policy']);
    expect(csp).to.equal(pagePolicy('tv.local', ['https://api.example:8443', 'wss://mqtt.example']));
    expect(csp).to.contain("connect-src 'self' ws://tv.local wss://tv.local https://api.example:8443 wss://mqtt.example");
    expect(csp).to.not.contain('javascript');
    await app.close();
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
