// Property test of the one-function invariant: random programming (time zones, slots, collections of
// random durations, padding, breaks, a fallback or none) over a simulated week. Guide windows, `now`
// (at) and the boundaries agree at every airing; no overlaps; no gaps when a fallback is set; every slot
// starts exactly where the template says; programs start on padTo marks; breaks cut on segments.
import { expect } from 'chai';
import { WEEKDAYS, type ProgrammingRules, type Slot } from '../../../src/contracts/programming.js';
import { ZonedClock } from '../../../src/services/programming/zoned-time.js';
import { MIN, assets, engine, iso, sequenceProblems, version } from './builders.js';

const DAY = 24 * 60 * MIN;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
/** Weeks holding a daylight-saving change in some of the zones, and one without. */
const WEEK_STARTS = [Date.UTC(2026, 2, 26), Date.UTC(2026, 9, 22), Date.UTC(2026, 2, 5), Date.UTC(2026, 9, 1), Date.UTC(2026, 5, 10)];
const CASES = 24;

/** A small seeded generator for the test's own choices (independent of the engine's PRNG). */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;
  return { next, int, pick };
}

function randomCase(seed: number) {
  const g = generator(seed * 7919 + 17);
  const entries: Array<[string, number, number]> = [];
  const collections: Record<string, string[]> = {};
  for (let c = 0; c < 3; c++) {
    collections[`c${c}`] = Array.from({ length: g.int(1, 6) }, (_, i) => {
      const id = `c${c}a${i}`;
      entries.push([id, g.int(30, 75 * 60) * 1000 + g.int(0, 999), g.pick([2000, 4000, 6000])]);
      return id;
    });
  }
  collections.fill = Array.from({ length: g.int(1, 4) }, (_, i) => {
    entries.push([`f${i}`, g.int(5, 40) * 1000, 2000]);
    return `f${i}`;
  });
  entries.push(['slate', g.int(10, 60) * 1000, 2000]);
  const used = new Set<string>();
  const slots: Slot[] = [];
  for (let n = g.int(1, 6); n > 0; n--) {
    const days = WEEKDAYS.filter(() => g.next() < 0.6);
    const start = `${String(g.int(0, 23)).padStart(2, '0')}:${g.pick(['00', '15', '30', '45', '20'])}`;
    const free = (days.length ? days : [g.pick(WEEKDAYS)]).filter((d) => !used.has(`${d} ${start}`));
    if (free.length === 0) continue;
    free.forEach((d) => used.add(`${d} ${start}`));
    const order = g.pick(['sequential', 'shuffle', 'random'] as const);
    slots.push({ days: free, start, collection: `c${g.int(0, 2)}`, order });
  }
  if (slots.length === 0) slots.push({ days: ['mon'], start: '06:00', collection: 'c0' });
  const rules: ProgrammingRules = { timeZone: g.pick(ZONES), slots };
  if (g.next() < 0.7) rules.padTo = { minutes: g.pick([5, 10, 15, 30, 60]), filler: 'fill' };
  if (g.next() < 0.6) rules.breaks = { everyMinutes: g.pick([8, 15, 20]), filler: 'fill', maxSeconds: g.int(20, 180) };
  if (g.next() < 0.8) rules.fallback = 'slate';
  const weekStart = g.pick(WEEK_STARTS);
  return { rules, collections, lib: assets(entries), weekStart, effective: weekStart - g.int(0, 3) * DAY - g.int(0, 86_399) * 1000 };
}

/** Slot starts of the template in [from, to), computed here from the slot list and the zone. */
function templateStarts(rules: ProgrammingRules, from: number, to: number): Set<number> {
  const clock = new ZonedClock(rules.timeZone);
  const out = new Set<number>();
  for (let day = Math.floor(clock.localAt(from) / DAY) * DAY - DAY; day <= clock.localAt(to) + DAY; day += DAY) {
    const weekday = WEEKDAYS[new Date(day).getUTCDay()];
    for (const slot of rules.slots) {
      if (!slot.days.includes(weekday as (typeof WEEKDAYS)[number])) continue;
      const at = clock.instantOf(day + (Number(slot.start.slice(0, 2)) * 60 + Number(slot.start.slice(3))) * MIN);
      if (at >= from && at < to) out.add(at);
    }
  }
  return out;
}

describe('services/programming: one function of time (property, a simulated week)', function () {
  this.timeout(60_000);

  for (let seed = 1; seed <= CASES; seed++) {
    it(`random programming #${seed}`, () => {
      const { rules, collections, lib, weekStart, effective } = randomCase(seed);
      const label = `${rules.timeZone}, ${rules.slots.length} slots, pad ${rules.padTo?.minutes ?? '-'}, breaks ${rules.breaks?.everyMinutes ?? '-'}, fallback ${rules.fallback ?? '-'}`;
      const make = () => engine({ versions: [version(rules, collections, effective)], assets: lib });
      const weekEnd = weekStart + 7 * DAY;
      const guide = make().window(weekStart, weekEnd);

      expect(sequenceProblems(guide, lib, rules.fallback === undefined), label).to.deep.equal([]);
      if (rules.fallback) {
        expect(guide[0]?.startMs, label).to.be.at.most(weekStart);
        expect(guide[guide.length - 1]?.endMs, label).to.be.at.least(weekEnd);
      }

      // `now` and the next boundary agree with the guide at every airing, asked of a fresh engine.
      const now = make();
      const text = (a: unknown) => JSON.stringify(a);
      guide.forEach((a, i) => {
        const following = guide[i + 1];
        for (const t of [a.startMs, a.endMs - 1]) {
          if (t < weekStart) continue;
          const at = now.at(t);
          if (text(at.current) !== text(a)) expect(at.current, `${label}: now at ${iso(t)}`).to.deep.equal(a);
          if (following && text(at.next) !== text(following)) expect(at.next, `${label}: next at ${iso(t)}`).to.deep.equal(following);
          expect(now.nextBoundaryAfter(t), label).to.equal(a.endMs);
        }
      });

      // Every slot of the template starts exactly where it says (an airing boundary at each).
      const starts = new Set(guide.map((a) => a.startMs));
      const slotStarts = templateStarts(rules, Math.max(weekStart, effective), weekEnd);
      if (rules.fallback) for (const s of slotStarts) expect(starts.has(s), `${label}: slot start ${iso(s)}`).to.equal(true);

      // Programs start at a slot start, on a padTo mark, or right after the program before (no padTo).
      const clock = new ZonedClock(rules.timeZone);
      for (const p of guide.filter((a) => a.kind === 'program' && a.part === 1 && a.startMs >= weekStart)) {
        if (rules.padTo) {
          const onMark = clock.localAt(p.startMs) % (rules.padTo.minutes * MIN) === 0;
          expect(onMark || slotStarts.has(p.startMs) || p.startMs === effective, `${label}: program at ${iso(p.startMs)}`).to.equal(true);
        }
      }

      // Breaks cut programs only on their segment grid.
      for (const p of guide.filter((a) => a.kind === 'program' && a.part < a.parts)) {
        const seg = lib.get(p.assetId)?.segmentMs as number;
        expect(p.outMs % seg, `${label}: cut of ${p.assetId} at ${p.outMs}`).to.equal(0);
      }

      // The same week asked day by day, in a scrambled order, of one warm engine.
      const warm = make();
      const byStart = new Map<number, unknown>();
      for (const d of [3, 6, 0, 4, 1, 5, 2]) for (const a of warm.window(weekStart + d * DAY, weekStart + (d + 1) * DAY)) byStart.set(a.startMs, a);
      const pieced = [...byStart.values()].sort((a, b) => (a as { startMs: number }).startMs - (b as { startMs: number }).startMs);
      expect(JSON.stringify(pieced) === JSON.stringify(guide), `${label}: the week asked day by day differs`).to.equal(true);
      // And again after weeks further ahead have pushed it out of the engine's span cache.
      warm.window(weekEnd + 7 * DAY, weekEnd + 21 * DAY);
      expect(JSON.stringify(warm.window(weekStart, weekEnd)) === JSON.stringify(guide), `${label}: the week asked again differs`).to.equal(true);
    });
  }
});
