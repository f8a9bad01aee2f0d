import { expect } from 'chai';
import { ENGINE_PROFILES } from '../../../src/core/sync/engine-profile.js';
import { SHAKA_CONFIG, shakaConfigFor } from '../../../src/lib/player/shaka-config.js';

interface StreamingLite {
  streaming: { rebufferingGoal: number; bufferingGoal: number; retryParameters: unknown };
  manifest: unknown;
}

describe('Shaka configuration per engine', () => {
  it("keeps Shaka's buffering by rate on Chromium (the one configuration, unchanged)", () => {
    expect(shakaConfigFor(ENGINE_PROFILES.chromium)).to.equal(SHAKA_CONFIG);
  });

  it('turns it off on WebKit/GStreamer (a rate change there is a flushing seek), all else the same', () => {
    const wpe = shakaConfigFor(ENGINE_PROFILES['webkit-gstreamer']) as StreamingLite;
    expect(wpe.streaming.rebufferingGoal).to.equal(0);
    expect(wpe.streaming.bufferingGoal).to.equal(SHAKA_CONFIG.streaming.bufferingGoal);
    expect(wpe.streaming.retryParameters).to.deep.equal(SHAKA_CONFIG.streaming.retryParameters);
    expect(wpe.manifest).to.deep.equal(SHAKA_CONFIG.manifest);
    expect(SHAKA_CONFIG.streaming.rebufferingGoal, 'the shared object is not changed').to.equal(0.5);
  });
});
