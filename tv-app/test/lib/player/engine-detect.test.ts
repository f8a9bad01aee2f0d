import { expect } from 'chai';
import { detectEngineProfileId, engineOverride, engineProfileFor } from '../../../src/lib/player/engine-detect.js';

// What the engines here expose (measured: WPE WebKit 2.38 under cog, Chromium 156).
const WPE = { navigator: { vendor: 'Apple Computer, Inc.', platform: 'Linux x86_64' }, mediaElementPrototype: { webkitPreservesPitch: true } };
const CHROMIUM = { navigator: { vendor: 'Google Inc.', platform: 'Linux x86_64' }, mediaElementPrototype: { preservesPitch: true } };
const SAFARI_MAC = { navigator: { vendor: 'Apple Computer, Inc.', platform: 'MacIntel' }, mediaElementPrototype: { preservesPitch: true, webkitPreservesPitch: true } };

describe('engine detection', () => {
  it('takes WebKit on Linux (WPE, WebKitGTK) for the GStreamer media stack', () => {
    expect(detectEngineProfileId(WPE)).to.equal('webkit-gstreamer');
    // A WPE build whose vendor string was rewritten is still WebKit by its prefixed-only property.
    expect(detectEngineProfileId({ ...WPE, navigator: { vendor: '', platform: 'Linux armv7l' } })).to.equal('webkit-gstreamer');
  });

  it("keeps Chromium's profile for Chromium, and for WebKit on Apple systems (not GStreamer)", () => {
    expect(detectEngineProfileId(CHROMIUM)).to.equal('chromium');
    expect(detectEngineProfileId(SAFARI_MAC)).to.equal('chromium');
  });

  it('lets ?engine= force a known profile and ignores unknown ones', () => {
    expect(engineOverride('?engine=webkit-gstreamer')).to.equal('webkit-gstreamer');
    expect(engineOverride('?engine=netscape')).to.equal(null);
    expect(engineProfileFor(WPE, '?engine=chromium').id).to.equal('chromium');
    expect(engineProfileFor(WPE, '').rateTrim).to.equal('off');
  });
});
