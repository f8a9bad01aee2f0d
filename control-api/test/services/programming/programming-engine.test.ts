// The programming engine's rules, one test each: orders, padding to the clock, slot ends, fallback,
// breaks at segment boundaries, overrides, versions, time zones, determinism.
import { expect } from 'chai';
import { inForce } from '../../../src/services/programming/programming-engine.js';
import { MIN_SLATE_CLIP_MS } from '../../../src/services/programming/span-fill.js';
import { ZonedClock } from '../../../src/services/programming/zoned-time.js';
import { ALL_DAYS, MIN, assets, engine, iso, programs, sequenceProblems, version } from './builders.js';

const DAY = 24 * 60 * MIN;
const MON = Date.UTC(2026, 0, 5); // Monday 5 January 2026, 00:00 UTC
const shows = (n: number, minutes: (i: number) => number) => Array.from({ length: n }, (_, i): [string, number] => [`s${i}`, minutes(i) * MIN]);
const ids = (n: number, prefix = 's') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('services/programming/programming-engine', () => {
  describe('orders', () => {
    it('sequential: back to back, and the next day goes on where the collection stopped', () => {
      // One slot a day 06:00-(next day 06:00) would be a day long; two slots make 06:00-07:00 a one-hour slot.
      const lib = assets([...shows(5, () => 25), ['x', 60 * MIN]]);
      const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '06:00', collection: 'shows' }, { days: [...ALL_DAYS], start: '07:00', collection: 'other' }] };
      const e = engine({ versions: [version(rules, { shows: ids(5), other: ['x'] }, MON)], assets: lib });
      const day1 = programs(e.window(MON + 6 * 60 * MIN, MON + 7 * 60 * MIN)).map((a) => a.assetId);
      const day2 = programs(e.window(MON + DAY + 6 * 60 * MIN, MON + DAY + 7 * 60 * MIN)).map((a) => a.assetId);
      expect(day1).to.deep.equal(['s0', 's1']); // a third 25-minute show would overrun 07:00
      expect(day2).to.deep.equal(['s2', 's3']);
    });

    it('shuffle: every item once before any repeats', () => {
      const lib = assets(shows(7, () => 10));
      const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'c', order: 'shuffle' as const }] };
      const e = engine({ versions: [version(rules, { c: ids(7) }, MON)], assets: lib });
      const played = programs(e.window(MON, MON + 7 * 10 * 3 * MIN)).map((a) => a.assetId);
      expect(played.length).to.equal(21);
      for (let round = 0; round < 3; round++) expect([...played.slice(round * 7, round * 7 + 7)].sort()).to.deep.equal(ids(7));
      expect(played.slice(0, 7)).to.not.deep.equal(ids(7)); // it is shuffled (this seed's first round is not the list order)
      expect(played.slice(0, 7)).to.not.deep.equal(played.slice(7, 14)); // each round is its own
    });

    it('random: draws by weight and never repeats the item just played', () => {
      const lib = assets(shows(3, () => 1));
      const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'c', order: 'random' as const, weights: { s0: 8, s1: 1, s2: 1 } }] };
      const e = engine({ versions: [version(rules, { c: ids(3) }, MON)], assets: lib });
      const played = programs(e.window(MON, MON + 3000 * MIN)).map((a) => a.assetId);
      for (let i = 1; i < played.length; i++) expect(played[i], `draw ${i}`).to.not.equal(played[i - 1]);
      const share = played.filter((id) => id === 's0').length / played.length;
      // s0 can never follow itself, so it is at most every other draw; with weight 8 of 10 it should be close to that.
      expect(share).to.be.within(0.4, 0.5);
    });
  });

  describe('padding, slot ends, fallback', () => {
    const lib = assets([['show', 21 * MIN], ['long', 50 * MIN], ['p10', 10_000], ['p15', 15_000], ['slate', 20_000]]);
    const rules = {
      timeZone: 'Europe/Berlin',
      slots: [{ days: [...ALL_DAYS], start: '18:00', collection: 'shows' }, { days: [...ALL_DAYS], start: '19:00', collection: 'late' }],
      padTo: { minutes: 30, filler: 'promos' },
      fallback: 'slate',
    };
    const e = engine({ versions: [version(rules, { shows: ['show'], late: ['long'], promos: ['p10', 'p15'] }, MON)], assets: lib });
    const from = Date.UTC(2026, 0, 6, 17, 0); // 18:00 Berlin (CET)
    const hour = e.window(from, from + 60 * MIN);

    it('each program is padded with filler to the next :00/:30 of local time', () => {
      expect(programs(hour).map((a) => iso(a.startMs))).to.deep.equal(['2026-01-06T17:00:00.000Z', '2026-01-06T17:30:00.000Z']);
      const afterFirst = hour.filter((a) => a.startMs >= from + 21 * MIN && a.startMs < from + 30 * MIN);
      expect(afterFirst.every((a) => a.kind === 'filler' || a.kind === 'slate')).to.equal(true);
      expect(afterFirst.some((a) => a.kind === 'filler')).to.equal(true);
    });

    it('no gap: what no filler fits is a clip of the fallback slate', () => {
      expect(sequenceProblems(hour, lib, false)).to.deep.equal([]);
      const slates = hour.filter((a) => a.kind === 'slate');
      expect(slates.length).to.be.greaterThan(0);
      for (const s of slates) expect(s.inMs).to.equal(0);
      // 9 minutes of padding = 540 s: 10 s and 15 s promos fill all but what neither fits (< 10 s).
      const pad = hour.filter((a) => a.startMs >= from + 21 * MIN && a.endMs <= from + 30 * MIN);
      expect(pad.filter((a) => a.kind === 'slate').reduce((sum, a) => sum + a.endMs - a.startMs, 0)).to.be.below(10_000);
    });

    it('a program that would overrun the slot end is not started; the rest of the slot is filled', () => {
      const late = e.window(from + 60 * MIN, from + 120 * MIN);
      // The 19:00 slot runs to 18:00 the next day, so "long" plays; the 18:00 slot holds one hour: 21 + pad, 21 + pad.
      expect(programs(hour)).to.have.length(2);
      expect(hour[hour.length - 1]?.endMs).to.equal(from + 60 * MIN);
      expect(programs(late)[0]?.assetId).to.equal('long');
    });

    it('no slate clip shorter than 2 s where filler can be given back for it', () => {
      const lib7 = assets([['show', 21 * MIN], ['long', 50 * MIN], ['p7', 7_000], ['slate', 20_000]]);
      const e7 = engine({ versions: [version(rules, { shows: ['show'], late: ['long'], promos: ['p7'] }, MON)], assets: lib7 });
      const w = e7.window(from, from + 60 * MIN);
      expect(sequenceProblems(w, lib7, false)).to.deep.equal([]);
      const clips = w.filter((a) => a.kind === 'slate');
      expect(clips.length).to.be.greaterThan(0); // 540 s of padding is 77 promos and 1 s
      for (const c of clips) expect(c.endMs - c.startMs, `slate clip at ${iso(c.startMs)}`).to.be.at.least(MIN_SLATE_CLIP_MS);
    });

    it('without a fallback, time no filler fits stays off air (a gap, never an overlap)', () => {
      const bare = engine({ versions: [version({ ...rules, fallback: undefined }, { shows: ['show'], late: ['long'], promos: ['p10', 'p15'] }, MON)], assets: lib });
      const w = bare.window(from, from + 60 * MIN);
      expect(sequenceProblems(w, lib, true)).to.deep.equal([]);
      expect(w.some((a) => a.kind === 'slate')).to.equal(false);
      expect(programs(w).map((a) => a.startMs)).to.deep.equal([from, from + 30 * MIN]);
    });
  });

  describe('breaks', () => {
    const lib = assets([['film', 50 * MIN + 3_000, 4_000], ['ad20', 20_000], ['ad45', 45_000], ['slate', 60_000]]);
    const rules = {
      timeZone: 'UTC',
      slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'films' }],
      breaks: { everyMinutes: 15, filler: 'ads', maxSeconds: 90 },
      fallback: 'slate',
    };
    const e = engine({ versions: [version(rules, { films: ['film'], ads: ['ad20', 'ad45'] }, MON)], assets: lib });
    const w = e.window(MON, MON + 70 * MIN);
    const parts = w.filter((a) => a.assetId === 'film').slice(0, 4); // the first showing

    it('split programs longer than the interval into parts cut at segment boundaries', () => {
      expect(parts.map((p) => `${p.part}/${p.parts}`)).to.deep.equal(['1/4', '2/4', '3/4', '4/4']);
      expect(parts.map((p) => p.inMs)).to.deep.equal([0, 900_000, 1_800_000, 2_700_000]);
      for (const p of parts.slice(0, -1)) expect(p.outMs % 4_000, `cut at ${p.outMs}`).to.equal(0);
      expect(parts[3]?.outMs).to.equal(50 * MIN + 3_000);
    });

    it('put filler breaks of at most maxSeconds between the parts', () => {
      for (let i = 0; i + 1 < parts.length; i++) {
        const between = w.filter((a) => a.startMs >= (parts[i]?.endMs as number) && a.endMs <= (parts[i + 1]?.startMs as number));
        expect(between.length).to.be.greaterThan(0);
        expect(between.every((a) => a.kind === 'break')).to.equal(true);
        expect(between.reduce((s, a) => s + a.endMs - a.startMs, 0)).to.be.at.most(90_000);
        expect(between[0]?.startMs).to.equal(parts[i]?.endMs);
        expect(between[between.length - 1]?.endMs).to.equal(parts[i + 1]?.startMs);
      }
    });

    it('cuts on the segment grid even when the interval is not a multiple of the segment', () => {
      const odd = assets([['film', 40 * MIN, 6_000], ['ad', 20_000]]);
      const e2 = engine({ versions: [version({ ...rules, breaks: { everyMinutes: 7, filler: 'ads', maxSeconds: 20 } }, { films: ['film'], ads: ['ad'] }, MON)], assets: odd });
      const cuts = e2.window(MON, MON + 30 * MIN).filter((a) => a.assetId === 'film').map((a) => a.outMs);
      expect(cuts.slice(0, 3)).to.deep.equal([420_000, 840_000, 1_260_000]);
      for (const c of cuts) expect(c % 6_000).to.equal(0);
    });
  });

  describe('overrides and versions', () => {
    const lib = assets([...shows(3, () => 30), ['gala', 90 * MIN], ['slate', 60_000]]);
    const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'c' }], fallback: 'slate' };
    const v1 = version(rules, { c: ids(3) }, MON);

    it('an override replaces the template between two instants, then the template goes on', () => {
      const override = { id: 'gala', channelId: 'ch1', startMs: MON + 20 * 60 * MIN, endMs: MON + 22 * 60 * MIN, collection: null, items: ['gala'], order: 'sequential' as const, createdAt: MON };
      const e = engine({ versions: [v1], assets: lib, overrides: [override] });
      const w = e.window(MON + 19 * 60 * MIN, MON + 23 * 60 * MIN);
      expect(sequenceProblems(w, lib, false)).to.deep.equal([]);
      const gala = w.find((a) => a.assetId === 'gala');
      expect(gala?.startMs).to.equal(override.startMs);
      expect(w.filter((a) => a.startMs >= override.startMs && a.startMs < override.endMs).every((a) => a.assetId === 'gala' || a.kind === 'slate')).to.equal(true);
      expect(w.find((a) => a.startMs === override.endMs)?.kind).to.equal('program');
      // Without the override the template had a show at 20:00.
      expect(engine({ versions: [v1], assets: lib }).at(override.startMs).current?.assetId).to.match(/^s\d$/);
    });

    it('a new version takes over at its effective time; what came before is unchanged', () => {
      const v2 = version({ ...rules, slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'd' }] }, { d: ['gala'] }, MON + DAY + 90 * MIN, 2);
      const before = engine({ versions: [v1], assets: lib }).window(MON, MON + DAY + 90 * MIN);
      const both = engine({ versions: [v1, v2], assets: lib });
      expect(both.window(MON, MON + DAY + 90 * MIN)).to.deep.equal(before);
      expect(both.at(MON + DAY + 90 * MIN).current).to.include({ assetId: 'gala', startMs: MON + DAY + 90 * MIN });
    });
  });

  describe('time zones', () => {
    const lib = assets([['a', 10 * MIN], ['b', 10 * MIN]]);
    const slotStarts = (zone: string, start: string, fromMs: number, days: number): string[] => {
      const e = engine({
        versions: [version({ timeZone: zone, slots: [{ days: [...ALL_DAYS], start, collection: 'a' }, { days: [...ALL_DAYS], start: '12:00', collection: 'b' }] }, { a: ['a'], b: ['b'] }, fromMs - 2 * DAY)],
        assets: lib,
      });
      const clock = new ZonedClock(zone);
      return programs(e.window(fromMs, fromMs + days * DAY))
        .filter((p, i, all) => p.assetId === 'a' && all[i - 1]?.assetId !== 'a')
        .map((p) => new Date(clock.localAt(p.startMs)).toISOString().slice(0, 16));
    };

    it('Europe/Berlin: 06:00 local on both sides of the spring change', () => {
      expect(slotStarts('Europe/Berlin', '06:00', Date.UTC(2026, 2, 28), 2)).to.deep.equal(['2026-03-28T06:00', '2026-03-29T06:00']);
    });

    it('Europe/Berlin: a slot at 02:30 starts right after the spring gap, and once in the repeated autumn hour', () => {
      expect(slotStarts('Europe/Berlin', '02:30', Date.UTC(2026, 2, 28, 12), 1)).to.deep.equal(['2026-03-29T03:00']);
      expect(slotStarts('Europe/Berlin', '02:30', Date.UTC(2026, 9, 24, 12), 1)).to.deep.equal(['2026-10-25T02:30']);
    });

    it('America/New_York: 06:00 local across the autumn change', () => {
      expect(slotStarts('America/New_York', '06:00', Date.UTC(2026, 9, 31, 17), 2)).to.deep.equal(['2026-11-01T06:00', '2026-11-02T06:00']);
    });

    it('Australia/Lord_Howe: 06:00 local across its 30-minute spring shift', () => {
      expect(slotStarts('Australia/Lord_Howe', '06:00', Date.UTC(2026, 9, 2, 12), 2)).to.deep.equal(['2026-10-03T06:00', '2026-10-04T06:00']);
    });

    it('UTC: slot starts are the wall times', () => {
      expect(slotStarts('UTC', '06:00', MON, 2)).to.deep.equal(['2026-01-05T06:00', '2026-01-06T06:00']);
    });
  });

  it('is one function of its inputs: windows in any order, fresh or warm, agree', () => {
    const lib = assets([...shows(6, (i) => 7 + i * 3), ['p', 15_000], ['slate', 30_000]]);
    const rules = { timeZone: 'Europe/Berlin', slots: [{ days: [...ALL_DAYS], start: '06:00', collection: 'c', order: 'shuffle' as const }, { days: ['sat' as const], start: '20:00', collection: 'c', order: 'random' as const }], padTo: { minutes: 15, filler: 'f' }, fallback: 'slate' };
    const make = () => engine({ versions: [version(rules, { c: ids(6), f: ['p'] }, MON)], assets: lib });
    const whole = make().window(MON, MON + 7 * DAY);
    const warm = make();
    const pieces: typeof whole = [];
    for (const day of [4, 0, 6, 2, 1, 5, 3]) pieces.push(...warm.window(MON + day * DAY, MON + (day + 1) * DAY));
    const dedup = [...new Map(pieces.map((a) => [a.startMs, a])).values()].sort((a, b) => a.startMs - b.startMs);
    expect(dedup).to.deep.equal(whole);
    expect(make().window(MON + 5 * DAY, MON + 6 * DAY)).to.deep.equal(whole.filter((a) => a.endMs > MON + 5 * DAY && a.startMs < MON + 6 * DAY));
  });
});

describe('services/programming/programming-engine: versions in force', () => {
  it('a later version with an earlier effective time supersedes one still pending', () => {
    const rules = { timeZone: 'UTC', slots: [{ days: [...ALL_DAYS], start: '00:00', collection: 'c' }] };
    const v1 = version(rules, {}, 0, 1);
    const v2 = version(rules, {}, 500, 2); // pending when v3 was written
    const v3 = version(rules, {}, 300, 3);
    const v4 = version(rules, {}, 900, 4);
    expect(inForce([v4, v2, v3, v1]).map((v) => v.version)).to.deep.equal([1, 3, 4]);
  });
});
