// A table of bad inputs: each must give a 4xx with a stable code, never a 500, and change nothing.
import { expect } from 'chai';
import type { InjectOptions } from 'fastify';
import { AUTH, snapshot, startHarness, type Harness } from './harness.js';
import { MINUTE, T0 } from '../store/builders.js';

const json = { ...AUTH, 'content-type': 'application/json' };
const schedule = '/v1/channels/ch1/schedule';
const program = (over: Record<string, unknown>) => ({ from: T0, to: T0 + 60 * MINUTE, programs: [{ assetId: 'asset-x', start: T0, ...over }] });
const asset = { title: 'T', durationMs: 1000, dashUrl: '/m/a.mpd', hlsUrl: '/m/a.m3u8', segmentSeconds: 2, status: 'ready' };
const op = { $gt: '' };

type Case = [string, InjectOptions, number, string];

const cases: Case[] = [
  // transport
  ['malformed JSON', { method: 'POST', url: '/v1/channels', headers: json, payload: '{"number": 1,' }, 400, 'SS_MALFORMED_JSON'],
  ['an empty JSON body', { method: 'POST', url: '/v1/channels', headers: json, payload: '' }, 400, 'SS_MALFORMED_JSON'],
  ['a JSON null body', { method: 'POST', url: '/v1/channels', headers: json, payload: 'null' }, 400, 'SS_BAD_REQUEST'],
  ['a JSON array body', { method: 'POST', url: '/v1/channels', headers: json, payload: '[{"number":5,"name":"x"}]' }, 400, 'SS_BAD_REQUEST'],
  ['a body over the size limit', { method: 'POST', url: '/v1/channels', headers: json, payload: JSON.stringify({ number: 5, name: 'x'.repeat(2_000_000) }) }, 413, 'SS_BODY_TOO_LARGE'],
  ['a text/plain body', { method: 'POST', url: '/v1/channels', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'number=5' }, 400, 'SS_BAD_REQUEST'],
  ['a form body', { method: 'POST', url: '/v1/channels', headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'number=5&name=x' }, 415, 'SS_UNSUPPORTED_MEDIA_TYPE'],
  ['a prototype-polluting body', { method: 'POST', url: '/v1/channels', headers: json, payload: '{"number":5,"name":"x","__proto__":{"admin":true}}' }, 400, 'SS_MALFORMED_JSON'],
  // channels
  ['an unknown field', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'x', admin: true } }, 400, 'SS_BAD_REQUEST'],
  ['an operator as the name', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: op } }, 400, 'SS_BAD_REQUEST'],
  ['an operator as the number', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: op, name: 'x' } }, 400, 'SS_BAD_REQUEST'],
  ['an operator as the id', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { id: op, number: 5, name: 'x' } }, 400, 'SS_BAD_REQUEST'],
  ['an operator-shaped id string', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { id: '{"$gt":""}', number: 5, name: 'x' } }, 400, 'SS_BAD_REQUEST'],
  ['a number out of range', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 10_000, name: 'x' } }, 400, 'SS_BAD_REQUEST'],
  ['a fractional number', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 1.5, name: 'x' } }, 400, 'SS_BAD_REQUEST'],
  ['an empty name', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: '' } }, 400, 'SS_BAD_REQUEST'],
  ['a name too long', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'é'.repeat(81) } }, 400, 'SS_BAD_REQUEST'],
  ['a control character in a name', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'a\u0000b' } }, 400, 'SS_BAD_REQUEST'],
  ['a javascript: logo', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'x', logoUrl: 'javascript:alert(1)' } }, 400, 'SS_BAD_REQUEST'],
  ['a loop with no items', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'x', loop: { epochMs: 0, items: [] } } }, 400, 'SS_BAD_REQUEST'],
  ['a loop with an operator asset', { method: 'POST', url: '/v1/channels', headers: AUTH, payload: { number: 5, name: 'x', loop: { epochMs: 0, items: [{ assetId: op }] } } }, 400, 'SS_BAD_REQUEST'],
  ['an empty patch', { method: 'PATCH', url: '/v1/channels/ch1', headers: AUTH, payload: {} }, 400, 'SS_BAD_REQUEST'],
  ['a patch of the id', { method: 'PATCH', url: '/v1/channels/ch1', headers: AUTH, payload: { id: 'other' } }, 400, 'SS_BAD_REQUEST'],
  ['a patch of createdAt', { method: 'PATCH', url: '/v1/channels/ch1', headers: AUTH, payload: { createdAt: 0 } }, 400, 'SS_BAD_REQUEST'],
  ['a bad id in the path', { method: 'PATCH', url: '/v1/channels/a.b', headers: AUTH, payload: { name: 'x' } }, 400, 'SS_BAD_REQUEST'],
  ['an encoded operator in the path', { method: 'DELETE', url: '/v1/channels/%7B%22%24gt%22%3A%22%22%7D', headers: AUTH }, 400, 'SS_BAD_REQUEST'],
  ['a unicode id in the path', { method: 'DELETE', url: '/v1/channels/%C3%A9t%C3%A9', headers: AUTH }, 400, 'SS_BAD_REQUEST'],
  // assets
  ['an asset with an operator status', { method: 'PUT', url: '/v1/assets/a1', headers: AUTH, payload: { ...asset, status: op } }, 400, 'SS_BAD_REQUEST'],
  ['an asset with a string duration', { method: 'PUT', url: '/v1/assets/a1', headers: AUTH, payload: { ...asset, durationMs: 'long' } }, 400, 'SS_BAD_REQUEST'],
  ['an asset with an id in the body', { method: 'PUT', url: '/v1/assets/a1', headers: AUTH, payload: { ...asset, id: 'other' } }, 400, 'SS_BAD_REQUEST'],
  ['an asset missing its title', { method: 'PUT', url: '/v1/assets/a1', headers: AUTH, payload: { ...asset, title: undefined } }, 400, 'SS_BAD_REQUEST'],
  ['an asset rated outside its scheme', { method: 'PUT', url: '/v1/assets/a1', headers: AUTH, payload: { ...asset, rating: { scheme: 'mpaa', value: 'TV-14' } } }, 422, 'SS_INVALID_RATING'],
  ['a rating outside its scheme', { method: 'PUT', url: '/v1/assets/asset-x/rating', headers: AUTH, payload: { scheme: 'us-tv', value: 'R' } }, 422, 'SS_INVALID_RATING'],
  ['an operator as a rating', { method: 'PUT', url: '/v1/assets/asset-x/rating', headers: AUTH, payload: op }, 422, 'SS_INVALID_RATING'],
  ['an operator as a rating value', { method: 'PUT', url: '/v1/assets/asset-x/rating', headers: AUTH, payload: { scheme: 'us-tv', value: op } }, 422, 'SS_INVALID_RATING'],
  ['a JSON array as a rating', { method: 'PUT', url: '/v1/assets/asset-x/rating', headers: json, payload: '[{"scheme":"age","value":3}]' }, 422, 'SS_INVALID_RATING'],
  ['a rating of an unknown asset', { method: 'PUT', url: '/v1/assets/ghost/rating', headers: AUTH, payload: { scheme: 'age', value: 3 } }, 404, 'SS_ASSET_NOT_FOUND'],
  // schedule
  ['a program with an operator asset', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ assetId: op }) }, 400, 'SS_BAD_REQUEST'],
  ['a program with an operator start', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ start: op }) }, 400, 'SS_BAD_REQUEST'],
  ['a program with an unknown field', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ endMs: T0 + 1 }) }, 400, 'SS_BAD_REQUEST'],
  ['a program with a negative inMs', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ inMs: -1 }) }, 400, 'SS_BAD_REQUEST'],
  ['a program with a zero duration', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ durationMs: 0 }) }, 400, 'SS_BAD_REQUEST'],
  ['a program rated outside its scheme', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ rating: { scheme: 'age', value: 99 } }) }, 422, 'SS_INVALID_RATING'],
  ['a program with a null rating', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ rating: null }) }, 400, 'SS_BAD_REQUEST'],
  ['a program with a text start', { method: 'PUT', url: schedule, headers: AUTH, payload: program({ start: 'tomorrow' }) }, 400, 'SS_INVALID_RANGE'],
  ['a program starting past year 275760', { method: 'PUT', url: schedule, headers: AUTH, payload: { from: T0, to: T0 + 1, programs: [{ assetId: 'asset-x', start: 9_000_000_000_000_000 }] } }, 400, 'SS_INVALID_RANGE'],
  ['a reversed window', { method: 'PUT', url: schedule, headers: AUTH, payload: { from: T0 + 1, to: T0, programs: [] } }, 400, 'SS_INVALID_RANGE'],
  ['a window of a year', { method: 'PUT', url: schedule, headers: AUTH, payload: { from: T0, to: T0 + 365 * 24 * 60 * MINUTE, programs: [] } }, 400, 'SS_INVALID_RANGE'],
  ['a negative window start', { method: 'PUT', url: schedule, headers: AUTH, payload: { from: -5, to: T0, programs: [] } }, 400, 'SS_INVALID_RANGE'],
  ['programs as an object', { method: 'PUT', url: schedule, headers: AUTH, payload: { from: T0, to: T0 + 1, programs: { 0: {} } } }, 400, 'SS_BAD_REQUEST'],
  ['too many programs', { method: 'PUT', url: schedule, headers: AUTH, payload: { from: T0, to: T0 + 1, programs: Array.from({ length: 5001 }, () => ({ assetId: 'a', start: T0 })) } }, 400, 'SS_BAD_REQUEST'],
  ['an append with an operator asset', { method: 'POST', url: schedule, headers: AUTH, payload: { assetId: op } }, 400, 'SS_BAD_REQUEST'],
  ['an append of an unknown asset', { method: 'POST', url: schedule, headers: AUTH, payload: { assetId: 'ghost' } }, 422, 'SS_ASSET_UNKNOWN'],
  ['a schedule for an unknown channel', { method: 'PUT', url: '/v1/channels/ghost/schedule', headers: AUTH, payload: program({}) }, 404, 'SS_CHANNEL_NOT_FOUND'],
  ['a delete of a bad program id', { method: 'DELETE', url: `${schedule}/..%2F..`, headers: AUTH }, 400, 'SS_BAD_REQUEST'],
  // reads
  ['an operator as a query time', { method: 'GET', url: `${schedule}?from=%7B%22%24gt%22%3A%22%22%7D` }, 400, 'SS_INVALID_RANGE'],
  ['a repeated query time', { method: 'GET', url: `${schedule}?from=${T0}&from=${T0 + 1}` }, 400, 'SS_BAD_REQUEST'],
  ['a unicode time', { method: 'GET', url: `/v1/epg?from=%E2%91%A0%E2%91%A1` }, 400, 'SS_INVALID_RANGE'],
  ['a huge time', { method: 'GET', url: `/v1/epg?to=1${'0'.repeat(15)}` }, 400, 'SS_INVALID_RANGE'],
  ['an unknown route', { method: 'GET', url: '/v1/nothing' }, 404, 'SS_NOT_FOUND'],
];

describe('app: bad inputs never give a 500 or a partial change', () => {
  let h: Harness;
  let initial: string;
  before(async () => {
    h = await startHarness();
    await h.putAsset({ id: 'asset-x', durationMs: 10 * MINUTE });
    await h.createChannel({ id: 'ch1', number: 1, name: 'One' });
    await h.inject({ method: 'PUT', url: schedule, headers: AUTH, payload: program({}) });
    initial = await snapshot(h);
  });
  after(() => h.close());

  for (const [what, request, status, code] of cases) {
    it(`${what} -> ${status} ${code}`, async () => {
      const res = await h.inject(request);
      expect(res.statusCode, res.body).to.equal(status);
      const body = JSON.parse(res.body) as { statusCode: number; code: string; message: string };
      expect(body).to.have.keys(['statusCode', 'code', 'message']);
      expect([body.statusCode, body.code]).to.deep.equal([status, code]);
      expect(await snapshot(h)).to.equal(initial);
    });
  }

  it('keeps serving after all of them', async () => {
    const res = await h.inject({ method: 'GET', url: '/v1/channels/ch1/now' });
    expect(res.statusCode).to.equal(200);
  });
});
