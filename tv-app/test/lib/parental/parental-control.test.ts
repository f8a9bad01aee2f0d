import { expect } from 'chai';
import { PARENTAL_DEFAULTS, ParentalControl, hashPin, limitLabel, lockedText } from '../../../src/lib/parental/parental-control.js';
import { MemoryStore } from '../memory-store.js';

const T0 = 1_800_000_000_000;
const mature = { id: 'late-film', endMs: T0 + 60_000, title: 'Late Film', rating: { scheme: 'us-tv', value: 'TV-MA' } } as const;
const family = { id: 'cartoon', endMs: T0 + 60_000, title: 'Cartoon', rating: { scheme: 'us-tv', value: 'TV-Y7' } } as const;
const unrated = { id: 'news', endMs: T0 + 60_000, title: 'News' };

function control(store = new MemoryStore()): { store: MemoryStore; ctl: ParentalControl } {
  return { store, ctl: new ParentalControl({ storage: store, salt: () => 'a1b2c3d4e5f60718293a4b5c6d7e8f90' }) };
}

describe('lib/parental/parental-control', () => {
  it('locks nothing without a limit; with one, only what is rated above it (the age a rating means)', () => {
    const { ctl } = control();
    expect(ctl.locks(mature, T0)).to.equal(false);
    expect(ctl.setLimit(13, '4321', T0)).to.deep.equal({ ok: true }); // the first limit chooses the PIN
    expect(ctl.limit).to.equal(13);
    expect(ctl.locks(mature, T0), 'TV-MA means 17').to.equal(true);
    expect(ctl.locks(family, T0), 'TV-Y7 means 7').to.equal(false);
    expect(ctl.locks(unrated, T0), 'unrated').to.equal(false);
    expect(ctl.locks({ id: 'x', endMs: T0 + 1, rating: { scheme: 'mpaa', value: 'PG-13' } }, T0), 'PG-13 at a 13 limit').to.equal(false);
    expect(ctl.locks({ id: 'y', endMs: T0 + 1, rating: { scheme: 'age', value: 16 } }, T0)).to.equal(true);
    expect(ctl.locks(null, T0)).to.equal(false);
  });

  it('stores the PIN only as a salted hash, and the next boot reads the same limit', () => {
    const { store, ctl } = control();
    ctl.setLimit(10, '2468', T0);
    const raw = store.getItem(PARENTAL_DEFAULTS.settingsKey) ?? '';
    expect(raw).to.not.include('2468');
    const stored = JSON.parse(raw) as { pinHash: string; salt: string };
    expect(stored.pinHash).to.equal(hashPin('2468', stored.salt));
    expect(hashPin('2468', 'another salt')).to.not.equal(stored.pinHash);
    expect(new ParentalControl({ storage: store, salt: () => 'x' }).limit).to.equal(10);
  });

  it('the PIN unlocks a program until it ends; the next program is locked again', () => {
    const { ctl } = control();
    ctl.setLimit(13, '4321', T0);
    expect(ctl.unlock(mature, '4321', T0)).to.deep.equal({ ok: true });
    expect(ctl.locks(mature, T0 + 59_999)).to.equal(false);
    expect(ctl.locks({ ...mature, id: 'next-film' }, T0 + 1_000), 'another program').to.equal(true);
    expect(ctl.locks(mature, T0 + 60_000), 'past its end').to.equal(true);
  });

  it('three wrong PINs lock entry for a minute, even the right one and across a reload', () => {
    const { store, ctl } = control();
    ctl.setLimit(13, '4321', T0);
    expect(ctl.unlock(mature, '0000', T0)).to.deep.equal({ ok: false, reason: 'wrong', triesLeft: 2 });
    expect(ctl.unlock(mature, '1111', T0 + 1)).to.deep.equal({ ok: false, reason: 'wrong', triesLeft: 1 });
    expect(ctl.unlock(mature, '2222', T0 + 2)).to.deep.equal({ ok: false, reason: 'lockedOut', untilMs: T0 + 2 + PARENTAL_DEFAULTS.lockoutMs });
    expect(ctl.unlock(mature, '4321', T0 + 3)).to.deep.include({ ok: false, reason: 'lockedOut' });
    const reloaded = new ParentalControl({ storage: store, salt: () => 'x' });
    expect(reloaded.lockedOutUntil(T0 + 30_000)).to.equal(T0 + 2 + PARENTAL_DEFAULTS.lockoutMs);
    expect(reloaded.setLimit(null, '4321', T0 + 30_000)).to.deep.include({ reason: 'lockedOut' });
    expect(reloaded.unlock(mature, '4321', T0 + 2 + PARENTAL_DEFAULTS.lockoutMs)).to.deep.equal({ ok: true });
    expect(reloaded.unlock(mature, '0000', T0 + 70_000), 'the count started again').to.deep.equal({ ok: false, reason: 'wrong', triesLeft: 2 });
  });

  it('changing the limit needs the PIN; turning it off keeps the PIN', () => {
    const { ctl } = control();
    ctl.setLimit(13, '4321', T0);
    expect(ctl.setLimit(null, '9999', T0)).to.deep.include({ ok: false, reason: 'wrong' });
    expect(ctl.limit).to.equal(13);
    expect(ctl.setLimit(null, '4321', T0)).to.deep.equal({ ok: true });
    expect(ctl.limit).to.equal(null);
    expect(ctl.hasPin).to.equal(true);
    expect(ctl.setLimit(7, '1234', T0)).to.deep.include({ ok: false, reason: 'wrong' });
    expect(ctl.setLimit(7, '4321', T0)).to.deep.equal({ ok: true });
  });

  it('refuses a PIN that is not 4 digits and a limit outside the choices; reads garbage in storage as no lock', () => {
    const { store, ctl } = control();
    expect(ctl.setLimit(13, '12a4', T0)).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(ctl.setLimit(13, '123', T0)).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(ctl.setLimit(15, '1234', T0)).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(ctl.hasPin).to.equal(false);
    for (const raw of ['nope', '[]', JSON.stringify({ limit: 'x', salt: 's', pinHash: 'h' }), JSON.stringify({ limit: 13, salt: 's', pinHash: 'short' })]) {
      store.setItem(PARENTAL_DEFAULTS.settingsKey, raw);
      expect(ctl.limit, raw).to.equal(null);
      expect(ctl.locks(mature, T0), raw).to.equal(false);
    }
  });

  it('names limits and locked programs for people', () => {
    expect(limitLabel(null)).to.equal('Off');
    expect(limitLabel(13)).to.equal('Up to 13+');
    expect(lockedText(mature)).to.equal('Late Film · TV-MA');
  });
});
