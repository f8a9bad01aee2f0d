// Bodies are parsed only by routes that take one, never deeper than the configured nesting, and a
// client that sends its request slowly is cut off after the request timeout (over a real socket).
import { expect } from 'chai';
import { connect } from 'node:net';
import { jsonDepth } from '../../src/plugins/body-guard.js';
import { AUTH, startHarness, type Harness } from '../app/harness.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('plugins/body-guard: bodies only where a route takes one, bounded nesting, request timeout', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ http: { requestTimeoutMs: 1000, jsonMaxDepth: 32 } });
  });
  after(() => h.close());

  it('measures JSON nesting, skipping strings and escapes', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[\\"{"}]}')).to.equal(3);
    expect(jsonDepth('"[[["')).to.equal(0);
    expect(jsonDepth(nested(100), 10)).to.equal(11); // stops counting past the limit
  });

  it('never parses a body sent to a route without one: unknown URLs, OPTIONS on the media origin, GETs', async () => {
    // Not JSON at all: a parse would answer 400; unparsed, each route answers as without a body.
    const junk = { 'content-type': 'application/json' };
    const unknown = await h.inject({ method: 'POST', url: '/no/such/route', headers: junk, payload: '{not json' });
    expect(unknown.statusCode).to.equal(404);
    const options = await h.inject({ method: 'OPTIONS', url: '/media/x', headers: junk, payload: nested(200_000) });
    expect(options.statusCode, options.body).to.be.oneOf([204, 404]);
    const get = await h.inject({ method: 'GET', url: '/v1/channels', headers: junk, payload: '{not json' });
    expect(get.statusCode, get.body).to.equal(200);
  });

  it('parses bodies of routes that take one, after authentication, refusing deep nesting with a coded 400', async () => {
    const noKey = await h.inject({ method: 'POST', url: '/v1/channels', headers: { 'content-type': 'application/json' }, payload: nested(10_000) });
    expect(noKey.statusCode, 'the key is checked before the body is read').to.equal(401);
    const deep = await h.inject({ method: 'POST', url: '/v1/channels', headers: { ...AUTH, 'content-type': 'application/json' }, payload: `{"name":${nested(33)}}` });
    expect([deep.statusCode, h.json(deep).code]).to.deep.equal([400, 'SS_BODY_TOO_DEEP']);
    const broken = await h.inject({ method: 'POST', url: '/v1/channels', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{not json' });
    expect(broken.statusCode).to.equal(400);
    const poisoned = await h.inject({ method: 'POST', url: '/v1/channels', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' });
    expect(poisoned.statusCode, 'prototype poisoning refused as before').to.equal(400);
    const ok = await h.inject({ method: 'POST', url: '/v1/channels', headers: AUTH, payload: { id: 'bg', number: 901, name: 'Body guard' } });
    expect(ok.statusCode, ok.body).to.equal(201);
  });

  it('cuts off a client that never finishes its request, after the request timeout (real socket)', async () => {
    const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const socket = connect(Number(port), '127.0.0.1');
    const startedAt = Date.now();
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(`POST /v1/channels HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.authorization}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`);
    });
    const waited = Date.now() - startedAt;
    expect(reply, 'answered 408 and closed').to.match(/^HTTP\/1\.1 408/);
    expect(reply).to.include('SS_REQUEST_TIMEOUT');
    expect(waited, 'within the timeout and one check interval, with slack for a loaded machine').to.be.within(900, 10_000);
  });
});
