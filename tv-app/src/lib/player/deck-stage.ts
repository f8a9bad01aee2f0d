// The players of the page, one <video> each. Deck 0 is the SDK VideoPlayer's <video> (loaded through
// VideoPlayer.open() and its Shaka loader/unloader pair); decks 1, 2... are <video> elements of our
// own, each with its own Shaka session, made on first use. Each deck has its own PlaybackController.
// A tune plays on two of them (one on air, the other preparing the next program: seamless
// boundaries); ready neighbours (ready-neighbours.ts) keep the channels above and below playing,
// muted, on others. The deck on air is in front (z-index), marked `data-on-air` and the only one
// heard; the others are behind it, rendered but covered, so a swap (a boundary, or a zap to a
// ready neighbour) is one style change in one frame. Only the deck on air speaks to the page
// (slate, first frame); every deck's failed load is reported with its index.
import { PlaybackController, type PlaybackControllerOptions, type PlaybackState, type PlaybackStats } from '../../core/sync/playback-controller.js';
import { ElementDeck, type DeckLoader } from './element-deck.js';
import type { Deck } from './playback-driver.js';
import { VideoPort, type VideoPlayerApi } from './video-port.js';

export interface DeckStageEvents {
  /** The deck on air has started playing (its first frame is up): hide the slate. */
  onStarted(): void;
  /** The deck on air has no correct picture yet (a load or re-join): cover it. */
  onLoading(): void;
  /** The deck on air holds its load's first frame, paused at the aimed position, until its timed start. */
  onCued(): void;
  /** A deck of our own failed to load (deck 0's failures reach the page as $videoPlayerError). */
  onError(error: unknown, where: { onAir: boolean; deck: number }): void;
}

export interface DeckStageOptions {
  videoPlayer: VideoPlayerApi;
  /** Deck 0's controller (the app's main one). */
  controller: PlaybackController;
  /** Options for the controllers of the other decks (the same as deck 0's). */
  controllerOptions: Partial<PlaybackControllerOptions>;
  /** A deck's Shaka session (destroyed with the stage). */
  createSession: () => DeckSession;
  /** Deck 0's Shaka session (the VideoPlayer's), to configure it like the others. */
  sessionA?: { configure(config: object): void };
  document: Document;
  events: DeckStageEvents;
  /** Decks at most, deck 0 included (count): 2 for a tune, plus one per ready neighbour. */
  maxDecks?: number;
}

export const DECK_STAGE_DEFAULTS = {
  frontZ: '1', // CSS z-index of the deck on air (the Lightning canvas is at 2)
  backZ: '0', // CSS z-index of the other decks
  elementIdPrefix: 'video-player-', // id of deck i >= 1: the prefix and a letter (b, c, d...)
  onAirAttribute: 'data-on-air', // set to "true" on the <video> on air
  maxDecks: 2, // count
};

/** A deck's Shaka session: its loader/unloader pair, configuration, and release. */
export type DeckSession = DeckLoader & { destroy(): Promise<unknown>; configure(config: object): void };

interface OwnDeck {
  deck: ElementDeck;
  controller: PlaybackController;
  session: DeckSession;
}

export class DeckStage {
  readonly portA: VideoPort;
  /** Decks 1.. (index - 1), made on first use. */
  private readonly own: Array<OwnDeck | undefined> = [];
  private air = 0;
  private blocked = false;
  /** The sound each element had when the stage was blocked (restored when unblocked). */
  private readonly mutedBeforeBlock = new Map<HTMLVideoElement, boolean>();
  /** The deck that prepares the on-air deck's next program (the tune's other deck), or null. */
  private partner: number | null = null;
  private readonly started: boolean[] = [false];
  /** Per deck: its load's first frame is up, paused, before its timed start. */
  private readonly cued: boolean[] = [false];
  readonly maxDecks: number;

  constructor(private readonly opt: DeckStageOptions) {
    this.maxDecks = Math.max(2, opt.maxDecks ?? DECK_STAGE_DEFAULTS.maxDecks);
    this.portA = new VideoPort(opt.videoPlayer, {
      onStarted: () => this.deckEvent(0, 'started'),
      onLoading: () => this.deckEvent(0, 'loading'),
      onCued: () => this.deckEvent(0, 'cued'),
      onStopped: () => this.deckEvent(0, 'stopped'),
    });
    this.mark();
  }

  /** Deck `index` (0: the SDK VideoPlayer's; others made on first use, after the VideoPlayer has made its element). */
  deck(index: number): Deck {
    if (index === 0) return { controller: this.opt.controller, media: this.portA };
    const own = this.ensure(index);
    return { controller: own.controller, media: own.deck };
  }

  get onAir(): number {
    return this.air;
  }

  /** The tune's other deck (it prepares the next program), or null. */
  get partnerDeck(): number | null {
    return this.partner;
  }

  /** Whether deck `index` has started playing its current load (its picture is up). */
  isStarted(index: number): boolean {
    return this.started[index] === true;
  }

  /** The controller of the deck on air (sync badge, QA figures). */
  onAirController(): PlaybackController {
    return this.deck(this.air).controller;
  }

  state(): PlaybackState {
    return this.onAirController().state();
  }

  /**
   * The on-air controller's figures, with the counters (joins, seeks, rate changes, restarts...)
   * summed over the tune's two decks: they take turns at every boundary, so either alone goes back
   * and forth. Ready neighbours' decks count once they are on air.
   */
  stats(): PlaybackStats {
    const onAir = this.onAirController().stats();
    const other = this.partner !== null && this.partner !== this.air && this.exists(this.partner) ? this.deck(this.partner).controller : null;
    if (!other) return onAir;
    const o = other.stats();
    return {
      ...onAir,
      joins: onAir.joins + o.joins,
      seeks: onAir.seeks + o.seeks,
      rateChanges: onAir.rateChanges + o.rateChanges,
      rateDirectionChanges: onAir.rateDirectionChanges + o.rateDirectionChanges,
      clockJumps: onAir.clockJumps + o.clockJumps,
      stalls: onAir.stalls + o.stalls,
      restarts: onAir.restarts + o.restarts,
    };
  }

  /** The manifest URL loaded on the deck on air, or null. */
  onAirUrl(): string | null {
    return this.deck(this.air).media.loadedUrl();
  }

  /** The <video> on air (the SDK's for deck 0). */
  onAirElement(): HTMLVideoElement | null {
    return this.elementOf(this.air);
  }

  /** The tune plays on `onAir` and prepares boundaries on `partner`: `onAir` goes in front, in this frame. */
  setPair(onAir: number, partner: number): void {
    this.partner = partner;
    this.setOnAir(onAir);
  }

  /** Puts deck `index` in front and makes it the one heard, in this frame; tells the page whether it already plays. */
  setOnAir(index: number): void {
    if (index !== 0) this.ensure(index);
    if (index === this.air) return; // on air already: what the page shows stays
    if (this.partner === index) this.partner = this.air; // a boundary: the decks of the tune swap roles
    this.air = index;
    this.mark();
    this.tell(index);
  }

  /**
   * The parental lock: while blocked, every deck is invisible and silent (they play on beneath, in
   * sync, so the picture is back at once when unblocked); a swap meanwhile stays blocked.
   */
  setBlocked(blocked: boolean): void {
    if (blocked === this.blocked) return;
    this.blocked = blocked;
    this.mark();
  }

  get isBlocked(): boolean {
    return this.blocked;
  }

  /** Layers a Shaka configuration over deck `index`'s player (a ready neighbour's behind the picture, and back). */
  configureDeck(index: number, config: object): void {
    if (index === 0) this.opt.sessionA?.configure(config);
    else this.ensure(index).session.configure(config);
  }

  /** After a media error: forget the failed deck's load so its next join reloads. */
  resetDeck(index: number): void {
    if (index === 0) this.portA.reset();
    else this.own[index - 1]?.deck.reset();
    this.started[index] = false;
    this.cued[index] = false;
  }

  dispose(): void {
    this.portA.dispose();
    for (const own of this.own.splice(0)) {
      if (!own) continue;
      own.deck.dispose();
      own.deck.video.remove();
      void own.session.destroy().catch(() => {});
    }
  }

  private exists(index: number): boolean {
    return index === 0 || this.own[index - 1] !== undefined;
  }

  private elementOf(index: number): HTMLVideoElement | null {
    return index === 0 ? (this.opt.videoPlayer._videoEl ?? null) : (this.own[index - 1]?.deck.video ?? null);
  }

  private deckEvent(index: number, event: 'started' | 'loading' | 'cued' | 'stopped'): void {
    this.started[index] = event === 'started';
    this.cued[index] = event === 'cued';
    if (index === this.air && event !== 'stopped') this.tell(index);
  }

  /** Tells the page what deck `index` (on air) shows: its picture running, its first frame held, or nothing yet. */
  private tell(index: number): void {
    if (this.started[index]) this.opt.events.onStarted();
    else if (this.cued[index]) this.opt.events.onCued();
    else this.opt.events.onLoading();
  }

  private ensure(index: number): OwnDeck {
    if (!Number.isInteger(index) || index < 1 || index >= this.maxDecks) throw new RangeError(`no deck ${index} (the stage has ${this.maxDecks})`);
    const made = this.own[index - 1];
    if (made) return made;
    const doc = this.opt.document;
    const a = this.opt.videoPlayer._videoEl;
    const video = doc.createElement('video');
    video.id = `${DECK_STAGE_DEFAULTS.elementIdPrefix}${String.fromCharCode(97 + index)}`;
    // Heard only on air (mark()) once ready neighbours play behind; a tune's two decks alone take
    // turns and never play at once, so the second copies the first (its sound from before a block).
    video.muted = this.maxDecks > 2 ? true : a ? (this.mutedBeforeBlock.get(a) ?? a.muted) : false;
    const style = video.style;
    style.position = 'absolute';
    style.top = a?.style.top ?? '0px';
    style.left = a?.style.left ?? '0px';
    style.width = a?.style.width ?? '100%';
    style.height = a?.style.height ?? '100%';
    style.display = 'none';
    style.visibility = 'hidden';
    style.zIndex = DECK_STAGE_DEFAULTS.backZ;
    doc.body.appendChild(video);
    const session = this.opt.createSession();
    const deck = new ElementDeck(video, session, {
      onStarted: () => this.deckEvent(index, 'started'),
      onLoading: () => this.deckEvent(index, 'loading'),
      onCued: () => this.deckEvent(index, 'cued'),
      onStopped: () => this.deckEvent(index, 'stopped'),
      onError: (error) => this.opt.events.onError(error, { onAir: this.air === index, deck: index }),
    });
    const own = { deck, controller: new PlaybackController(this.opt.controllerOptions), session };
    this.own[index - 1] = own;
    this.mark();
    return own;
  }

  /**
   * z-index, the on-air marker and sound of every element: only the deck on air is in front (and, with
   * ready neighbours, heard); blocked, none is seen or heard (the sound each had comes back after).
   */
  private mark(): void {
    for (let i = 0; i < this.maxDecks; i++) {
      const el = this.elementOf(i);
      if (!el) continue;
      const front = i === this.air;
      el.style.zIndex = front ? DECK_STAGE_DEFAULTS.frontZ : DECK_STAGE_DEFAULTS.backZ;
      if (front) el.setAttribute(DECK_STAGE_DEFAULTS.onAirAttribute, 'true');
      else el.removeAttribute(DECK_STAGE_DEFAULTS.onAirAttribute);
      if (this.blocked) {
        if (!this.mutedBeforeBlock.has(el)) this.mutedBeforeBlock.set(el, el.muted);
        el.muted = true;
        el.style.opacity = '0';
        continue;
      }
      el.style.opacity = '';
      const before = this.mutedBeforeBlock.get(el);
      this.mutedBeforeBlock.delete(el);
      if (this.maxDecks > 2) el.muted = !front;
      else if (before !== undefined) el.muted = before;
    }
  }
}
