import { expect } from 'chai';
import { ENGINE_PROFILES } from '../../../src/core/sync/engine-profile.js';
import { withholdEndOfStream, type EndOfStreamOwner } from '../../../src/lib/player/end-of-stream-guard.js';

/** A MediaSource stand-in: its prototype's endOfStream records what reached the engine. */
function fakeMediaSource(): { proto: EndOfStreamOwner; reached: Array<string | undefined>; instance: EndOfStreamOwner } {
  const reached: Array<string | undefined> = [];
  class FakeSource {
    endOfStream(error?: string): void {
      reached.push(error);
    }
  }
  return { proto: FakeSource.prototype, reached, instance: new FakeSource() };
}

describe('end-of-stream guard (engines that crash releasing a pipeline after endOfStream)', () => {
  it('keeps a plain endOfStream() from the engine and counts it', () => {
    const source = fakeMediaSource();
    const guard = withholdEndOfStream(source.proto);
    source.instance.endOfStream();
    source.instance.endOfStream();
    expect(source.reached).to.deep.equal([]);
    expect(guard.withheld()).to.equal(2);
  });

  it("lets an endOfStream with an error ('network', 'decode') through, on the instance it was called on", () => {
    const source = fakeMediaSource();
    const guard = withholdEndOfStream(source.proto);
    source.instance.endOfStream('decode');
    expect(source.reached).to.deep.equal(['decode']);
    expect(guard.withheld()).to.equal(0);
  });

  it("puts the engine's endOfStream back on restore", () => {
    const source = fakeMediaSource();
    withholdEndOfStream(source.proto).restore();
    source.instance.endOfStream();
    expect(source.reached).to.deep.equal([undefined]);
  });

  it('is what the WebKit/GStreamer profile asks for, and not Chromium', () => {
    expect(ENGINE_PROFILES['webkit-gstreamer'].endOfStream).to.equal('withhold');
    expect(ENGINE_PROFILES.chromium.endOfStream).to.equal('signal');
  });
});
