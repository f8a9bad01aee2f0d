import { expect } from 'chai';
import { shiftVttTimestampMap } from '../../../src/services/live/vtt-timestamp-shift.js';

const SEGMENT = 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n00:00:02.800 --> 00:00:03.400\nAcross a boundary\n';

describe('services/live/vtt-timestamp-shift', () => {
  it("adds the shift to MPEGTS only: LOCAL and every cue stay the pipeline's", () => {
    const out = shiftVttTimestampMap(SEGMENT, 158_400_000_000_000n);
    expect(out).to.equal(SEGMENT.replace('MPEGTS:0,', 'MPEGTS:158400000000000,'));
  });

  it('keeps the order of the fields and a non-zero MPEGTS of a source that did not start at 0', () => {
    const out = shiftVttTimestampMap('WEBVTT\nX-TIMESTAMP-MAP=LOCAL:00:00:01.000,MPEGTS:90000\n\n', 900n);
    expect(out).to.equal('WEBVTT\nX-TIMESTAMP-MAP=LOCAL:00:00:01.000,MPEGTS:90900\n\n');
  });

  it('adds a map after the header where there is none (cue time 0 is MPEGTS 0 before the shift)', () => {
    expect(shiftVttTimestampMap('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n', 90n)).to.equal('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:90,LOCAL:00:00:00.000\n\n00:00:01.000 --> 00:00:02.000\nHi\n');
    expect(shiftVttTimestampMap('WEBVTT', 5n)).to.equal('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:5,LOCAL:00:00:00.000\n');
  });
});
