import { expect } from 'chai';
import { audioTrackFor, channelTracks, EMPTY_VTT_PATH, textEntry } from '../../../src/services/live/channel-tracks.js';
import { hlsEntries } from '../../../src/services/live/live-timeline.js';
import { makeAsset } from '../../store/builders.js';
import { airingOf, lengths, timelineOf, trackOf, tracksTimelineOf } from './builders.js';

const audio = (lang: string, label: string) => ({ id: `a-${lang}`, lang, label, channels: 2 });
const text = (lang: string, label: string, kind: 'subtitles' | 'captions') => ({ id: `t-${lang}-${kind}`, lang, label, kind, source: 'stream' as const });

describe('services/live/channel-tracks', () => {
  it("lists the library's audio languages, the commonest first (the default at audio.m3u8), and its text languages", () => {
    const tracks = channelTracks([
      makeAsset({ audioTracks: [audio('fr', 'Français'), audio('en', 'English')], textTracks: [text('en', 'English (CC)', 'captions'), text('fr', 'French', 'subtitles')] }),
      makeAsset({ audioTracks: [audio('en', 'English')], textTracks: [text('en', 'English', 'subtitles'), text('en', 'English (CC)', 'captions')] }),
      makeAsset({ audioTracks: [audio('und', 'Main')] }),
      makeAsset({ status: 'processing', audioTracks: [audio('de', 'Deutsch')], textTracks: [text('de', 'Deutsch', 'subtitles')] }),
    ]);
    expect(tracks.audio).to.deep.equal([
      { lang: 'en', name: 'English', playlist: 'audio' },
      { lang: 'fr', name: 'Français', playlist: 'audio-fr' },
    ]);
    expect(tracks.text).to.deep.equal([
      { lang: 'en', name: 'English (CC)', playlist: 'text-en', kind: 'captions' },
      { lang: 'fr', name: 'French', playlist: 'text-fr', kind: 'subtitles' },
    ]);
  });

  it('keeps the single "Main" audio of before while the library has at most one tagged language, and no text without text tracks', () => {
    expect(channelTracks([makeAsset({ audioTracks: [audio('en', 'English')] }), makeAsset({ audioTracks: [audio('und', 'Main')] }), makeAsset({})])).to.deep.equal({ audio: [], text: [] });
  });

  it('gives every rendition a unique name', () => {
    const tracks = channelTracks([makeAsset({ audioTracks: [audio('en', 'Audio'), audio('fr', 'Audio')] })]);
    expect(tracks.audio.map((a) => a.name)).to.deep.equal(['Audio', 'Audio (fr)']);
  });

  it("plays the asset's own language, else its first audio, and its first audio when a language is not cut in step", () => {
    const bi = tracksTimelineOf('bi', lengths(5, 2000), { audio: [{ lang: 'en', label: 'English' }, { lang: 'fr', label: 'French' }], text: [] });
    const airing = airingOf(bi, 1_000_000, 0, 10_000);
    expect(audioTrackFor(airing, 'fr').representationId).to.equal('2');
    expect(audioTrackFor(airing, 'de').representationId).to.equal('1');
    expect(audioTrackFor(airing, null).representationId).to.equal('1');
    const mono = airingOf(timelineOf('mono', lengths(5, 2000)), 1_000_000, 0, 10_000);
    expect(audioTrackFor(mono, 'fr')).to.equal(mono.timeline.audio);
    const odd = tracksTimelineOf('odd', lengths(5, 2000), { audio: [{ lang: 'en', label: 'English' }, { lang: 'fr', label: 'French' }], text: [] });
    const fr = odd.audioTracks?.[1];
    if (fr) fr.track = trackOf('odd', 'audio', '2', lengths(2, 5000));
    expect(audioTrackFor(airingOf(odd, 1_000_000, 0, 10_000), 'fr')).to.equal(odd.audio);
  });

  it('puts beside each video entry the WebVTT segment holding its start, or the empty WebVTT', () => {
    const bi = tracksTimelineOf('bi', lengths(5, 2000, 700), { audio: [], text: [{ lang: 'en', label: 'English', kind: 'captions' }] });
    const airing = airingOf(bi, 1_000_000, 4000, 10_700);
    const video = hlsEntries(airing, bi.video[0] ?? bi.audio);
    const en = video.map((e) => textEntry(e, 'en'));
    expect(en.map((e) => [e.index, e.pdtMs, e.durationMs, e.opensAiring, e.track.representationId])).to.deep.equal(video.map((e) => [e.index, e.pdtMs, e.durationMs, e.opensAiring, 'text-0']));
    const second = video[1];
    if (!second) throw new Error('the airing has two segments');
    const fr = textEntry(second, 'fr');
    expect([fr.track.mediaTemplate, fr.track.initUrl, fr.pdtMs]).to.deep.equal([EMPTY_VTT_PATH, '', second.pdtMs]);
  });
});
