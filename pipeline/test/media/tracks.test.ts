// The probe's track plan: audio and subtitle streams with BCP 47 languages, kinds from dispositions,
// text versus bitmap subtitles, and the bitmap streams reported as not converted.
import { expect } from 'chai';
import { interpretProbe } from '../../src/media/probe.js';
import { audioStreams, languageTag, subtitleStreams, textKind, trackLabel } from '../../src/media/tracks.js';
import { audioTrackMetas, bitmapIssues } from '../../src/worker/package-tracks.js';

const limits = { maxDurationSeconds: 3600, maxWidth: 1920, maxHeight: 1080, maxBytes: 1e9 };
const video = { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '25/1', r_frame_rate: '25/1' };
const audio = (language?: string, title?: string) => ({ codec_type: 'audio', codec_name: 'ac3', channels: 6, sample_rate: '48000', tags: { language, title } });
const sub = (codec: string, language?: string, disposition: Record<string, number> = {}) => ({ codec_type: 'subtitle', codec_name: codec, tags: { language }, disposition });
const probe = (streams: unknown[]) => JSON.stringify({ format: { format_name: 'matroska,webm', duration: '6.0' }, streams });

describe('media/tracks', () => {
  it('turns source language tags into BCP 47: ISO 639-2 shortened, subtags cased, und when missing', () => {
    expect(['eng', 'fre', 'fra', 'ger', 'en', 'FR', 'pt_br', 'zh-hant-tw', 'haw', '', undefined, 'english!', 'und'].map(languageTag)).to.deep.equal([
      'en', 'fr', 'fr', 'de', 'en', 'fr', 'pt-BR', 'zh-Hant-TW', 'haw', 'und', 'und', 'und', 'und',
    ]);
  });

  it('labels a track by its title, else its language, marking captions and descriptions', () => {
    expect(trackLabel({ title: ' Director commentary ', lang: 'en', ordinal: 0 })).to.equal('Director commentary');
    expect(trackLabel({ title: null, lang: 'fr', ordinal: 1 })).to.equal('French');
    expect(trackLabel({ title: null, lang: 'en', kind: 'captions', ordinal: 0 })).to.equal('English (CC)');
    expect(trackLabel({ title: null, lang: 'und', ordinal: 2 })).to.equal('Track 3');
  });

  it('reads a kind from the disposition: hearing impaired = captions, visual impaired or descriptions = descriptions', () => {
    expect(textKind({ hearing_impaired: 1 })).to.equal('captions');
    expect(textKind({ visual_impaired: 1 })).to.equal('descriptions');
    expect(textKind({ descriptions: 1 })).to.equal('descriptions');
    expect(textKind({ default: 1 })).to.equal('subtitles');
    expect(textKind(undefined)).to.equal('subtitles');
  });

  it('lists every audio and subtitle stream of the probe, numbered per kind as ffmpeg maps them', () => {
    const info = interpretProbe(
      probe([video, audio('eng'), sub('subrip', 'eng', { hearing_impaired: 1 }), audio(undefined, 'Commentary'), sub('hdmv_pgs_subtitle', 'ger'), sub('ass', 'fre'), sub('mov_text')]),
      limits,
    );
    expect(info.audio).to.deep.equal({ codec: 'ac3', channels: 6, sampleRate: 48000 });
    expect(info.audioStreams).to.deep.equal([
      { index: 0, codec: 'ac3', lang: 'en', title: null, channels: 6, sampleRate: 48000 },
      { index: 1, codec: 'ac3', lang: 'und', title: 'Commentary', channels: 6, sampleRate: 48000 },
    ]);
    expect(info.subtitleStreams.map((s) => [s.index, s.codec, s.lang, s.kind, s.bitmap])).to.deep.equal([
      [0, 'subrip', 'en', 'captions', false],
      [1, 'hdmv_pgs_subtitle', 'de', 'subtitles', true],
      [2, 'ass', 'fr', 'subtitles', false],
      [3, 'mov_text', 'und', 'subtitles', false],
    ]);
    expect(audioStreams([])).to.deep.equal([]);
    expect(subtitleStreams([sub('dvb_subtitle'), sub('dvd_subtitle'), sub('xsub'), sub('webvtt'), sub('text')]).map((s) => s.bitmap)).to.deep.equal([true, true, true, false, false]);
  });

  it('reports bitmap subtitle streams as not converted, with a code and a message naming the stream', () => {
    const info = interpretProbe(probe([video, audio('eng'), sub('subrip', 'eng'), sub('dvb_subtitle', 'ger')]), limits);
    const issues = bitmapIssues(info.subtitleStreams);
    expect(issues).to.have.length(1);
    expect(issues[0]).to.deep.include({ code: 'SS_TEXT_BITMAP_NOT_CONVERTED', kind: 'text', source: 'stream', streamIndex: 1, file: null, codec: 'dvb_subtitle', lang: 'de' });
    expect(issues[0]?.message).to.match(/Subtitle stream 1 \(de, dvb_subtitle\) is a picture-based format: it is not converted/);
  });

  it('gives the audio renditions their languages and labels (a source without audio: one untagged track)', () => {
    const info = interpretProbe(probe([video, audio('eng'), audio('fra')]), limits);
    expect(audioTrackMetas(info.audioStreams)).to.deep.equal([{ lang: 'en', label: 'English' }, { lang: 'fr', label: 'French' }]);
    expect(audioTrackMetas([])).to.deep.equal([{ lang: 'und', label: 'Track 1' }]);
  });
});
