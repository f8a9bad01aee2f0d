import { expect } from 'chai';
import { loopbackOrigin, selfInputUrl } from '../../../src/services/live-ts/self-input-url.js';

describe('services/live-ts/self-input-url', () => {
  it('reaches a wildcard address over loopback, and a specific one as it is', () => {
    expect(loopbackOrigin({ address: '0.0.0.0', family: 'IPv4', port: 8080 })).to.equal('http://127.0.0.1:8080');
    expect(loopbackOrigin({ address: '::', family: 'IPv6', port: 8080 })).to.equal('http://[::1]:8080');
    expect(loopbackOrigin({ address: '192.168.1.20', family: 'IPv4', port: 80 })).to.equal('http://192.168.1.20:80');
    expect(loopbackOrigin({ address: 'fe80::1', family: 'IPv6', port: 81 })).to.equal('http://[fe80::1]:81');
  });

  it("builds the channel's HLS master URL from the address at the time of the call", () => {
    let address: { address: string; family: string; port: number } | null = null;
    const url = selfInputUrl({ address: () => address });
    expect(() => url('news')).to.throw().with.property('code', 'SS_LIVE_TS_NO_INPUT');
    address = { address: '127.0.0.1', family: 'IPv4', port: 41234 };
    expect(url('news')).to.equal('http://127.0.0.1:41234/live/news/master.m3u8');
  });
});
