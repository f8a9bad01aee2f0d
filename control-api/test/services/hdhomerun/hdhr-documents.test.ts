import { expect } from 'chai';
import { deviceUdn, deviceXml, discoverDocument, lineupDocument } from '../../../src/services/hdhomerun/hdhr-documents.js';
import { makeChannel } from '../../store/builders.js';

const TUNER = { deviceId: '5354524E', friendlyName: 'Tom & "Jerry" <TV>', tunerCount: 2 };

describe('services/hdhomerun/hdhr-documents', () => {
  it('escapes the friendly name in device.xml, and derives one UDN per device id', () => {
    const xml = deviceXml(TUNER, 'http://tv.example');
    expect(xml).to.contain('<friendlyName>Tom &amp; "Jerry" &lt;TV&gt;</friendlyName>');
    expect(deviceUdn('5354524E')).to.equal(deviceUdn('5354524E'));
    expect(deviceUdn('5354524E')).to.not.equal(deviceUdn('12345678'));
    expect(xml).to.contain(`<UDN>${deviceUdn('5354524E')}</UDN>`);
  });

  it('builds every URL on the origin given', () => {
    expect(discoverDocument(TUNER, 'https://tv.example:8443')).to.include({ BaseURL: 'https://tv.example:8443', LineupURL: 'https://tv.example:8443/lineup.json' });
    const lineup = lineupDocument([makeChannel({ id: 'a', number: 3 }), makeChannel({ id: 'b', number: 1, enabled: false })], 'https://tv.example:8443');
    expect(lineup.map((e) => e.URL)).to.deep.equal(['https://tv.example:8443/live/a.ts']);
  });
});
