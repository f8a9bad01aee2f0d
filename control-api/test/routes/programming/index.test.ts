// /v1/collections, /v1/channels/:id/programming and /overrides through the real app and store:
// versions that never cut what is on air, overrides, the guide and `now` agreeing, and bad input
// refused with codes, changing nothing.
import { expect } from 'chai';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';
import { HOUR, MINUTE, T0 } from '../../store/builders.js';
import type { Asset } from '../../../src/contracts/lineup.js';

interface Airing {
  id: string;
  assetId: string;
  startMs: number;
  endMs: number;
  inMs: number;
}
interface NowBody {
  current: Airing | null;
  next: Airing | null;
}
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

describe('routes/programming', () => {
  let h: Harness;
  let show: Asset;
  let promo: Asset;
  let film: Asset;
  let slate: Asset;
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => h.inject({ method, url, headers: AUTH, ...(payload === undefined ? {} : { payload: payload as object }) });
  const get = (url: string) => h.inject({ method: 'GET', url });
  const now = async () => h.json<NowBody>(await get('/v1/channels/ch1/now'));
  const programming = (extra: Record<string, unknown> = {}) => ({
    timeZone: 'UTC',
    slots: [{ days: ALL_DAYS, start: '00:00', collection: 'shows' }],
    padTo: { minutes: 30, filler: 'promos' },
    fallback: slate.id,
    ...extra,
  });

  beforeEach(async () => {
    h = await startHarness();
    show = await h.putAsset({ id: 'show', durationMs: 20 * MINUTE, title: 'The Show' });
    promo = await h.putAsset({ id: 'promo', durationMs: 30_000, title: 'Promo' });
    film = await h.putAsset({ id: 'film', durationMs: 90 * MINUTE, title: 'Premiere' });
    slate = await h.putAsset({ id: 'slate', durationMs: 10_000, title: 'Slate' });
    await h.createChannel({ id: 'ch1', number: 1, name: 'One' });
    expect((await send('POST', '/v1/collections', { id: 'shows', name: 'Shows', items: [show.id] })).statusCode).to.equal(201);
    expect((await send('POST', '/v1/collections', { id: 'promos', name: 'Promos', items: [promo.id] })).statusCode).to.equal(201);
  });
  afterEach(() => h.close());

  it('collections: create, read, replace, list; an unknown asset is refused naming the item', async () => {
    expect(h.json(await get('/v1/collections/shows'))).to.include({ id: 'shows', name: 'Shows' });
    const replaced = await send('PUT', '/v1/collections/shows', { name: 'Shows', items: [show.id, film.id] });
    expect(h.json<{ items: string[] }>(replaced).items).to.deep.equal([show.id, film.id]);
    expect(h.json<{ collections: Array<{ id: string }> }>(await get('/v1/collections')).collections.map((c) => c.id)).to.deep.equal(['promos', 'shows']);
    const bad = await send('POST', '/v1/collections', { name: 'X', items: [show.id, 'nope'] });
    expect(bad.statusCode).to.equal(422);
    expect(h.json(bad)).to.include({ code: 'SS_ASSET_UNKNOWN' });
    expect(h.json<{ message: string }>(bad).message).to.contain('items[1]');
    expect((await send('POST', '/v1/collections', { id: 'shows', name: 'Again', items: [] })).statusCode).to.equal(409);
    expect((await get('/v1/collections/nope')).statusCode).to.equal(404);
  });

  it('a new programming takes effect at the first airing boundary after now: what is on air is not cut', async () => {
    // An explicit program is on air 00:00-00:20; it is 00:05.
    expect((await send('PUT', '/v1/channels/ch1/schedule', { from: T0, to: T0 + HOUR, programs: [{ assetId: film.id, start: T0, durationMs: 20 * MINUTE }] })).statusCode).to.equal(200);
    h.clock.set(T0 + 5 * MINUTE);
    const res = await send('PUT', '/v1/channels/ch1/programming', programming());
    expect(res.statusCode, res.body).to.equal(200);
    expect(h.json(res)).to.include({ version: 1, effectiveFromMs: T0 + 20 * MINUTE, effectiveFrom: '2026-01-01T00:20:00.000Z' });
    const before = await now();
    expect(before.current).to.include({ assetId: film.id, startMs: T0, endMs: T0 + 20 * MINUTE });
    expect(before.next).to.include({ assetId: show.id, startMs: T0 + 20 * MINUTE }); // the programming, right after
    h.clock.set(T0 + 25 * MINUTE);
    expect((await now()).current).to.include({ assetId: show.id, startMs: T0 + 20 * MINUTE, endMs: T0 + 40 * MINUTE });
  });

  it('the guide, the schedule window and now agree on a programmed channel', async () => {
    h.clock.set(T0);
    expect((await send('PUT', '/v1/channels/ch1/programming', programming())).statusCode).to.equal(200);
    const epg = h.json<{ channels: Array<{ programs: Airing[] }> }>(await get(`/v1/epg?from=${T0}&to=${T0 + 2 * HOUR}`)).channels[0]?.programs ?? [];
    const schedule = h.json<{ kind: string; programs: Airing[] }>(await get(`/v1/channels/ch1/schedule?from=${T0}&to=${T0 + 2 * HOUR}`));
    expect(schedule.kind).to.equal('programmed');
    const window = schedule.programs;
    expect(window).to.deep.equal(epg);
    const place = await send('PUT', '/v1/channels/ch1/schedule', { from: T0 + 5 * HOUR, to: T0 + 6 * HOUR, programs: [{ assetId: film.id, start: T0 + 5 * HOUR }] });
    expect(h.json(place)).to.include({ statusCode: 409, code: 'SS_CHANNEL_IS_PROGRAMMED' });
    expect(epg.filter((a) => a.assetId === show.id).map((a) => a.startMs - T0)).to.deep.equal([0, 30 * MINUTE, 60 * MINUTE, 90 * MINUTE]); // padded to :00/:30
    for (const a of epg.slice(0, 30)) {
      h.clock.set(a.startMs + 1);
      expect((await now()).current?.id).to.equal(a.id);
    }
    for (let i = 1; i < epg.length; i++) expect(epg[i]?.startMs).to.equal(epg[i - 1]?.endMs);
  });

  it('a version written while another is pending supersedes it; the past keeps the version that aired', async () => {
    h.clock.set(T0);
    await send('PUT', '/v1/channels/ch1/programming', programming());
    const pastGuide = h.json(await get(`/v1/epg?from=${T0}&to=${T0 + 10 * MINUTE}`));
    h.clock.set(T0 + 10 * MINUTE);
    const later = await send('PUT', '/v1/channels/ch1/programming', { ...programming(), effectiveFrom: T0 + 3 * HOUR });
    expect(h.json(later)).to.include({ version: 2, effectiveFromMs: T0 + 3 * HOUR });
    await send('POST', '/v1/collections', { id: 'films', name: 'Films', items: [film.id] });
    const sooner = await send('PUT', '/v1/channels/ch1/programming', programming({ slots: [{ days: ALL_DAYS, start: '00:00', collection: 'films' }] }));
    expect(h.json(sooner)).to.include({ version: 3, effectiveFromMs: T0 + 20 * MINUTE }); // the show on air ends at 00:20
    h.clock.set(T0 + 4 * HOUR);
    expect((await now()).current?.assetId).to.equal(film.id); // version 2 never took over
    expect(h.json(await get(`/v1/epg?from=${T0}&to=${T0 + 10 * MINUTE}`))).to.deep.include({ channels: (pastGuide as { channels: unknown }).channels });
    const view = h.json<{ versions: Array<{ version: number }> }>(await get('/v1/channels/ch1/programming'));
    expect(view.versions.map((v) => v.version)).to.deep.equal([1, 2, 3]);
  });

  it('overrides replace the template between two instants; one cutting what is on air, overlapping or started is refused', async () => {
    h.clock.set(T0);
    await send('PUT', '/v1/channels/ch1/programming', programming());
    const cut = await send('POST', '/v1/channels/ch1/overrides', { start: T0 + 10 * MINUTE, end: T0 + 2 * HOUR, items: [film.id] });
    expect(cut.statusCode).to.equal(409);
    expect(h.json(cut)).to.include({ code: 'SS_OVERRIDE_CUTS_AIR' });
    const ok = await send('POST', '/v1/channels/ch1/overrides', { start: '2026-01-01T20:00:00Z', end: '2026-01-01T22:00:00Z', items: [film.id] });
    expect(ok.statusCode, ok.body).to.equal(201);
    const id = h.json<{ id: string }>(ok).id;
    const overlap = await send('POST', '/v1/channels/ch1/overrides', { start: '2026-01-01T21:00:00Z', end: '2026-01-01T23:00:00Z', collection: 'shows' });
    expect(h.json(overlap)).to.include({ code: 'SS_OVERRIDE_OVERLAP' });
    h.clock.set(T0 + 20 * HOUR + MINUTE);
    expect((await now()).current).to.include({ assetId: film.id, startMs: T0 + 20 * HOUR });
    expect(h.json(await send('DELETE', `/v1/channels/ch1/overrides/${id}`))).to.include({ code: 'SS_OVERRIDE_STARTED' });
    h.clock.set(T0 + 22 * HOUR);
    expect((await now()).current).to.include({ assetId: show.id, startMs: T0 + 22 * HOUR });
  });

  it('refuses bad programming with a code naming the field, and changes nothing', async () => {
    h.clock.set(T0);
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [programming({ timeZone: 'Mars/Olympus' }), 422, 'SS_PROGRAMMING_TIME_ZONE', 'timeZone'],
      [programming({ slots: [{ days: ALL_DAYS, start: '25:00', collection: 'shows' }] }), 400, 'SS_BAD_REQUEST', 'start'],
      [programming({ slots: [{ days: [], start: '06:00', collection: 'shows' }] }), 400, 'SS_BAD_REQUEST', 'days'],
      [programming({ slots: [{ days: ['mon'], start: '06:00', collection: 'shows' }, { days: ['mon'], start: '06:00', collection: 'promos' }] }), 409, 'SS_PROGRAMMING_DUPLICATE_SLOT', 'slots[1]'],
      [programming({ slots: [{ days: ['mon'], start: '06:00', collection: 'nope' }] }), 404, 'SS_COLLECTION_NOT_FOUND', 'slots[0].collection'],
      [programming({ padTo: { minutes: 7, filler: 'promos' } }), 422, 'SS_PROGRAMMING_PAD_TO', 'padTo.minutes'],
      [programming({ slots: [{ days: ['mon'], start: '06:00', collection: 'shows', weights: { show: 2 } }] }), 422, 'SS_PROGRAMMING_WEIGHTS', 'slots[0].weights'],
      [{ ...programming(), effectiveFrom: T0 - HOUR }, 409, 'SS_PROGRAMMING_IN_PAST', 'effectiveFrom'],
    ];
    const versionBefore = await h.store.lineupVersion();
    for (const [body, status, code, field] of cases) {
      const res = await send('PUT', '/v1/channels/ch1/programming', body);
      expect(res.statusCode, `${code}: ${res.body}`).to.equal(status);
      expect(h.json(res), res.body).to.include({ code });
      expect(h.json<{ message: string }>(res).message, code).to.contain(field);
    }
    expect(await h.store.programmingVersions('ch1')).to.deep.equal([]);
    expect(await h.store.lineupVersion()).to.equal(versionBefore);
    expect((await get('/v1/channels/ch1/programming')).statusCode).to.equal(404);
    expect((await send('PUT', '/v1/channels/nope/programming', programming())).statusCode).to.equal(404);
  });

  it('a new asset elsewhere in the library leaves the schedule as it was; a changed asset it plays changes it', async () => {
    h.clock.set(T0);
    await send('PUT', '/v1/channels/ch1/programming', programming());
    const guide = async () => h.json<{ channels: Array<{ programs: Airing[] }> }>(await get(`/v1/epg?from=${T0}&to=${T0 + 2 * HOUR}`)).channels[0]?.programs ?? [];
    const before = await guide();
    await h.putAsset({ id: 'unrelated', durationMs: 5 * MINUTE });
    expect(await guide()).to.deep.equal(before);
    await h.putAsset({ id: 'promo', durationMs: 45_000, title: 'Promo' }); // the filler, longer now
    const after = await guide();
    expect(after.filter((a) => a.assetId === 'promo').map((a) => a.endMs - a.startMs)).to.include(45_000);
    expect(after).to.not.deep.equal(before);
  });

  it('a collection a programming uses cannot be deleted: 409 names the channel', async () => {
    await send('PUT', '/v1/channels/ch1/programming', programming());
    const res = await send('DELETE', '/v1/collections/promos');
    expect(res.statusCode).to.equal(409);
    expect(h.json(res)).to.include({ code: 'SS_COLLECTION_IN_USE' });
    expect(h.json<{ message: string }>(res).message).to.contain('ch1');
    await send('POST', '/v1/collections', { id: 'spare', name: 'Spare', items: [] });
    expect((await send('DELETE', '/v1/collections/spare')).statusCode).to.equal(204);
  });
});
