import { expect } from 'chai';
import { m3uAttr, m3uTitle, renderM3u } from '../../../src/services/iptv/render-m3u.js';
import { makeChannel } from '../../store/builders.js';

describe('services/iptv/render-m3u', () => {
  it('keeps every entry on its two lines whatever a name holds (quotes, CR, LF, NEL, LS, PS, controls)', () => {
    const nasty = 'A"B\r\nC\u0085D\u2028E\u2029F\u0007G,H';
    expect(m3uAttr(nasty)).to.equal("A'B C D E F G,H");
    expect(m3uTitle(` ${nasty}\n`)).to.equal("A'B C D E F G,H");
    const text = renderM3u({ channels: [makeChannel({ id: 'x', number: 1, name: nasty, group: nasty })], origin: 'http://tv.example', guidePath: '/iptv/xmltv.xml' });
    expect(text.split('\n')).to.have.length(4); // header, #EXTINF, URL, and the final newline
  });

  it('writes only http(s) logos, made absolute; anything else is an empty tvg-logo', () => {
    const logos = ['/l.png', 'logos/l.png', 'https://cdn.example/l.png', 'javascript:alert(1)', 'data:image/png;base64,AA', null];
    const channels = logos.map((logoUrl, i) => makeChannel({ id: `c${i}`, number: i + 1, logoUrl }));
    const text = renderM3u({ channels, origin: 'http://tv.example:81', guidePath: '/iptv/xmltv.xml' });
    expect([...text.matchAll(/tvg-logo="([^"]*)"/g)].map((m) => m[1])).to.deep.equal([
      'http://tv.example:81/l.png',
      'http://tv.example:81/logos/l.png',
      'https://cdn.example/l.png',
      '',
      '',
      '',
    ]);
  });
});
