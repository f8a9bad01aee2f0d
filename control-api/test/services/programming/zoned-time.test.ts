// Wall-clock times of a channel's time zone across daylight-saving changes, from the platform's Intl.
import { expect } from 'chai';
import { ZonedClock, isKnownTimeZone, localWeekday } from '../../../src/services/programming/zoned-time.js';

const local = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const iso = (t: number) => new Date(t).toISOString();

describe('services/programming/zoned-time', () => {
  it('knows IANA zones and UTC, refuses made-up ones', () => {
    expect(isKnownTimeZone('Europe/Berlin')).to.equal(true);
    expect(isKnownTimeZone('UTC')).to.equal(true);
    expect(isKnownTimeZone('Mars/Olympus')).to.equal(false);
  });

  it('UTC: wall time is the instant', () => {
    const z = new ZonedClock('UTC');
    expect(z.instantOf(local(2026, 3, 29, 2, 30))).to.equal(local(2026, 3, 29, 2, 30));
  });

  it('Europe/Berlin: 06:00 is 06:00 local on both sides of the spring and autumn changes', () => {
    const z = new ZonedClock('Europe/Berlin');
    expect(iso(z.instantOf(local(2026, 3, 28, 6)))).to.equal('2026-03-28T05:00:00.000Z'); // CET
    expect(iso(z.instantOf(local(2026, 3, 29, 6)))).to.equal('2026-03-29T04:00:00.000Z'); // CEST
    expect(iso(z.instantOf(local(2026, 10, 24, 6)))).to.equal('2026-10-24T04:00:00.000Z');
    expect(iso(z.instantOf(local(2026, 10, 25, 6)))).to.equal('2026-10-25T05:00:00.000Z');
  });

  it('Europe/Berlin: 02:30 in the spring gap starts at the first instant after it (03:00 CEST)', () => {
    const z = new ZonedClock('Europe/Berlin');
    const t = z.instantOf(local(2026, 3, 29, 2, 30));
    expect(iso(t)).to.equal('2026-03-29T01:00:00.000Z');
    expect(z.localAt(t)).to.equal(local(2026, 3, 29, 3, 0));
  });

  it('Europe/Berlin: 02:30 in the repeated autumn hour is its first occurrence', () => {
    const z = new ZonedClock('Europe/Berlin');
    expect(iso(z.instantOf(local(2026, 10, 25, 2, 30)))).to.equal('2026-10-25T00:30:00.000Z'); // CEST, not CET's 01:30Z
  });

  it('America/New_York: the spring gap is 02:00-03:00 local, the autumn repeat 01:00-02:00', () => {
    const z = new ZonedClock('America/New_York');
    expect(iso(z.instantOf(local(2026, 3, 8, 2, 15)))).to.equal('2026-03-08T07:00:00.000Z');
    expect(iso(z.instantOf(local(2026, 3, 8, 6)))).to.equal('2026-03-08T10:00:00.000Z');
    expect(iso(z.instantOf(local(2026, 11, 1, 1, 30)))).to.equal('2026-11-01T05:30:00.000Z'); // EDT
    expect(iso(z.instantOf(local(2026, 11, 1, 6)))).to.equal('2026-11-01T11:00:00.000Z'); // EST
  });

  it('Australia/Lord_Howe: a 30-minute shift (02:00 -> 02:30 in October, 02:00 -> 01:30 in April)', () => {
    const z = new ZonedClock('Australia/Lord_Howe');
    // Spring (4 Oct 2026): +10:30 -> +11:00 at 02:00 local.
    expect(iso(z.instantOf(local(2026, 10, 4, 2, 15)))).to.equal('2026-10-03T15:30:00.000Z');
    expect(z.localAt(z.instantOf(local(2026, 10, 4, 2, 15)))).to.equal(local(2026, 10, 4, 2, 30));
    // Autumn (5 Apr 2026): +11:00 -> +10:30 at 02:00 local; 01:45 happens twice, the first counts.
    expect(iso(z.instantOf(local(2026, 4, 5, 1, 45)))).to.equal('2026-04-04T14:45:00.000Z');
    expect(iso(z.instantOf(local(2026, 4, 5, 6)))).to.equal('2026-04-04T19:30:00.000Z');
  });

  it('weekdays of local readings', () => {
    expect(localWeekday(local(2026, 12, 4, 23, 59))).to.equal(5); // a Friday
    expect(localWeekday(local(2026, 12, 6, 0, 0))).to.equal(0);
  });
});
