import { expect } from 'chai';
import { TRACK_DEFAULTS, TrackControl, TrackPrefs, languageName, type TrackPlayerLike } from '../../../src/lib/captions/track-control.js';
import { MemoryStore } from '../memory-store.js';

class FakePlayer implements TrackPlayerLike {
  config: object[] = [];
  uri: string | null = 'http://tv/a.mpd';
  audio = 'en';
  text: string | null = null;
  calls: string[] = [];
  constructor(private readonly audios: string[], readonly texts: string[]) {
    this.audio = audios[0] ?? 'en';
  }
  get visible(): boolean {
    return this.text !== null;
  }
  configure(config: object) {
    this.config.push(config);
    return true;
  }
  getAssetUri() {
    return this.uri;
  }
  getAudioTracks() {
    return this.audios.map((language) => ({ language, active: language === this.audio }));
  }
  selectAudioTrack(track: never) {
    const l = (track as { language: string }).language;
    this.calls.push(`audio ${l}`);
    this.audio = l;
  }
  getTextTracks() {
    return this.texts.map((language) => ({ language, kind: 'subtitle', active: language === this.text }));
  }
  selectTextTrack(track?: never | null) {
    const l = track ? (track as { language: string }).language : null;
    this.calls.push(`text ${l}`);
    this.text = l;
  }
}

describe('lib/captions/track-control', () => {
  it('CC cycles off → each caption language of the program on air → off, remembered on the device', () => {
    const store = new MemoryStore();
    const onAir = new FakePlayer(['en'], ['en', 'fr']);
    const tracks = new TrackControl(new TrackPrefs(store), () => [onAir], () => onAir);
    expect(tracks.cycleCaptions()).to.deep.equal({ kind: 'on', language: 'en' });
    expect(onAir.visible).to.equal(true);
    expect(onAir.text).to.equal('en');
    expect(tracks.cycleCaptions()).to.deep.equal({ kind: 'on', language: 'fr' });
    expect(onAir.text).to.equal('fr');
    expect(new TrackPrefs(store).captions, 'the next boot reads it').to.equal('fr');
    expect(tracks.cycleCaptions()).to.deep.equal({ kind: 'off' });
    expect(onAir.visible).to.equal(false);
    expect(new TrackPrefs(store).captions).to.equal(null);
    const bare = new FakePlayer(['en'], []);
    expect(new TrackControl(new TrackPrefs(store), () => [bare], () => bare).cycleCaptions()).to.deep.equal({ kind: 'none' });
  });

  it('Audio cycles the audio languages of the program on air; one language says so', () => {
    const onAir = new FakePlayer(['en', 'fr', 'de'], []);
    const tracks = new TrackControl(new TrackPrefs(new MemoryStore()), () => [onAir], () => onAir);
    expect(tracks.cycleAudio()).to.deep.equal({ kind: 'switched', language: 'fr' });
    expect(onAir.audio).to.equal('fr');
    expect(tracks.cycleAudio()).to.deep.equal({ kind: 'switched', language: 'de' });
    expect(tracks.cycleAudio()).to.deep.equal({ kind: 'switched', language: 'en' });
    const mono = new FakePlayer(['en'], []);
    expect(new TrackControl(new TrackPrefs(new MemoryStore()), () => [mono], () => mono).cycleAudio()).to.deep.equal({ kind: 'only', language: 'en' });
  });

  it('applies the choices to every player, as preferences for its next loads too, and again only when its media changed', () => {
    const store = new MemoryStore();
    store.setItem(TRACK_DEFAULTS.captionsKey, 'fr');
    store.setItem(TRACK_DEFAULTS.audioKey, 'fr');
    const onAir = new FakePlayer(['en', 'fr'], ['fr']);
    const standby = new FakePlayer(['en'], ['en']); // the next program has no French: its defaults stand
    const idle = new FakePlayer(['en'], ['fr']);
    idle.uri = null;
    const tracks = new TrackControl(new TrackPrefs(store), () => [onAir, standby, idle], () => onAir);
    tracks.apply();
    expect(onAir.calls).to.deep.equal(['audio fr', 'text fr']);
    expect(standby.calls).to.deep.equal([]);
    expect(standby.visible).to.equal(false);
    for (const p of [onAir, standby, idle]) {
      expect(p.config).to.deep.equal([{
        preferredAudio: [{ language: 'fr', role: '', label: '', channelCount: 0, codec: '', spatialAudio: false }],
        preferredText: [{ language: 'fr', role: '', format: '', forced: false }],
      }]);
    }
    tracks.apply();
    expect(onAir.calls, 'nothing changed: nothing applied').to.have.length(2);
    standby.uri = 'http://tv/next.mpd'; // a boundary's load with French
    standby.texts.push('fr');
    tracks.apply();
    expect(standby.calls).to.deep.equal(['text fr']);
  });

  it('leaves a player without choices alone: no configure (Shaka would choose its variant again), no track switched', () => {
    const player = new FakePlayer(['en', 'fr'], ['en']);
    const tracks = new TrackControl(new TrackPrefs(new MemoryStore()), () => [player], () => player);
    tracks.apply();
    player.uri = 'http://tv/next.mpd';
    tracks.apply();
    expect(player.config).to.deep.equal([]);
    expect(player.calls).to.deep.equal([]);
    tracks.cycleCaptions(); // English
    tracks.cycleCaptions(); // off: the preference cleared
    tracks.apply();
    expect(player.config.map((c) => (c as { preferredText: unknown[] }).preferredText.length), 'configured once per change').to.deep.equal([1, 0]);
  });

  it('reads garbage in storage as no choice, and names languages for people', () => {
    const store = new MemoryStore();
    store.setItem(TRACK_DEFAULTS.captionsKey, '<script>');
    expect(new TrackPrefs(store).captions).to.equal(null);
    expect(languageName('fr')).to.equal('Français');
    expect(languageName('en-GB')).to.equal('English');
    expect(languageName('tlh')).to.equal('tlh');
  });
});
