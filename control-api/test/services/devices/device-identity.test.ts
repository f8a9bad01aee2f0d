// Device ids, tokens and chat names (stateless, from one secret), the client ids that claim a device,
// and the per-address bucket of POST /v1/devices.
import { expect } from 'chai';
import { createDeviceIdentity, deviceClaim } from '../../../src/services/devices/device-identity.js';
import { AddressBuckets } from '../../../src/services/devices/address-buckets.js';

describe('services/devices', () => {
  const secret = Buffer.alloc(32, 7);

  it('issues ids and tokens that verify with the same secret only, and names that hide the id', () => {
    let n = 0;
    const devices = createDeviceIdentity(secret, (bytes) => Buffer.alloc(bytes, ++n));
    const a = devices.issue();
    expect(a.id).to.equal(`d${'01'.repeat(12)}`);
    expect(devices.verify(a.id, a.token)).to.equal(true);
    expect(devices.verify(a.id, Buffer.from(a.token))).to.equal(true);
    expect(devices.verify(a.id, `${a.token.slice(0, -1)}A`)).to.equal(a.token.endsWith('A'));
    expect(devices.verify(a.id, '')).to.equal(false);
    expect(devices.verify(`${a.id}-01`, a.token), 'a client id is not a device id').to.equal(false);
    expect(createDeviceIdentity(Buffer.alloc(32, 8)).verify(a.id, a.token)).to.equal(false);
    expect(devices.nameOf(a.id)).to.match(/^Viewer [0-9A-F]{4}$/).and.equal(devices.nameOf(a.id));
    expect(devices.nameOf(a.id)).to.not.include(a.id.slice(-4).toUpperCase());
  });

  it('tells device client ids (alone or with a tab suffix), reserved look-alikes and anonymous ids apart', () => {
    const id = `d${'ab'.repeat(12)}`;
    expect(deviceClaim(id)).to.deep.equal({ kind: 'device', deviceId: id });
    expect(deviceClaim(`${id}-0f3a9c`)).to.deep.equal({ kind: 'device', deviceId: id });
    expect(deviceClaim(`${id}-${'f'.repeat(17)}`)).to.deep.equal({ kind: 'malformed' });
    expect(deviceClaim(`${id}-tab`)).to.deep.equal({ kind: 'malformed' });
    expect(deviceClaim(`${id}x`)).to.deep.equal({ kind: 'malformed' });
    expect(deviceClaim('tv-00112233aabbccdd')).to.deep.equal({ kind: 'none' });
    expect(deviceClaim(`D${'AB'.repeat(12)}`)).to.deep.equal({ kind: 'none' });
  });

  it('gives each address a burst, then a refill per minute, and forgets refilled addresses past the cap', () => {
    const b = new AddressBuckets({ burst: 2, refillPerMinute: 6, pruneAbove: 2 });
    expect(b.take('a', 0).ok).to.equal(true);
    expect(b.take('a', 0).ok).to.equal(true);
    expect(b.take('a', 0)).to.deep.equal({ ok: false, retryAfterMs: 10_000 });
    expect(b.take('a', 10_000).ok).to.equal(true);
    b.take('b', 10_000);
    b.take('c', 100_000); // 'a' and 'b' are full again by now: forgotten
    expect(b.size).to.equal(2);
  });
});
