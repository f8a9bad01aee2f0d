import { expect } from 'chai';
import { addTracksToMpd } from '#pipeline/media/track-manifests.js';
import { readAssetTimeline, segmentUrl } from '../../../src/services/live/asset-timeline.js';
import { makeAsset } from '../../store/builders.js';

/** An MPD as ffmpeg's dash muxer writes it (one rung, `audios` audio AdaptationSets), 5 s of 2 s segments. */
function ffmpegMpd(audios: string[]): string {
  const rep = (id: number, type: 'video' | 'audio') =>
    `\t\t\t<Representation id="${id}" mimeType="${type}/mp4" codecs="${type === 'video' ? 'avc1.4d401e' : 'mp4a.40.2'}" bandwidth="100000"${type === 'video' ? ' width="426" height="240"' : ''}>
\t\t\t\t<SegmentTemplate timescale="${type === 'video' ? 12800 : 48000}" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
\t\t\t\t\t<SegmentTimeline>
\t\t\t\t\t\t<S t="0" d="${type === 'video' ? 25600 : 96000}" r="1" />
\t\t\t\t\t\t<S d="${type === 'video' ? 12800 : 48000}" />
\t\t\t\t\t</SegmentTimeline>
\t\t\t\t</SegmentTemplate>
\t\t\t</Representation>`;
  const sets = audios.map((lang, i) => `\t\t<AdaptationSet id="${i + 1}" contentType="audio" startWithSAP="1" segmentAlignment="true"${lang ? ` lang="${lang}"` : ''}>\n${rep(i + 1, 'audio')}\n\t\t</AdaptationSet>`);
  return `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT5.0S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
\t<Period id="0" start="PT0.0S">
\t\t<AdaptationSet id="0" contentType="video" startWithSAP="1" segmentAlignment="true" frameRate="25/1">
${rep(0, 'video')}
\t\t</AdaptationSet>
${sets.join('\n')}
\t</Period>
</MPD>
`;
}

describe('services/live/asset-timeline', () => {
  const asset = makeAsset({ id: 'film', renditions: [{ name: '240p', width: 426, height: 240, bandwidth: 500_000, codecs: 'avc1.4d401e,mp4a.40.2', frameRate: 25 }] });

  it('reads every audio language and every text track the pipeline lists, text cut every SegmentTemplate duration to the video end', () => {
    const mpd = addTracksToMpd(ffmpegMpd(['en', 'fr']), {
      audio: [{ lang: 'en', label: 'English' }, { lang: 'fr', label: 'French' }],
      text: [
        { id: 'text-0', lang: 'en', label: 'English (CC)', kind: 'captions', source: 'stream' },
        { id: 'text-1', lang: 'fr', label: 'French', kind: 'subtitles', source: 'sidecar' },
      ],
      segmentSeconds: 2,
    });
    const t = readAssetTimeline(asset, mpd);
    expect(t.audio.representationId).to.equal('1');
    expect(t.audioTracks?.map((a) => [a.lang, a.label, a.track.representationId])).to.deep.equal([['en', 'English', '1'], ['fr', 'French', '2']]);
    expect(t.text?.map((x) => [x.lang, x.label, x.kind])).to.deep.equal([['en', 'English (CC)', 'captions'], ['fr', 'French', 'subtitles']]);
    const en = t.text?.[0]?.track;
    expect(en?.startsMs).to.deep.equal([0, 2000, 4000, 5000]);
    expect(en?.startTicks).to.deep.equal([0, 2000, 4000, 5000]);
    expect([en?.timescale, en?.initUrl, en && segmentUrl(en, 2)]).to.deep.equal([1000, '', '/media/film/text-0-00003.vtt']);
  });

  it('reads a single untagged audio and no text as before (the first audio is `audio`)', () => {
    const t = readAssetTimeline(asset, ffmpegMpd(['']));
    expect(t.audioTracks?.map((a) => [a.lang, a.track.name])).to.deep.equal([['und', 'audio']]);
    expect(t.text).to.deep.equal([]);
    expect(t.audio.mediaTemplate).to.equal('/media/film/seg-1-$Number%05d$.m4s');
  });
});
