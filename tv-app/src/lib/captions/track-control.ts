// Captions and audio languages, as the viewer chose them (remembered on the device), applied to every
// Shaka player of the app: as preferred languages (so each load — a tune, a boundary's standby deck, a
// ready neighbour — starts with them when the program has them) and to what each player has loaded.
// CC cycles captions off → each language of the program on air → off; Audio cycles its audio languages.
import type { KeyValueStore } from '../remote/channel-nav.js';
import { readItem, writeItem } from '../util/safe-storage.js';

export const TRACK_DEFAULTS = {
  captionsKey: 'streamsync.captions', // a language, or absent: off
  audioKey: 'streamsync.audioLanguage', // a language, or absent: the program's default
};

/** What TrackControl needs of a Shaka player (Shaka 5: tracks are selected as objects; a null text track hides captions). */
export interface TrackPlayerLike {
  configure(config: object): boolean;
  getAssetUri(): string | null;
  getAudioTracks(): Array<{ active: boolean; language: string }>;
  selectAudioTrack(track: never): void;
  getTextTracks(): Array<{ active: boolean; language: string; kind: string | null }>;
  selectTextTrack(track?: never | null): void;
}

/** The viewer's choices, kept in the device's storage (garbage reads as none). */
export class TrackPrefs {
  /** Read once; kept with every write (the captions view asks every frame). */
  private captionsNow: string | null;
  private audioNow: string | null;

  constructor(private readonly storage: KeyValueStore | null) {
    this.captionsNow = this.read(TRACK_DEFAULTS.captionsKey);
    this.audioNow = this.read(TRACK_DEFAULTS.audioKey);
  }

  get captions(): string | null {
    return this.captionsNow;
  }

  set captions(language: string | null) {
    this.captionsNow = language;
    this.write(TRACK_DEFAULTS.captionsKey, language);
  }

  get audio(): string | null {
    return this.audioNow;
  }

  set audio(language: string | null) {
    this.audioNow = language;
    this.write(TRACK_DEFAULTS.audioKey, language);
  }

  private read(key: string): string | null {
    const v = readItem(this.storage, key);
    return v !== null && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(v) ? v : null;
  }

  /** null is stored as '' (reads as none); a blocked storage keeps the choice for what is loaded now. */
  private write(key: string, value: string | null): void {
    writeItem(this.storage, key, value ?? '');
  }
}

/** The language tags of a list, once each, in order. */
function unique(languages: readonly string[]): string[] {
  return [...new Set(languages.filter((l) => l && l !== 'und'))];
}

const NAMES: Record<string, string> = {
  en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', it: 'Italiano', pt: 'Português', nl: 'Nederlands',
  sv: 'Svenska', da: 'Dansk', no: 'Norsk', fi: 'Suomi', pl: 'Polski', cs: 'Čeština', ja: '日本語', zh: '中文', ko: '한국어', ar: 'العربية',
};

/** A language for people ('fr' → 'Français'); the tag itself when unknown. */
export function languageName(tag: string): string {
  return NAMES[tag.toLowerCase().split('-')[0] ?? ''] ?? tag;
}

export type CaptionsCycle = { kind: 'none' } | { kind: 'off' } | { kind: 'on'; language: string };
export type AudioCycle = { kind: 'only'; language: string | null } | { kind: 'switched'; language: string };

export class TrackControl {
  /** What was last applied to each player: the choice and the media it had loaded. */
  private readonly applied = new WeakMap<TrackPlayerLike, string>();
  /** The preferences each player was configured with ('captions|audio'; a new player has none). */
  private readonly configured = new WeakMap<TrackPlayerLike, string>();

  constructor(
    private readonly prefs: TrackPrefs,
    private readonly players: () => readonly TrackPlayerLike[],
    private readonly onAir: () => TrackPlayerLike | null,
  ) {}

  /** The captions language chosen (null: off). */
  get captions(): string | null {
    return this.prefs.captions;
  }

  /** Applies the choices to every player whose choice or loaded media changed since the last call (cheap to call often). */
  apply(): void {
    const captions = this.prefs.captions;
    const audio = this.prefs.audio;
    for (const player of this.players()) {
      const uri = player.getAssetUri();
      // A new load takes the choices as its preferences; what is loaded already is switched here (once
      // its tracks are known: a load's URI comes before its manifest's tracks).
      const key = `${captions ?? ''}|${audio ?? ''}|${uri ?? ''}|${player.getAudioTracks().length}|${player.getTextTracks().length}`;
      if (this.applied.get(player) === key) continue;
      this.applied.set(player, key);
      // Preferences only when they change from what the player has (none on a new player): a
      // configure() makes Shaka choose its variant again, a buffer flush that WPE WebKit can hang on.
      const wanted = `${captions ?? ''}|${audio ?? ''}`;
      if ((this.configured.get(player) ?? '|') !== wanted) {
        this.configured.set(player, wanted);
        player.configure({
          preferredAudio: audio ? [{ language: audio, role: '', label: '', channelCount: 0, codec: '', spatialAudio: false }] : [],
          preferredText: captions ? [{ language: captions, role: '', format: '', forced: false }] : [],
        });
      }
      if (uri === null) continue;
      const audioTrack = audio ? player.getAudioTracks().find((t) => t.language === audio) : undefined;
      if (audioTrack && !audioTrack.active) player.selectAudioTrack(audioTrack as never);
      const texts = player.getTextTracks();
      const textTrack = captions ? texts.find((t) => t.language === captions) : undefined;
      if (textTrack) {
        if (!textTrack.active) player.selectTextTrack(textTrack as never);
      } else if (texts.some((t) => t.active)) {
        player.selectTextTrack(null);
      }
    }
  }

  /** CC: off → each caption language of the program on air → off. */
  cycleCaptions(): CaptionsCycle {
    const languages = unique((this.onAir()?.getTextTracks() ?? []).map((t) => t.language));
    if (languages.length === 0) return { kind: 'none' };
    const at = this.captions === null ? -1 : languages.indexOf(this.captions);
    const next = at < 0 ? languages[0] : languages[at + 1];
    this.prefs.captions = next ?? null;
    this.apply();
    return next ? { kind: 'on', language: next } : { kind: 'off' };
  }

  /** Audio: the next audio language of the program on air (remembered for later programs). */
  cycleAudio(): AudioCycle {
    const player = this.onAir();
    const tracks = player?.getAudioTracks() ?? [];
    const languages = unique(tracks.map((t) => t.language));
    const active = tracks.find((t) => t.active)?.language ?? this.prefs.audio;
    if (languages.length < 2) return { kind: 'only', language: languages[0] ?? null };
    const at = active ? languages.indexOf(active) : -1;
    const next = languages[(at + 1) % languages.length] ?? languages[0] ?? '';
    this.prefs.audio = next;
    this.apply();
    return { kind: 'switched', language: next };
  }

  /** What QA reads: the choices, and the languages and active tracks of the player on air. */
  state(): { captions: string | null; audio: string | null; textLanguages: string[]; audioLanguages: string[]; activeAudio: string | null; textVisible: boolean } {
    const player = this.onAir();
    return {
      captions: this.prefs.captions,
      audio: this.prefs.audio,
      textLanguages: unique((player?.getTextTracks() ?? []).map((t) => t.language)),
      audioLanguages: unique((player?.getAudioTracks() ?? []).map((t) => t.language)),
      activeAudio: player?.getAudioTracks().find((t) => t.active)?.language ?? null,
      textVisible: player?.getTextTracks().some((t) => t.active) ?? false,
    };
  }
}
