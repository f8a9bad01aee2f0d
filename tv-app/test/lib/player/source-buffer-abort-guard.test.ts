import { expect } from 'chai';
import { ENGINE_PROFILES } from '../../../src/core/sync/engine-profile.js';
import { withholdIdleAbort, type AbortOwner } from '../../../src/lib/player/source-buffer-abort-guard.js';

/** A SourceBuffer stand-in: its prototype's abort records what reached the engine. */
function fakeSourceBuffer(): {
  proto: AbortOwner;
  reached: string[];
  instance: AbortOwner & { updating: boolean; appendWindowStart: number; appendWindowEnd: number };
} {
  const reached: string[] = [];
  class FakeBuffer {
    updating = false;
    appendWindowStart = 12;
    appendWindowEnd = 40;
    abort(): void {
      reached.push(this.updating ? 'abort while updating' : 'abort while idle');
    }
  }
  return { proto: FakeBuffer.prototype, reached, instance: new FakeBuffer() };
}

describe('SourceBuffer abort guard (engines that drop every segment appended after abort())', () => {
  it('keeps an abort() between appends from the engine, resets the append window as abort() would, and counts it', () => {
    const buffer = fakeSourceBuffer();
    const guard = withholdIdleAbort(buffer.proto);
    buffer.instance.abort();
    expect(buffer.reached).to.deep.equal([]);
    expect([buffer.instance.appendWindowStart, buffer.instance.appendWindowEnd]).to.deep.equal([0, Number.POSITIVE_INFINITY]);
    buffer.instance.abort();
    expect(guard.withheld()).to.equal(2);
  });

  it('lets an abort() of an append in flight through, on the buffer it was called on', () => {
    const buffer = fakeSourceBuffer();
    const guard = withholdIdleAbort(buffer.proto);
    buffer.instance.updating = true;
    buffer.instance.abort();
    expect(buffer.reached).to.deep.equal(['abort while updating']);
    expect(buffer.instance.appendWindowEnd, 'the engine resets the window itself').to.equal(40);
    expect(guard.withheld()).to.equal(0);
  });

  it("puts the engine's abort back on restore", () => {
    const buffer = fakeSourceBuffer();
    withholdIdleAbort(buffer.proto).restore();
    buffer.instance.abort();
    expect(buffer.reached).to.deep.equal(['abort while idle']);
  });

  it('is what the WebKit/GStreamer profile asks for, and not Chromium', () => {
    expect(ENGINE_PROFILES['webkit-gstreamer'].sourceBufferAbort).to.equal('withhold-idle');
    expect(ENGINE_PROFILES.chromium.sourceBufferAbort).to.equal('native');
  });
});
