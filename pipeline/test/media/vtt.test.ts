import { expect } from 'chai';
import { checkSidecar, formatTimestamp, parseTimestamp, parseVtt, segmentCount, segmentVtt, timestampMap, VttError, vttMediaPlaylist } from '../../src/media/vtt.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof VttError) return err.code;
    throw err;
  }
  return 'no error';
};

const vtt = `WEBVTT

NOTE a comment --> not a cue

1
00:00:00.500 --> 00:00:01.200 line:90%
Hello
there

00:01.800 --> 00:02.400
Across a boundary

00:00:03.000 --> 00:00:03.000
Zero length at a boundary
`;

describe('media/vtt', () => {
  it('reads WebVTT and SRT timestamps, and writes WebVTT ones', () => {
    expect(parseTimestamp('01:02:03.456')).to.equal(3_723_456);
    expect(parseTimestamp('02:03.4')).to.equal(123_400);
    expect(parseTimestamp('00:00:01,250')).to.equal(1250);
    expect(parseTimestamp('1:2:3.4')).to.equal(null);
    expect(parseTimestamp('00:61:00.000')).to.equal(null);
    expect(formatTimestamp(3_723_456)).to.equal('01:02:03.456');
    expect(formatTimestamp(0)).to.equal('00:00:00.000');
  });

  it('parses cues (identifier, settings, multi-line text) and skips the header and NOTE blocks', () => {
    expect(parseVtt(vtt)).to.deep.equal([
      { startMs: 500, endMs: 1200, settings: 'line:90%', text: 'Hello\nthere' },
      { startMs: 1800, endMs: 2400, settings: '', text: 'Across a boundary' },
      { startMs: 3000, endMs: 3000, settings: '', text: 'Zero length at a boundary' },
    ]);
  });

  it('segments in step with the video: segment n covers [n*seg, (n+1)*seg), a cue across a boundary is in both', () => {
    const cues = parseVtt(vtt);
    const segs = segmentVtt(cues, { segmentSeconds: 1, durationMs: 3500 });
    expect(segs).to.have.length(4);
    expect(segmentCount({ segmentSeconds: 1, durationMs: 3000 })).to.equal(3);
    for (const s of segs) expect(s.startsWith('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n')).to.equal(true);
    const cuesOf = (s: string) => parseVtt(s).map((c) => c.text);
    expect(cuesOf(segs[0] ?? '')).to.deep.equal(['Hello\nthere']);
    expect(cuesOf(segs[1] ?? '')).to.deep.equal(['Hello\nthere', 'Across a boundary']);
    expect(cuesOf(segs[2] ?? '')).to.deep.equal(['Across a boundary']);
    expect(cuesOf(segs[3] ?? '')).to.deep.equal(['Zero length at a boundary']);
    // Cue times are kept whole (not clipped to the segment) with their settings.
    expect(segs[1]).to.include('00:00:00.500 --> 00:00:01.200 line:90%\nHello\nthere\n');
  });

  it('anchors the timestamp map at the video timeline start', () => {
    expect(timestampMap(0)).to.equal('X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000');
    expect(timestampMap(1500)).to.equal('X-TIMESTAMP-MAP=MPEGTS:135000,LOCAL:00:00:01.500');
    const segs = segmentVtt([{ startMs: 1600, endMs: 1700, settings: '', text: 'x' }], { segmentSeconds: 1, durationMs: 2000, timelineStartMs: 1500 });
    expect(segs.map((s) => parseVtt(s).length)).to.deep.equal([1, 0]);
  });

  it('writes a VOD media playlist of the segments, the last one short', () => {
    const text = vttMediaPlaylist(['text-0-00001.vtt', 'text-0-00002.vtt', 'text-0-00003.vtt'], { segmentSeconds: 2, durationMs: 5500 });
    expect(text).to.equal(
      ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXTINF:2.000,', 'text-0-00001.vtt', '#EXTINF:2.000,', 'text-0-00002.vtt', '#EXTINF:1.500,', 'text-0-00003.vtt', '#EXT-X-ENDLIST', ''].join('\n'),
    );
  });

  it('checks a sidecar: UTF-8 (a BOM allowed), readable and ordered timings, at least one cue', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:02,000\r\nBonjour\r\n';
    expect(checkSidecar(Buffer.from(`\uFEFF${srt}`, 'utf8'))).to.include('Bonjour');
    expect(codeOf(() => checkSidecar(Buffer.from([0x31, 0x0a, 0xe9, 0x74, 0xe9, 0x0a])))).to.equal('SS_TEXT_INVALID_UTF8');
    expect(codeOf(() => checkSidecar(Buffer.from('1\n00:00:01,000 --> 00:00:xx,000\nBad\n')))).to.equal('SS_TEXT_BAD_TIMING');
    expect(codeOf(() => checkSidecar(Buffer.from('1\n00:00:03,000 --> 00:00:02,000\nBackwards\n')))).to.equal('SS_TEXT_BAD_TIMING');
    expect(codeOf(() => checkSidecar(Buffer.from('just some text\n')))).to.equal('SS_TEXT_EMPTY');
    expect(codeOf(() => parseVtt('WEBVTT\n\n00:00.000 --> nope\nx\n'))).to.equal('SS_TEXT_BAD_TIMING');
  });
});
