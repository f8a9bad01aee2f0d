import { expect } from 'chai';
import { DEMO_LINEUP, demoPlan, demoSpecProblems, type DemoLineupSpec } from '../../src/sample/demo-lineup.js';
import { SAMPLE_SOURCES } from '../../src/sample/sample-sources.js';

/** Every sample source packaged, as asset "a-<key>". */
const allReady = new Map(SAMPLE_SOURCES.map((s) => [s.key, `a-${s.key}`]));

describe('demo lineup (what a new library gets)', () => {
  it('names only sources, collections and time zones that exist', () => {
    expect(demoSpecProblems(DEMO_LINEUP, SAMPLE_SOURCES)).to.deep.equal([]);
    for (const c of DEMO_LINEUP.channels) expect(() => new Intl.DateTimeFormat('en', { timeZone: c.timeZone }), c.timeZone).not.to.throw();
    const typo: DemoLineupSpec = {
      ...DEMO_LINEUP,
      fallback: 'slat',
      collections: [{ id: 'demo-news', name: 'News', sources: ['nwes'] }],
    };
    expect(demoSpecProblems(typo, SAMPLE_SOURCES)).to.include.members([
      'collection demo-news: no source nwes',
      'fallback: no source slat',
      'filler: no collection demo-promos',
      'channel demo-one: no collection demo-family',
    ]);
  });

  it('looks like television once everything is in: 3-4 channels in different time zones, padded to 5 minutes, breaks, a slate', () => {
    const plan = demoPlan(DEMO_LINEUP, allReady);
    expect(plan.channels.length).to.be.within(3, 4);
    expect(new Set(plan.channels.map((c) => c.rules.timeZone)).size).to.equal(plan.channels.length);
    for (const { rules } of plan.channels) {
      expect(rules.padTo).to.deep.equal({ minutes: 5, filler: 'demo-promos' });
      expect(rules.breaks).to.deep.equal({ everyMinutes: 1, filler: 'demo-bumpers', maxSeconds: 15 });
      expect(rules.fallback).to.equal('a-slate');
      for (const slot of rules.slots) expect(slot.days).to.have.length(7);
    }
    const one = plan.channels.find((c) => c.spec.id === 'demo-one');
    expect(one?.rules.slots.map((s) => [s.start, s.collection, s.order])).to.deep.equal([
      ['06:00', 'demo-news', 'sequential'],
      ['12:00', 'demo-family', 'shuffle'],
      ['20:00', 'demo-movies', 'random'],
    ]);
    expect(plan.collections.find((c) => c.id === 'demo-promos')?.items).to.deep.equal(['a-promo-tonight', 'a-promo-weekend', 'a-bumper']);
    // Every order is shown somewhere.
    expect(new Set(plan.channels.flatMap((c) => c.rules.slots.map((s) => s.order)))).to.deep.equal(new Set(['sequential', 'shuffle', 'random']));
  });

  it('grows as sources arrive: nothing before the first show, then the channels that can already play it, unpadded', () => {
    expect(demoPlan(DEMO_LINEUP, new Map())).to.deep.equal({ collections: [], channels: [] });
    const first = demoPlan(DEMO_LINEUP, new Map([['news', 'a-news']]));
    expect(first.collections).to.deep.equal([{ id: 'demo-news', name: 'News and sport', items: ['a-news'] }]);
    expect(first.channels.map((c) => c.spec.id)).to.deep.equal(['demo-one', 'demo-metro']);
    const one = first.channels[0]?.rules;
    expect(one?.slots.map((s) => s.collection)).to.deep.equal(['demo-news']); // no slot over an empty collection
    expect(one).not.to.have.any.keys('padTo', 'breaks', 'fallback');
    // The filler and the slate bring padding, breaks and the fallback.
    const filled = demoPlan(DEMO_LINEUP, new Map([['news', 'a-news'], ['bumper', 'a-bumper'], ['slate', 'a-slate']]));
    expect(filled.channels[0]?.rules).to.include.keys('padTo', 'breaks', 'fallback');
    expect(filled.channels[0]?.rules.padTo?.filler).to.equal('demo-promos');
  });
});
