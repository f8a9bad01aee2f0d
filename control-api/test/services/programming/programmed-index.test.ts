// A programmed channel read as a ChannelIndex: what `now` asks for is the engine's airing, worked out
// once per airing on air.
import { expect } from 'chai';
import type { Channel } from '../../../src/contracts/lineup.js';
import { programmedIndex, toProgrammedAiring } from '../../../src/services/programming/programmed-index.js';
import type { ProgrammingEngine } from '../../../src/services/programming/programming-engine.js';
import { ALL_DAYS, MIN, assets, engine, version } from './builders.js';
import { makeAsset } from '../../store/builders.js';

const MON = Date.UTC(2026, 0, 5);
const channel = { id: 'ch1', number: 1, name: 'One', logoUrl: null, group: '', enabled: true, loop: null, createdAt: 0, updatedAt: 0 } as Channel;

describe('services/programming/programmed-index', () => {
  it('at(): the engine is asked once per airing on air, and answers as the engine does', () => {
    const lib = assets([['a', 10 * MIN], ['b', 20 * MIN]]);
    const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'c' }] };
    const real = engine({ versions: [version(rules, { c: ['a', 'b'] }, MON)], assets: lib });
    const asked: number[] = [];
    const counting = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'at') return (t: number) => (asked.push(t), target.at(t));
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as ProgrammingEngine;
    const index = programmedIndex(channel, counting, new Map());
    const expected = (t: number) => {
      const { current, next } = real.at(t);
      return { current: current && toProgrammedAiring('ch1', current, undefined), next: next && toProgrammedAiring('ch1', next, undefined) };
    };

    const first = index.at(MON + MIN);
    expect(first).to.deep.equal(expected(MON + MIN));
    expect(first.current?.assetId).to.equal('a');
    expect(index.at(MON + 9 * MIN)).to.equal(first); // the same airing: nothing worked out again
    expect(asked).to.deep.equal([MON + MIN]);
    // The boundary: the next airing, from the engine.
    expect(index.at(MON + 10 * MIN)).to.deep.equal(expected(MON + 10 * MIN));
    expect(index.at(MON + 10 * MIN).current?.assetId).to.equal('b');
    // Back in time (a guide, a QA clock): asked again, never the held airing.
    expect(index.at(MON + 5 * MIN)).to.deep.equal(expected(MON + 5 * MIN));
    expect(asked).to.deep.equal([MON + MIN, MON + 10 * MIN, MON + 5 * MIN]);
  });

  it("ratings: program parts carry their asset's rating, breaks and padding filler their own asset's (or none)", () => {
    const lib = assets([['film', 40 * MIN], ['ad', 30_000], ['promo', 60_000]]);
    const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'films' }], breaks: { everyMinutes: 15, filler: 'ads', maxSeconds: 30 }, padTo: { minutes: 60, filler: 'promos' } };
    const docs = new Map([
      ['film', makeAsset({ id: 'film', rating: { scheme: 'mpaa', value: 'R' } })],
      ['ad', makeAsset({ id: 'ad', rating: { scheme: 'us-tv', value: 'TV-G' } })],
      ['promo', makeAsset({ id: 'promo' })],
    ]);
    const index = programmedIndex(channel, engine({ versions: [version(rules, { films: ['film'], ads: ['ad'], promos: ['promo'] }, MON)], assets: lib }), docs);
    const byKind = new Map<string, Set<string>>();
    for (const a of index.window(MON, MON + 60 * MIN, 1000)) {
      const seen = byKind.get(a.kind) ?? byKind.set(a.kind, new Set()).get(a.kind);
      seen?.add(a.rating ? `${a.rating.scheme} ${a.rating.value}` : 'unrated');
    }
    expect(Object.fromEntries([...byKind].map(([kind, ratings]) => [kind, [...ratings]]))).to.deep.equal({
      program: ['mpaa R'],
      break: ['us-tv TV-G'],
      filler: ['unrated'],
    });
    expect(index.at(MON + MIN).current?.rating).to.deep.equal({ scheme: 'mpaa', value: 'R' });
  });

  it('at(): before the programming takes effect (nothing on air) nothing is held', () => {
    const lib = assets([['a', 10 * MIN]]);
    const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'c' }] };
    const index = programmedIndex(channel, engine({ versions: [version(rules, { c: ['a'] }, MON)], assets: lib }), new Map());
    expect(index.at(MON - MIN).current).to.equal(null);
    expect(index.at(MON + MIN).current?.assetId).to.equal('a');
  });
});
