import { expect } from 'chai';
import { DevicePrefs, type ResettableStore } from '../../../src/lib/screens/device-prefs.js';
import { ENGINE_PROFILES } from '../../../src/core/sync/engine-profile.js';
import { QUALITY_DEFAULTS, QualityControl, parseQuality, qualityChoices, trackFor, type AbrPlayerLike, type VariantTrackLike } from '../../../src/lib/player/quality.js';

class FakePlayer implements AbrPlayerLike {
  configs: object[] = [];
  selected: number[] = [];
  switches: Array<{ clearBuffer?: boolean; safeMargin?: number }> = [];
  constructor(public tracks: VariantTrackLike[]) {}
  configure(config: object): boolean {
    this.configs.push(config);
    return true;
  }
  getVariantTracks(): VariantTrackLike[] {
    return this.tracks;
  }
  selectVariantTrack(track: VariantTrackLike, clearBuffer?: boolean, safeMargin?: number): void {
    this.selected.push(track.id);
    this.switches.push({ clearBuffer, safeMargin });
    this.tracks = this.tracks.map((t) => ({ ...t, active: t.id === track.id }));
  }
}

const ladder = (active: number): VariantTrackLike[] =>
  [720, 480, 360].map((h, i) => ({ id: i + 1, height: h, bandwidth: h * 1000, active: h === active }));

class MemoryStore implements ResettableStore {
  map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

describe('lib/quality and lib/device-prefs (settings)', () => {
  it('picks the track of a height, else the closest below, else the lowest above', () => {
    const tracks = ladder(720);
    expect(trackFor(tracks, 480)?.height).to.equal(480);
    expect(trackFor(tracks, 540)?.height).to.equal(480);
    expect(trackFor(tracks, 240)?.height).to.equal(360);
    expect(trackFor([], 480)).to.equal(null);
  });

  it('fixed: ABR off and the rung selected on every player, again after a new load; auto: ABR on', () => {
    const a = new FakePlayer(ladder(720));
    const b = new FakePlayer([]);
    const q = new QualityControl(() => [a, b]);
    q.set(480);
    expect(a.configs).to.deep.equal([{ abr: { enabled: false } }]);
    expect(a.selected).to.deep.equal([2]);
    // The switch replaces what is buffered beyond a safe margin: never a clear-all (a flush into an empty buffer).
    expect(a.switches).to.deep.equal([{ clearBuffer: true, safeMargin: QUALITY_DEFAULTS.switchSafeMarginSec }]);
    expect(QUALITY_DEFAULTS.switchSafeMarginSec).to.be.above(0);
    expect(q.active()?.height).to.equal(480);
    q.enforce();
    expect(a.selected).to.deep.equal([2]); // nothing to do
    b.tracks = ladder(720); // a new load on the other player
    q.enforce();
    expect(b.selected).to.deep.equal([2]);
    q.set('auto');
    expect(a.configs[1]).to.deep.equal({ abr: { enabled: true } });
    expect(q.rungs()).to.deep.equal([720, 480, 360]);
    expect(qualityChoices(q.rungs(), 'auto')).to.deep.equal(['auto', 720, 480, 360]);
    expect(qualityChoices([720], 1080)).to.deep.equal(['auto', 720, 1080]);
  });

  it('offers the ladder of the player on air, not the ladders ready neighbours play behind it', () => {
    const onAir = new FakePlayer(ladder(720));
    const neighbour = new FakePlayer([1080, 540].map((h, i) => ({ id: i + 1, height: h, bandwidth: h * 1000, active: i === 1 })));
    expect(new QualityControl(() => [onAir, neighbour], () => onAir).rungs()).to.deep.equal([720, 480, 360]);
    expect(new QualityControl(() => [onAir, neighbour]).rungs(), 'none on air yet: every player').to.deep.equal([1080, 720, 540, 480, 360]);
  });

  it("offers the whole ladder of the manifest on air, a rung Shaka set aside after a failed request included", () => {
    const onAir = Object.assign(new FakePlayer(ladder(720).filter((t) => t.height !== 480)), {
      getManifest: () => ({ variants: [720, 480, 360].map((height) => ({ video: { height } })) }),
    });
    expect(onAir.getVariantTracks().map((t) => t.height)).to.deep.equal([720, 360]);
    expect(new QualityControl(() => [onAir], () => onAir).rungs()).to.deep.equal([720, 480, 360]);
  });

  it("with the profile's 'append' switch, nothing buffered is removed (WPE flushes its pipeline on a remove of queued media)", () => {
    const a = new FakePlayer(ladder(720));
    const q = new QualityControl(() => [a], () => null, ENGINE_PROFILES['webkit-gstreamer'].rungSwitch);
    q.set(360);
    expect(a.selected).to.deep.equal([3]);
    expect(a.switches).to.deep.equal([{ clearBuffer: false, safeMargin: undefined }]);
    expect(ENGINE_PROFILES.chromium.rungSwitch).to.equal('replace-ahead');
  });

  it('parses remembered choices defensively', () => {
    expect(parseQuality(null)).to.equal('auto');
    expect(parseQuality('480')).to.equal(480);
    expect(parseQuality('-3')).to.equal('auto');
    expect(parseQuality('abc')).to.equal('auto');
  });

  it('remembers quality and the stats overlay; reset forgets only what the app stored, and keeps the parental lock', () => {
    const store = new MemoryStore();
    store.setItem('other.app', 'x');
    store.setItem('streamsync.lastChannelId', 'two');
    store.setItem('streamsync.parental.lock', '{"limit":13}');
    const prefs = new DevicePrefs(store);
    expect(prefs.quality).to.equal('auto');
    prefs.quality = 360;
    prefs.statsOverlay = true;
    expect(new DevicePrefs(store).quality).to.equal(360);
    expect(new DevicePrefs(store).statsOverlay).to.equal(true);
    expect(prefs.reset()).to.equal(3);
    expect([...store.map.keys()]).to.deep.equal(['other.app', 'streamsync.parental.lock']);
    expect(prefs.quality).to.equal('auto');
    expect(new DevicePrefs(null).reset()).to.equal(0);
  });

  it('active(): the rung of the player on air (two decks take turns at boundaries), else the first loaded one', () => {
    const a = new FakePlayer(ladder(720));
    const b = new FakePlayer(ladder(360));
    let onAir: FakePlayer | null = null;
    const q = new QualityControl(() => [a, b], () => onAir);
    expect(q.active()?.height, 'nothing on air yet: the first loaded player').to.equal(720);
    onAir = b;
    expect(q.active()?.height).to.equal(360);
  });
});
