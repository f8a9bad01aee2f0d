// The bad-input table of programming and overrides: each case a coded error naming the field.
import { expect } from 'chai';
import type { Asset } from '../../../src/contracts/lineup.js';
import type { Collection, ProgrammingRules } from '../../../src/contracts/programming.js';
import { ProgrammingInputError, checkOverride, checkProgramming, type ProgrammingLookups } from '../../../src/services/programming/programming-checks.js';

const asset = (id: string, status: Asset['status'] = 'ready'): Asset => ({
  id, title: id, description: '', durationMs: 60_000, renditions: [], dashUrl: '', hlsUrl: '', posterUrl: null, segmentSeconds: 2, status, createdAt: 0, updatedAt: 0,
});
const collection = (id: string, items: string[]): Collection => ({ id, name: id, items, createdAt: 0, updatedAt: 0 });

const lookups: ProgrammingLookups = {
  async collection(id) {
    return { shows: collection('shows', ['a', 'b']), promos: collection('promos', ['p']), empty: collection('empty', []), broken: collection('broken', ['a', 'wip']) }[id] ?? null;
  },
  async asset(id) {
    return { a: asset('a'), b: asset('b'), p: asset('p'), slate: asset('slate'), wip: asset('wip', 'processing') }[id] ?? null;
  },
};

const good: ProgrammingRules = {
  timeZone: 'Europe/Berlin',
  slots: [
    { days: ['mon', 'tue'], start: '06:00', collection: 'shows' },
    { days: ['sat'], start: '20:00', collection: 'shows', order: 'random', weights: { a: 3 } },
  ],
  padTo: { minutes: 30, filler: 'promos' },
  breaks: { everyMinutes: 15, filler: 'promos', maxSeconds: 120 },
  fallback: 'slate',
};

async function failure(run: () => Promise<unknown>): Promise<Pick<ProgrammingInputError, 'code' | 'statusCode' | 'field'>> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ProgrammingInputError) return { code: err.code, statusCode: err.statusCode, field: err.field };
    throw err;
  }
  throw new Error('expected a ProgrammingInputError');
}

describe('services/programming/programming-checks', () => {
  it('a good programming passes and comes back with the item lists it uses', async () => {
    expect(await checkProgramming(good, lookups)).to.deep.equal({ shows: ['a', 'b'], promos: ['p'] });
  });

  const cases: Array<[string, ProgrammingRules, string, number, string]> = [
    ['an unknown time zone', { ...good, timeZone: 'Mars/Olympus' }, 'SS_PROGRAMMING_TIME_ZONE', 422, 'timeZone'],
    ['two slots on one day and time', { ...good, slots: [...good.slots, { days: ['tue'], start: '06:00', collection: 'shows' }] }, 'SS_PROGRAMMING_DUPLICATE_SLOT', 409, 'slots[2]'],
    ['a collection that does not exist', { ...good, slots: [{ days: ['mon'], start: '06:00', collection: 'nope' }] }, 'SS_COLLECTION_NOT_FOUND', 404, 'slots[0].collection'],
    ['an empty collection', { ...good, slots: [{ days: ['mon'], start: '06:00', collection: 'empty' }] }, 'SS_COLLECTION_EMPTY', 422, 'slots[0].collection'],
    ['a collection with an asset not ready', { ...good, slots: [{ days: ['mon'], start: '06:00', collection: 'broken' }] }, 'SS_ASSET_NOT_READY', 422, 'slots[0].collection (collection broken)'],
    ['padTo that does not divide a day', { ...good, padTo: { minutes: 7, filler: 'promos' } }, 'SS_PROGRAMMING_PAD_TO', 422, 'padTo.minutes'],
    ['weights on a sequential slot', { ...good, slots: [{ days: ['mon'], start: '06:00', collection: 'shows', weights: { a: 2 } }] }, 'SS_PROGRAMMING_WEIGHTS', 422, 'slots[0].weights'],
    ['weights for an asset outside the collection', { ...good, slots: [{ days: ['mon'], start: '06:00', collection: 'shows', order: 'random', weights: { p: 2 } }] }, 'SS_PROGRAMMING_WEIGHTS', 422, 'slots[0].weights'],
    ['a missing filler collection', { ...good, breaks: { everyMinutes: 15, filler: 'nope', maxSeconds: 60 } }, 'SS_COLLECTION_NOT_FOUND', 404, 'breaks.filler'],
    ['a fallback that does not exist', { ...good, fallback: 'nope' }, 'SS_ASSET_UNKNOWN', 422, 'fallback'],
    ['a fallback not ready', { ...good, fallback: 'wip' }, 'SS_ASSET_NOT_READY', 422, 'fallback'],
  ];
  for (const [what, rules, code, status, field] of cases) {
    it(`refuses ${what}: ${code} ${status} at ${field}`, async () => {
      expect(await failure(() => checkProgramming(rules, lookups))).to.deep.equal({ code, statusCode: status, field });
    });
  }

  it('overrides: an end before the start, no source or two, an unknown item', async () => {
    expect(await failure(() => checkOverride({ startMs: 10, endMs: 10, items: ['a'] }, lookups))).to.deep.equal({ code: 'SS_OVERRIDE_RANGE', statusCode: 422, field: 'end' });
    expect(await failure(() => checkOverride({ startMs: 0, endMs: 10 }, lookups))).to.deep.equal({ code: 'SS_OVERRIDE_SOURCE', statusCode: 422, field: 'collection' });
    expect(await failure(() => checkOverride({ startMs: 0, endMs: 10, collection: 'shows', items: ['a'] }, lookups))).to.include({ code: 'SS_OVERRIDE_SOURCE' });
    expect(await failure(() => checkOverride({ startMs: 0, endMs: 10, items: ['a', 'zz'] }, lookups))).to.deep.equal({ code: 'SS_ASSET_UNKNOWN', statusCode: 422, field: 'items[1]' });
    expect(await checkOverride({ startMs: 0, endMs: 10, collection: 'shows' }, lookups)).to.deep.equal(['a', 'b']);
  });
});
