import { expect } from 'chai';
import { AUTH, snapshot, startHarness, type Harness } from '../../app/harness.js';
import { HOUR, MINUTE, T0 } from '../../store/builders.js';
import type { Asset } from '../../../src/contracts/lineup.js';

interface ScheduleBody {
  kind: string;
  fromMs: number;
  toMs: number;
  programs: Array<{ id: string; assetId: string; startMs: number; endMs: number; inMs: number; title: string }>;
}

describe('routes/schedule', () => {
  let h: Harness;
  let a10: Asset;
  let a20: Asset;
  const url = '/v1/channels/ch1/schedule';
  const put = (payload: unknown) => h.inject({ method: 'PUT', url, headers: AUTH, payload: payload as object });
  const get = (query = '') => h.inject({ method: 'GET', url: `${url}${query}` });

  beforeEach(async () => {
    h = await startHarness();
    a10 = await h.putAsset({ durationMs: 10 * MINUTE, title: 'Ten' });
    a20 = await h.putAsset({ durationMs: 20 * MINUTE });
    await h.createChannel({ id: 'ch1', number: 1, name: 'One' });
  });
  afterEach(() => h.close());

  it('replaces a window: endMs from the asset, or from an explicit clip; reads it back by ms or ISO', async () => {
    const res = await put({
      from: T0,
      to: '2026-01-01T02:00:00Z',
      programs: [
        { assetId: a20.id, start: '2026-01-01T00:10:00Z', title: 'Second' },
        { assetId: a10.id, start: T0 },
        { assetId: a20.id, start: T0 + 30 * MINUTE, inMs: MINUTE, durationMs: 5 * MINUTE },
      ],
    });
    expect(res.statusCode).to.equal(200);
    const body = h.json<ScheduleBody>(res);
    expect(body.programs.map((p) => [p.startMs - T0, p.endMs - T0, p.inMs, p.title])).to.deep.equal([
      [0, 10 * MINUTE, 0, 'Ten'],
      [10 * MINUTE, 30 * MINUTE, 0, 'Second'],
      [30 * MINUTE, 35 * MINUTE, MINUTE, a20.title],
    ]);
    const byMs = h.json<ScheduleBody>(await get(`?from=${T0}&to=${T0 + HOUR}`));
    const byIso = h.json<ScheduleBody>(await get('?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00%2B00:00'));
    expect(byMs.programs).to.deep.equal(body.programs);
    expect(byIso).to.deep.equal(byMs);
    expect(byMs.kind).to.equal('explicit');
    const partial = h.json<ScheduleBody>(await get(`?from=${T0 + 15 * MINUTE}&to=${T0 + 31 * MINUTE}`));
    expect(partial.programs.map((p) => p.title)).to.deep.equal(['Second', a20.title]);
  });

  it('replaces atomically: the old programs of the window go, programs outside stay', async () => {
    await put({ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0 }, { assetId: a10.id, start: T0 + 50 * MINUTE }] });
    await put({ from: T0 + HOUR, to: T0 + 2 * HOUR, programs: [{ assetId: a10.id, start: T0 + HOUR }] });
    await put({ from: T0, to: T0 + HOUR, programs: [{ assetId: a20.id, start: T0 + 5 * MINUTE }] });
    const all = h.json<ScheduleBody>(await get(`?from=${T0}&to=${T0 + 3 * HOUR}`));
    expect(all.programs.map((p) => [p.assetId, p.startMs - T0])).to.deep.equal([[a20.id, 5 * MINUTE], [a10.id, HOUR]]);
  });

  it('refuses overlaps with 409 naming the clashing program, and changes nothing', async () => {
    await put({ from: T0, to: T0 + HOUR, programs: [{ assetId: a20.id, start: T0 + 40 * MINUTE, title: 'Blocker' }] });
    const before = await snapshot(h);
    const inside = await put({ from: T0, to: T0 + 30 * MINUTE, programs: [{ assetId: a10.id, start: T0 }, { assetId: a10.id, start: T0 + 5 * MINUTE }] });
    expect([inside.statusCode, h.json(inside).code]).to.deep.equal([409, 'SS_SCHEDULE_OVERLAP']);
    expect(h.json(inside).message).to.match(/overlaps program/);
    const edge = await put({ from: T0, to: T0 + 45 * MINUTE, programs: [] });
    expect([edge.statusCode, h.json(edge).code]).to.deep.equal([409, 'SS_SCHEDULE_OVERLAP']);
    expect(h.json(edge).message).to.contain('"Blocker"');
    const append = await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a10.id, start: T0 + 50 * MINUTE } });
    expect([append.statusCode, h.json(append).code]).to.deep.equal([409, 'SS_SCHEDULE_OVERLAP']);
    expect(h.json(append).message).to.contain('"Blocker"');
    expect(await snapshot(h)).to.equal(before);
  });

  it('refuses unknown and unready assets, programs outside the window and clips past the end with 422', async () => {
    const processing = await h.putAsset({ status: 'processing' });
    const before = await snapshot(h);
    const cases: Array<[unknown, string]> = [
      [{ from: T0, to: T0 + HOUR, programs: [{ assetId: 'nope', start: T0 }] }, 'SS_ASSET_UNKNOWN'],
      [{ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0 }, { assetId: processing.id, start: T0 + 20 * MINUTE }] }, 'SS_ASSET_NOT_READY'],
      [{ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0 + 55 * MINUTE }] }, 'SS_INVALID_SCHEDULE'],
      [{ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0 - 1 }] }, 'SS_INVALID_SCHEDULE'],
      [{ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0, inMs: 9 * MINUTE, durationMs: 2 * MINUTE }] }, 'SS_INVALID_SCHEDULE'],
    ];
    for (const [payload, code] of cases) {
      const res = await put(payload);
      expect([res.statusCode, h.json(res).code], code).to.deep.equal([422, code]);
    }
    const append = await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: processing.id } });
    expect([append.statusCode, h.json(append).code]).to.deep.equal([422, 'SS_ASSET_NOT_READY']);
    expect(await snapshot(h)).to.equal(before);
  });

  it("ratings: a program's own rating wins over its asset's in the reply, the schedule, now, the EPG and XMLTV", async () => {
    const tv14 = { scheme: 'us-tv', value: 'TV-14' };
    const pg = { scheme: 'mpaa', value: 'PG' };
    await h.inject({ method: 'PUT', url: `/v1/assets/${a20.id}/rating`, headers: AUTH, payload: tv14 });
    const res = await put({ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0, rating: pg }, { assetId: a20.id, start: T0 + 10 * MINUTE }] });
    expect(res.statusCode, res.body).to.equal(200);
    const appended = await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a20.id, rating: { scheme: 'age', value: 12 } } });
    expect(appended.statusCode, appended.body).to.equal(201);
    expect(h.json(appended).rating).to.deep.equal({ scheme: 'age', value: 12 });
    const ratings = (programs: Array<{ rating?: unknown }>) => programs.map((p) => p.rating ?? 'unrated');
    expect(ratings(h.json<{ programs: Array<{ rating?: unknown }> }>(res).programs)).to.deep.equal([pg, tv14]);
    expect(ratings(h.json<ScheduleBody & { programs: Array<{ rating?: unknown }> }>(await get(`?from=${T0}&to=${T0 + 2 * HOUR}`)).programs)).to.deep.equal([pg, tv14, { scheme: 'age', value: 12 }]);
    h.clock.set(T0 + 11 * MINUTE);
    const now = h.json<{ current: { rating?: unknown }; next: { rating?: unknown } }>(await h.inject({ method: 'GET', url: '/v1/channels/ch1/now' }));
    expect([now.current.rating, now.next.rating]).to.deep.equal([tv14, { scheme: 'age', value: 12 }]);
    const epg = h.json<{ channels: Array<{ programs: Array<{ rating?: unknown }> }> }>(await h.inject({ method: 'GET', url: `/v1/epg?from=${T0}&to=${T0 + HOUR}` }));
    expect(ratings(epg.channels[0]?.programs ?? [])).to.deep.equal([pg, tv14, { scheme: 'age', value: 12 }]);
    const xml = (await h.inject({ method: 'GET', url: `/v1/epg.xml?from=${T0}&to=${T0 + HOUR}` })).body;
    expect(xml.match(/<rating system="[^"]+">\s*<value>[^<]+<\/value>/g)?.map((r) => r.replace(/\s+/g, ' '))).to.deep.equal([
      '<rating system="mpaa"> <value>PG</value>',
      '<rating system="us-tv"> <value>TV-14</value>',
      '<rating system="age"> <value>12+</value>',
    ]);
  });

  it('refuses a program rating outside its scheme with 422 SS_INVALID_RATING naming the program, and changes nothing', async () => {
    const before = await snapshot(h);
    const res = await put({ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0 }, { assetId: a20.id, start: T0 + 10 * MINUTE, rating: { scheme: 'us-tv', value: 'R' } }] });
    expect([res.statusCode, h.json(res).code]).to.deep.equal([422, 'SS_INVALID_RATING']);
    expect(h.json(res).message).to.equal('Invalid rating at programs[1].rating: us-tv ratings are TV-Y, TV-Y7, TV-G, TV-PG, TV-14 or TV-MA, not "R"');
    const appended = await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a20.id, rating: { scheme: 'mpaa', value: 'X' } } });
    expect([appended.statusCode, h.json(appended).code]).to.deep.equal([422, 'SS_INVALID_RATING']);
    expect(h.json(appended).message).to.match(/^Invalid rating at rating: mpaa ratings are G, PG, PG-13, R or NC-17, not "X"$/);
    expect(await snapshot(h)).to.equal(before);
  });

  it('appends after the last program, at now when empty, or at a later start', async () => {
    h.clock.set(T0 + 7);
    const first = h.json<{ startMs: number; endMs: number }>(await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a10.id } }));
    expect([first.startMs, first.endMs]).to.deep.equal([T0 + 7, T0 + 7 + 10 * MINUTE]);
    const second = await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a20.id, title: 'Two' } });
    expect(second.statusCode).to.equal(201);
    expect(h.json(second)).to.include({ startMs: first.endMs, endMs: first.endMs + 20 * MINUTE, title: 'Two' });
    const later = h.json<{ startMs: number }>(await h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a10.id, start: '2026-01-01T05:00:00Z' } }));
    expect(later.startMs).to.equal(T0 + 5 * HOUR);
  });

  it('serializes concurrent appends: back-to-back programs, never an overlap', async () => {
    h.clock.set(T0);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => h.inject({ method: 'POST', url, headers: AUTH, payload: { assetId: a10.id } })),
    );
    expect(results.map((r) => r.statusCode)).to.deep.equal(Array(12).fill(201));
    const starts = results.map((r) => h.json<{ startMs: number }>(r).startMs - T0).sort((x, y) => x - y);
    expect(starts).to.deep.equal(Array.from({ length: 12 }, (_, i) => i * 10 * MINUTE));
  });

  it('deletes one program (404 for an unknown one)', async () => {
    const body = h.json<ScheduleBody>(await put({ from: T0, to: T0 + HOUR, programs: [{ assetId: a10.id, start: T0 }, { assetId: a10.id, start: T0 + 20 * MINUTE }] }));
    const [first, second] = body.programs;
    const del = await h.inject({ method: 'DELETE', url: `${url}/${first?.id}`, headers: AUTH });
    expect(del.statusCode).to.equal(204);
    const left = h.json<ScheduleBody>(await get(`?from=${T0}&to=${T0 + HOUR}`));
    expect(left.programs.map((p) => p.id)).to.deep.equal([second?.id]);
    const again = await h.inject({ method: 'DELETE', url: `${url}/${first?.id}`, headers: AUTH });
    expect([again.statusCode, h.json(again).code]).to.deep.equal([404, 'SS_PROGRAM_NOT_FOUND']);
  });

  it('materializes a loop channel in any window and refuses to edit its programs', async () => {
    await h.createChannel({ id: 'loop', number: 2, name: 'Loop', loop: { epochMs: T0, items: [{ assetId: a10.id }, { assetId: a20.id }] } });
    const res = await h.inject({ method: 'GET', url: `/v1/channels/loop/schedule?from=${T0 + 25 * MINUTE}&to=${T0 + 45 * MINUTE}` });
    const body = h.json<ScheduleBody>(res);
    expect(body.kind).to.equal('loop');
    expect(body.programs.map((p) => [p.id, p.startMs - T0])).to.deep.equal([['loop-c0-i1', 10 * MINUTE], ['loop-c1-i0', 30 * MINUTE], ['loop-c1-i1', 40 * MINUTE]]);
    const edit = await h.inject({ method: 'PUT', url: '/v1/channels/loop/schedule', headers: AUTH, payload: { from: T0, to: T0 + HOUR, programs: [] } });
    expect([edit.statusCode, h.json(edit).code]).to.deep.equal([409, 'SS_CHANNEL_IS_LOOP']);
    const append = await h.inject({ method: 'POST', url: '/v1/channels/loop/schedule', headers: AUTH, payload: { assetId: a10.id } });
    expect([append.statusCode, h.json(append).code]).to.deep.equal([409, 'SS_CHANNEL_IS_LOOP']);
  });

  it('validates read windows: order, span, formats, unknown channel', async () => {
    const cases: Array<[string, number, string]> = [
      [`?from=${T0 + 1}&to=${T0}`, 400, 'SS_INVALID_RANGE'],
      [`?from=${T0}&to=${T0 + 60 * 24 * HOUR}`, 400, 'SS_INVALID_RANGE'],
      ['?from=yesterday', 400, 'SS_INVALID_RANGE'],
      ['?from=99999999999999999', 400, 'SS_INVALID_RANGE'],
      [`?from=${'9'.repeat(60)}`, 400, 'SS_BAD_REQUEST'],
    ];
    for (const [query, status, code] of cases) {
      const res = await get(query);
      expect([res.statusCode, h.json(res).code], query).to.deep.equal([status, code]);
    }
    const unknown = await h.inject({ method: 'GET', url: '/v1/channels/nope/schedule' });
    expect([unknown.statusCode, h.json(unknown).code]).to.deep.equal([404, 'SS_CHANNEL_NOT_FOUND']);
  });
});
