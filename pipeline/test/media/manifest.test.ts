import { expect } from 'chai';
import { parseHlsMaster, parseHlsMedia, parseMpd, representationDurationMs, segmentFiles } from '../../src/media/manifest.js';

// The shape ffmpeg's dash muxer writes (trimmed), as a fixture.
const MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT5.0S">
  <Period id="0" start="PT0.0S">
    <AdaptationSet id="0" contentType="video" startWithSAP="1" segmentAlignment="true" frameRate="30000/1001" maxWidth="320" maxHeight="240">
      <Representation id="0" mimeType="video/mp4" codecs="avc1.64001f" bandwidth="500000" width="320" height="240" sar="1:1">
        <SegmentTemplate timescale="30000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="60060" r="1" />
            <S d="30030" />
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
      <Representation id="1" mimeType="video/mp4" codecs="avc1.42c01e" bandwidth="300000" width="214" height="160" sar="320:321">
        <SegmentTemplate timescale="30000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline><S t="0" d="60060" r="1" /><S d="30030" /></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" startWithSAP="1" segmentAlignment="true">
      <Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="48000">
        <SegmentTemplate timescale="48000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline><S t="0" d="93184" /><S d="96256" /><S d="51305" /></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>`;

describe('media/manifest', () => {
  it('reads representations and expands the SegmentTimeline', () => {
    const mpd = parseMpd(MPD);
    expect(mpd.type).to.equal('static');
    expect(mpd.representations.map((r) => [r.id, r.contentType, r.height, r.codecs])).to.deep.equal([
      ['0', 'video', 240, 'avc1.64001f'],
      ['1', 'video', 160, 'avc1.42c01e'],
      ['2', 'audio', null, 'mp4a.40.2'],
    ]);
    const v = mpd.representations[0];
    if (!v) throw new Error('no rep');
    expect(v.segments).to.deep.equal([60060, 60060, 30030]);
    expect(v.frameRate).to.be.closeTo(29.97, 0.001);
    expect(representationDurationMs(v)).to.equal(5005);
    expect(segmentFiles(v)).to.deep.equal({ init: 'init-0.m4s', media: ['seg-0-00001.m4s', 'seg-0-00002.m4s', 'seg-0-00003.m4s'] });
  });

  it('rejects a cut-off or timeline-less MPD', () => {
    expect(() => parseMpd(MPD.slice(0, MPD.length / 2))).to.throw(/no complete MPD/);
    expect(() => parseMpd(MPD.replace(/<S [^>]*\/>/g, ''))).to.throw(/empty SegmentTimeline/);
  });

  it('reads an HLS master playlist and a media playlist', () => {
    const master = parseHlsMaster([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=YES,URI="media_2.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=632922,RESOLUTION=320x240,CODECS="avc1.64001f,mp4a.40.2",AUDIO="group_A1"',
      'media_0.m3u8',
      '',
      '#EXT-X-STREAM-INF:BANDWIDTH=431963,RESOLUTION=214x160,CODECS="avc1.42c01e,mp4a.40.2",AUDIO="group_A1"',
      'media_1.m3u8',
    ].join('\n'));
    expect(master.variants.map((v) => [v.uri, v.bandwidth, v.resolution])).to.deep.equal([
      ['media_0.m3u8', 632922, '320x240'],
      ['media_1.m3u8', 431963, '214x160'],
    ]);
    expect(master.audio).to.deep.equal([{ uri: 'media_2.m3u8', groupId: 'group_A1', language: null, name: 'audio_2' }]);
    expect(master.subtitles).to.deep.equal([]);
    const media = parseHlsMedia('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init-0.m4s"\n#EXTINF:2.002000,\nseg-0-00001.m4s\n#EXTINF:1.001,\nseg-0-00002.m4s\n#EXT-X-ENDLIST\n');
    expect(media).to.deep.equal({ map: 'init-0.m4s', segments: [{ uri: 'seg-0-00001.m4s', durationSec: 2.002 }, { uri: 'seg-0-00002.m4s', durationSec: 1.001 }], targetDuration: 2, ended: true });
    expect(() => parseHlsMaster('nope')).to.throw(/EXTM3U/);
  });
});
