// The manifest rewrites for audio languages and text tracks, on manifests shaped as ffmpeg's dash muxer
// writes them (two rungs, two audio AdaptationSets).
import { expect } from 'chai';
import { parseHlsMaster, parseMpd } from '../../src/media/manifest.js';
import { addTracksToMpd, readMpdTracks, rewriteHlsMaster, SUBTITLES_GROUP } from '../../src/media/track-manifests.js';

const rep = (id: number, type: 'video' | 'audio') =>
  `\t\t\t<Representation id="${id}" mimeType="${type}/mp4" codecs="${type === 'video' ? 'avc1.4d401e' : 'mp4a.40.2'}" bandwidth="100000"${type === 'video' ? ' width="320" height="240"' : ''}>
\t\t\t\t<SegmentTemplate timescale="${type === 'video' ? 15360 : 48000}" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
\t\t\t\t\t<SegmentTimeline>
\t\t\t\t\t\t<S t="0" d="${type === 'video' ? 15360 : 48000}" r="5" />
\t\t\t\t\t</SegmentTimeline>
\t\t\t\t</SegmentTemplate>
\t\t\t</Representation>`;
const MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6.0S" minBufferTime="PT2.0S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
\t<Period id="0" start="PT0.0S">
\t\t<AdaptationSet id="0" contentType="video" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true" frameRate="30/1" maxWidth="320" maxHeight="240" par="4:3">
${rep(0, 'video')}
${rep(1, 'video')}
\t\t</AdaptationSet>
\t\t<AdaptationSet id="1" contentType="audio" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true" lang="en">
${rep(2, 'audio')}
\t\t</AdaptationSet>
\t\t<AdaptationSet id="2" contentType="audio" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true" lang="fr">
${rep(3, 'audio')}
\t\t</AdaptationSet>
\t</Period>
</MPD>
`;
const MASTER = `#EXTM3U
#EXT-X-VERSION:7

#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=YES,CHANNELS="2",URI="media_2.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_3",DEFAULT=NO,CHANNELS="2",URI="media_3.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=520800,RESOLUTION=320x240,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="group_A1"
media_0.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=240800,RESOLUTION=192x144,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="group_A1"
media_1.m3u8
`;
const tracks = {
  audio: [{ lang: 'en', label: 'English' }, { lang: 'fr', label: 'Français & co' }],
  text: [
    { id: 'text-0', lang: 'en', label: 'English (CC)', kind: 'captions' as const, source: 'stream' as const },
    { id: 'text-1', lang: 'fr', label: 'French', kind: 'subtitles' as const, source: 'sidecar' as const },
  ],
  segmentSeconds: 1,
};

describe('media/track-manifests', () => {
  it('adds a Label to each audio AdaptationSet and one text AdaptationSet per text track (lang, Role, Label, SegmentTemplate)', () => {
    const out = addTracksToMpd(MPD, tracks);
    expect(out).to.include('lang="en">\n\t\t\t<Label>English</Label>');
    expect(out).to.include('lang="fr">\n\t\t\t<Label>Français &amp; co</Label>');
    expect(out).to.include(
      [
        '<AdaptationSet id="3" contentType="text" mimeType="text/vtt" lang="en">',
        '\t\t\t<Role schemeIdUri="urn:mpeg:dash:role:2011" value="caption"/>',
        '\t\t\t<SupplementalProperty schemeIdUri="urn:streamsync:text-source:2026" value="stream"/>',
        '\t\t\t<Label>English (CC)</Label>',
        '\t\t\t<Representation id="text-0" bandwidth="256">',
        '\t\t\t\t<SegmentTemplate timescale="1000" duration="1000" startNumber="1" media="$RepresentationID$-$Number%05d$.vtt"/>',
      ].join('\n'),
    );
    expect(out).to.include('<AdaptationSet id="4" contentType="text" mimeType="text/vtt" lang="fr">');
    expect(out).to.include('value="subtitle"/>');
    expect(out).to.include('\t\t</AdaptationSet>\n\t\t<AdaptationSet id="3" contentType="text"');
    expect(out).to.match(/<\/AdaptationSet>\n\t<\/Period>\n<\/MPD>\n$/);
    // Still the same ladder and audio to the MPD reader, and the tracks read back as written.
    const before = parseMpd(MPD);
    expect(parseMpd(out)).to.deep.equal(before);
    expect(readMpdTracks(out)).to.deep.equal({
      audio: [{ id: '2', lang: 'en', label: 'English' }, { id: '3', lang: 'fr', label: 'Français & co' }],
      text: tracks.text,
    });
  });

  it('adds lang to an audio AdaptationSet that has none, and leaves an MPD without text tracks otherwise as is', () => {
    const untagged = MPD.replace(' lang="en"', '');
    expect(addTracksToMpd(untagged, { ...tracks, text: [] })).to.include('bitstreamSwitching="true" lang="en">\n\t\t\t<Label>English</Label>');
    expect(addTracksToMpd(MPD, { audio: [], text: [], segmentSeconds: 1 })).to.equal(MPD);
  });

  it('gives the HLS audio renditions LANGUAGE and NAME, lists the subtitles group and points every variant at it', () => {
    const out = rewriteHlsMaster(MASTER, tracks);
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'))).to.deep.equal([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="English",DEFAULT=YES,CHANNELS="2",URI="media_2.m3u8",LANGUAGE="en"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="Français & co",DEFAULT=NO,CHANNELS="2",URI="media_3.m3u8",LANGUAGE="fr"',
    ]);
    expect(lines.filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'))).to.deep.equal([
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLES_GROUP}",NAME="English (CC)",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound",URI="text-0.m3u8"`,
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLES_GROUP}",NAME="French",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="text-1.m3u8"`,
    ]);
    // The renditions come before the first variant, and every variant names the group.
    expect(lines.findIndex((l) => l.includes('TYPE=SUBTITLES'))).to.be.lessThan(lines.findIndex((l) => l.startsWith('#EXT-X-STREAM-INF')));
    for (const l of lines.filter((x) => x.startsWith('#EXT-X-STREAM-INF'))) expect(l.endsWith(',AUDIO="group_A1",SUBTITLES="subs"')).to.equal(true);
    const master = parseHlsMaster(out);
    expect(master.variants.map((v) => v.uri)).to.deep.equal(['media_0.m3u8', 'media_1.m3u8']);
    expect(master.audio.map((a) => [a.language, a.name, a.uri])).to.deep.equal([['en', 'English', 'media_2.m3u8'], ['fr', 'Français & co', 'media_3.m3u8']]);
    expect(master.subtitles.map((s) => [s.language, s.uri, s.groupId])).to.deep.equal([['en', 'text-0.m3u8', 'subs'], ['fr', 'text-1.m3u8', 'subs']]);
  });

  it('replaces a LANGUAGE ffmpeg already wrote, and adds no subtitles group without text tracks', () => {
    const withLang = MASTER.replace('NAME="audio_2",', 'NAME="audio_2",LANGUAGE="eng",');
    const out = rewriteHlsMaster(withLang, { audio: tracks.audio, text: [] });
    expect(out).to.include('NAME="English",LANGUAGE="en",DEFAULT=YES');
    expect(out).to.not.include('SUBTITLES');
  });
});
