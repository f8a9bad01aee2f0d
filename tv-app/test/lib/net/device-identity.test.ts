// The TV's device identity: kept in storage and used at once, registered (once at a time) when
// missing, anonymous while the API is down and registered again later, forgotten and registered
// again once when the broker refuses it; a device reset forgets it.
import { expect } from 'chai';
import { DEVICE_IDENTITY_DEFAULTS, DeviceIdentityKeeper, parseDeviceIdentity, type DeviceIdentity, type IdentityStore } from '../../../src/lib/net/device-identity.js';
import { DevicePrefs } from '../../../src/lib/screens/device-prefs.js';

const KEY = DEVICE_IDENTITY_DEFAULTS.storageKey;
const device = (n: number): DeviceIdentity => ({ id: `d${String(n).repeat(24).slice(0, 24)}`, token: `token-${n}`.padEnd(43, 'x'), name: `Viewer 000${n}` });

class Store implements IdentityStore {
  readonly map = new Map<string, string>();
  failing = false;
  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    if (this.failing) throw new Error('blocked');
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failing) throw new Error('blocked');
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** A register() the test answers by hand. */
function registrar() {
  const calls: Array<{ resolve: (d: DeviceIdentity) => void; reject: (e: Error) => void }> = [];
  const register = () => new Promise<DeviceIdentity>((resolve, reject) => void calls.push({ resolve, reject }));
  return { register, calls };
}

function keeper(store: Store | null, register: () => Promise<DeviceIdentity>, clock = { t: 0 }) {
  let n = 0;
  const randomHex = (digits: number) => String(++n % 10).repeat(digits);
  return new DeviceIdentityKeeper({ storage: store, register, randomHex, clock: () => clock.t, retryAfterFailureMs: 30_000 });
}

describe('lib/net/device-identity (the TV\'s device identity)', () => {
  it('connects at once with a kept identity: <device id>-<page suffix>, username the id, password the token', () => {
    const store = new Store();
    store.setItem(KEY, JSON.stringify(device(1)));
    const { register, calls } = registrar();
    const k = keeper(store, register);
    expect(k.ready(), 'nothing to wait for').to.equal(null);
    expect(k.credentials()).to.deep.equal({ clientId: `${device(1).id}-111111`, username: device(1).id, password: device(1).token, name: 'Viewer 0001' });
    k.refresh();
    expect(calls).to.have.length(0);
  });

  it('registers once when none is kept (however often asked), keeps it, and connects with it', async () => {
    const store = new Store();
    const { register, calls } = registrar();
    const k = keeper(store, register);
    const first = k.ready();
    const second = k.ready();
    k.refresh();
    expect(calls, 'one request').to.have.length(1);
    expect(k.credentials().clientId).to.equal('tv-2222222222222222');
    calls[0]?.resolve(device(3));
    await Promise.all([first, second]);
    expect(parseDeviceIdentity(JSON.parse(store.map.get(KEY) ?? 'null'))).to.deep.equal(device(3));
    expect(k.credentials()).to.include({ clientId: `${device(3).id}-111111`, username: device(3).id, password: device(3).token });
    // Another page of the same device: the kept identity, its own suffix.
    const other = keeper(store, register);
    expect(other.ready()).to.equal(null);
    expect(other.credentials().username).to.equal(device(3).id);
  });

  it('while the API is down: anonymous, then registered again when the connection comes or goes, not more often than the retry interval', async () => {
    const store = new Store();
    const { register, calls } = registrar();
    const clock = { t: 1_000 };
    const k = keeper(store, register, clock);
    const ready = k.ready();
    calls[0]?.reject(new Error('API down'));
    await ready; // never rejects: the TV connects anonymously
    expect(k.credentials()).to.deep.equal({ clientId: 'tv-2222222222222222', name: null });
    clock.t += 29_999;
    k.refresh();
    expect(calls, 'inside the retry interval').to.have.length(1);
    clock.t += 1;
    k.refresh();
    k.refresh();
    expect(calls).to.have.length(2);
    calls[1]?.resolve(device(4));
    await k.ready(); // the registration under way
    expect(k.credentials().username, 'used from the next CONNECT on').to.equal(device(4).id);
    expect(store.map.has(KEY)).to.equal(true);
  });

  it('refused by the broker: forgets it and registers again once; refused again: anonymous for this page', async () => {
    const store = new Store();
    store.setItem(KEY, JSON.stringify(device(1)));
    const { register, calls } = registrar();
    const k = keeper(store, register);
    const refusedOnce = k.refused(k.credentials());
    expect(store.map.has(KEY), 'forgotten at once').to.equal(false);
    expect(calls).to.have.length(1);
    calls[0]?.resolve(device(5));
    expect(await refusedOnce).to.equal(true);
    expect(k.credentials().username).to.equal(device(5).id);
    expect(JSON.parse(store.map.get(KEY) ?? 'null')).to.deep.equal(device(5));
    expect(await k.refused(k.credentials()), 'connect again, anonymously').to.equal(true);
    expect(calls, 'no second registration').to.have.length(1);
    expect(k.credentials()).to.deep.equal({ clientId: 'tv-2222222222222222', name: null });
    expect(k.ready()).to.equal(null);
    k.refresh();
    expect(calls).to.have.length(1);
    expect(await k.refused(k.credentials()), 'an anonymous refusal is not ours to mend').to.equal(false);
  });

  it('a refusal of credentials already replaced reconnects with the new ones', async () => {
    const store = new Store();
    store.setItem(KEY, JSON.stringify(device(6)));
    const { register, calls } = registrar();
    const k = keeper(store, register);
    expect(await k.refused({ clientId: 'old', username: device(1).id, password: device(1).token, name: null })).to.equal(true);
    expect(calls).to.have.length(0);
    expect(k.credentials().username).to.equal(device(6).id);
  });

  it('reads garbage or a blocked storage as nothing kept', async () => {
    for (const raw of ['{', '"x"', JSON.stringify({ id: 'tv-1', token: 'abcdefghijklmnopq' }), JSON.stringify({ ...device(1), token: 'short' })]) {
      const store = new Store();
      store.setItem(KEY, raw);
      const { register } = registrar();
      expect(keeper(store, register).ready(), raw).to.not.equal(null);
    }
    const blocked = new Store();
    blocked.failing = true;
    const { register, calls } = registrar();
    const k = keeper(blocked, register);
    const ready = k.ready();
    calls[0]?.resolve(device(7));
    await ready;
    expect(k.credentials().username, 'held for this page').to.equal(device(7).id);
    expect(keeper(null, register).credentials().clientId).to.match(/^tv-/);
  });

  it('a device reset forgets it: the next boot registers a new one', async () => {
    const store = new Store();
    store.setItem(KEY, JSON.stringify(device(1)));
    store.setItem('streamsync.parental.lock', '{"limit":13}');
    new DevicePrefs(store).reset();
    expect([...store.map.keys()]).to.deep.equal(['streamsync.parental.lock']);
    const { register, calls } = registrar();
    expect(keeper(store, register).ready()).to.not.equal(null);
    expect(calls).to.have.length(1);
  });
});
