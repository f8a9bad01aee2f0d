// Picture quality: automatic (Shaka's ABR) or one fixed rung of the ladder, applied to every Shaka
// player the app runs (a new load keeps the choice: `enforce()` runs periodically and after tunes).
// Fixed means ABR off plus selectVariantTrack of the rung closest to the wanted height.

export interface VariantTrackLike {
  id: number;
  active: boolean;
  height: number | null;
  bandwidth: number;
}

export interface AbrPlayerLike {
  configure(config: object): boolean;
  getVariantTracks(): VariantTrackLike[];
  selectVariantTrack(track: VariantTrackLike, clearBuffer?: boolean, safeMargin?: number): void;
  /**
   * The loaded manifest: its variants are the whole ladder, a rung Shaka has set aside for a while
   * after a failed request included (getVariantTracks leaves those out).
   */
  getManifest?(): { variants: ReadonlyArray<{ video: { height?: number | null } | null }> } | null;
}

/** The picture heights of a player's ladder: its manifest's variants, else its tracks. */
function ladderHeights(p: AbrPlayerLike): number[] {
  let variants: ReadonlyArray<{ video: { height?: number | null } | null }> = [];
  try {
    variants = p.getManifest?.()?.variants ?? [];
  } catch {
    variants = [];
  }
  const fromManifest = variants.map((v) => v.video?.height ?? null);
  const heights = fromManifest.length > 0 ? fromManifest : safeTracks(p).map((t) => t.height);
  return heights.filter((h): h is number => typeof h === 'number' && h > 0);
}

/** 'auto', or a fixed rung by picture height (pixels). */
export type QualityChoice = 'auto' | number;

export function parseQuality(raw: string | null): QualityChoice {
  if (raw === null || raw === 'auto') return 'auto';
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n <= 4320 ? n : 'auto';
}

/** The track of a player to play for a fixed height: that height, else the closest below, else the lowest above. */
export function trackFor(tracks: readonly VariantTrackLike[], height: number): VariantTrackLike | null {
  const withHeight = tracks.filter((t): t is VariantTrackLike & { height: number } => t.height !== null);
  if (withHeight.length === 0) return null;
  const best = (list: Array<VariantTrackLike & { height: number }>) => list.sort((a, b) => b.bandwidth - a.bandwidth)[0] ?? null;
  const exact = withHeight.filter((t) => t.height === height);
  if (exact.length > 0) return best(exact);
  const below = withHeight.filter((t) => t.height < height);
  if (below.length > 0) {
    const h = Math.max(...below.map((t) => t.height));
    return best(below.filter((t) => t.height === h));
  }
  const h = Math.min(...withHeight.map((t) => t.height));
  return best(withHeight.filter((t) => t.height === h));
}

/** The quality choices offered: auto, then the rungs playing (highest first). */
export function qualityChoices(rungs: readonly number[], current: QualityChoice): QualityChoice[] {
  const list: QualityChoice[] = ['auto', ...rungs];
  if (current !== 'auto' && !rungs.includes(current)) list.push(current);
  return list;
}

export function qualityLabel(choice: QualityChoice): string {
  return choice === 'auto' ? 'Auto' : `${choice}p`;
}

export const QUALITY_DEFAULTS = {
  // seconds of the old rung kept ahead of the playhead at a switch; the rest is replaced. Clearing
  // everything makes Shaka flush by seeking into an empty buffer: a rebuffer on every engine, and on
  // WPE WebKit 2.38 the seek never completes (stuck at readyState 1, the picture frozen for good).
  switchSafeMarginSec: 2,
};

/** How a chosen rung replaces the buffered one: the engine profile's `rungSwitch` (core/sync/engine-profile.ts). */
export type RungSwitch = 'replace-ahead' | 'append';

export class QualityControl {
  private wanted: QualityChoice = 'auto';
  private readonly applied = new WeakMap<AbrPlayerLike, string>();

  /**
   * @param onAir the player of the deck on air, whose rung `active()` reports (default: the first with one).
   * @param rungSwitch 'replace-ahead': the media beyond the safe margin is replaced; 'append': nothing
   *   buffered is removed, the new rung follows it.
   */
  constructor(
    private readonly players: () => readonly AbrPlayerLike[],
    private readonly onAir: () => AbrPlayerLike | null = () => null,
    private readonly rungSwitch: RungSwitch = 'replace-ahead',
  ) {}

  get choice(): QualityChoice {
    return this.wanted;
  }

  set(choice: QualityChoice): void {
    this.wanted = choice;
    this.enforce();
  }

  /** Heights of the ladder on air (of every player before one is on air), highest first: ready neighbours play other ladders. */
  rungs(): number[] {
    const heights = new Set<number>();
    const onAir = this.onAir();
    for (const p of onAir ? [onAir] : this.players()) for (const h of ladderHeights(p)) heights.add(h);
    return [...heights].sort((a, b) => b - a);
  }

  /** The rung playing now: the active track of the player on air, else of the first loaded player. */
  active(): { height: number | null; bandwidth: number } | null {
    const onAir = this.onAir();
    for (const p of onAir ? [onAir, ...this.players()] : this.players()) {
      const t = safeTracks(p).find((x) => x.active);
      if (t) return { height: t.height, bandwidth: t.bandwidth };
    }
    return null;
  }

  /** Applies the choice to every player (cheap when nothing changed). */
  enforce(): void {
    const key = String(this.wanted);
    for (const p of this.players()) {
      const tracks = safeTracks(p);
      if (tracks.length === 0) continue;
      if (this.applied.get(p) !== key) {
        p.configure({ abr: { enabled: this.wanted === 'auto' } });
        this.applied.set(p, key);
      }
      if (this.wanted === 'auto') continue;
      const track = trackFor(tracks, this.wanted);
      if (track && !track.active) {
        if (this.rungSwitch === 'append') p.selectVariantTrack(track, false);
        else p.selectVariantTrack(track, true, QUALITY_DEFAULTS.switchSafeMarginSec);
      }
    }
  }
}

function safeTracks(p: AbrPlayerLike): VariantTrackLike[] {
  try {
    return p.getVariantTracks();
  } catch {
    return [];
  }
}
