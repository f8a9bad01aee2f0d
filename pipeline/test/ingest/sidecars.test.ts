import { expect } from 'chai';
import { isCandidateName } from '../../src/ingest/inbox.js';
import { findSidecars, isSidecarName, renamedSidecar, sidecarOf } from '../../src/ingest/sidecars.js';

describe('ingest/sidecars', () => {
  it('finds the sidecars named after a source, with their language and kind', () => {
    const names = ['Film.mp4', 'Film.vtt', 'Film.fr.srt', 'Film.pt-BR.SRT', 'Film.en.sdh.srt', 'Film 2.srt', 'Film.notes.txt', 'Film.french.srt', 'Other.fr.srt'];
    expect(findSidecars('Film.mp4', names).map((s) => [s.name, s.format, s.lang, s.kind])).to.deep.equal([
      ['Film.en.sdh.srt', 'srt', 'en', 'captions'],
      ['Film.fr.srt', 'srt', 'fr', 'subtitles'],
      ['Film.pt-BR.SRT', 'srt', 'pt-BR', 'subtitles'],
      ['Film.vtt', 'webvtt', 'und', 'subtitles'],
    ]);
    expect(sidecarOf('a.b.mkv', 'a.b.eng.srt')).to.deep.include({ lang: 'en' });
    expect(sidecarOf('Film.mp4', 'Film.mp4')).to.equal(null);
  });

  it('never takes a sidecar for a source', () => {
    expect(isSidecarName('Film.fr.srt')).to.equal(true);
    expect(isCandidateName('Film.fr.srt')).to.equal(false);
    expect(isCandidateName('Film.VTT')).to.equal(false);
    expect(isCandidateName('Film.mp4')).to.equal(true);
  });

  it('renames a sidecar after its source when the source is renamed (failed/ name clash)', () => {
    expect(renamedSidecar('Film.mp4', 'Film.fr.srt', 'Film (2).mp4')).to.equal('Film (2).fr.srt');
    expect(renamedSidecar('Film.mp4', 'Film.vtt', 'Film.mp4')).to.equal('Film.vtt');
  });
});
