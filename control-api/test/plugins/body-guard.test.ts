// Bodies are parsed only by routes that take one, never deeper than the configured nesting, and a
// client that sends its request slowly is cut off after the request timeout (over a real socket); a
// flood of large nested bodies at routes without one leaves other requests fast.
import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { jsonDepth } from '../../src/plugins/body-guard.js';
import { AUTH, startHarness, type Harness } from '../app/harness.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const FLOOD = { senders: 4, senderPauseMs: 100, watchMs: 2000, everyMs: 20 }; // 1 MB senders and their pause (ms); a viewer's requests, timed

/** One request on its own connection (closed after), resolving with the status once the reply is read. */
function request(url: string, method: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false, headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {} }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(body);
  });
}

describe('plugins/body-guard: bodies only where a route takes one, bounded nesting, request timeout', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ http: { requestTimeoutMs: 1000, jsonMaxDepth: 32 } });
  });
  after(() => h.close());
  let base: string | null = null;
  const listening = async (): Promise<string> => (base ??= await h.app.listen({ host: '127.0.0.1', port: 0 }));

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
    const { port } = new URL(await listening());
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

  it('a flood of 1 MB nested bodies at routes without one leaves other requests fast (real sockets)', async () => {
    const address = await listening();
    const body = Buffer.from(nested(500_000)); // 1 MB: parsing one took 0.13-0.8 s and pushed round trips to 842 ms
    let flooding = true;
    let sent = 0;
    const senders = Array.from({ length: FLOOD.senders }, async (_, i) => {
      while (flooding) {
        const [method, path] = i % 2 === 0 ? ['POST', '/no/such/route'] : ['OPTIONS', '/media/x'];
        const status = await request(`${address}${path}`, method, body);
        expect(status, `${method} ${path}`).to.be.oneOf([204, 404]);
        sent += 1;
        await new Promise((r) => setTimeout(r, FLOOD.senderPauseMs));
      }
    });
    const rtts: number[] = [];
    const until = Date.now() + FLOOD.watchMs;
    try {
      while (Date.now() < until) {
        const startedAt = performance.now();
        expect(await request(`${address}/v1/channels`, 'GET')).to.equal(200);
        rtts.push(performance.now() - startedAt);
        await new Promise((r) => setTimeout(r, FLOOD.everyMs));
      }
    } finally {
      flooding = false;
      await Promise.all(senders);
    }
    const sorted = [...rtts].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN;
    expect(p95, `a viewer's request p95 during the flood (ms; ${sent} bodies sent)`).to.be.below(50);
    expect(sent, '1 MB bodies sent during the watch').to.be.at.least(20);
  });
});
