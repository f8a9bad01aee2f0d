// Two players, A and B, for seamless program boundaries. Deck A is the SDK VideoPlayer's <video>
// (loaded through VideoPlayer.open() and its Shaka loader/unloader pair: tunes and neighbour
// preloads go there); deck B is a <video> of our own with its own Shaka session. Each deck has its
// own PlaybackController. The deck on air is in front (z-index) and marked `data-on-air`; the other
// is behind it, rendered but covered, so a swap at a boundary is one style change in one frame.
// Only the deck on air speaks to the page (slate, first frame, errors that need the retry path).
import { PlaybackController, type PlaybackControllerOptions, type PlaybackState, type PlaybackStats } from '../../core/sync/playback-controller.js';
import { ElementDeck, type DeckLoader } from './element-deck.js';
import type { Deck } from './playback-driver.js';
import { VideoPort, type VideoPlayerApi } from './video-port.js';

export interface DeckPairEvents {
  /** The deck on air has started playing (its first frame is up): hide the slate. */
  onStarted(): void;
  /** The deck on air has no correct picture yet (a load or re-join): cover it. */
  onLoading(): void;
  /** Deck B's load failed (deck A's failures reach the page as $videoPlayerError). */
  onError(error: unknown, where: { onAir: boolean; deck: 0 | 1 }): void;
}

export interface DeckPairOptions {
  videoPlayer: VideoPlayerApi;
  /** Deck A's controller (the app's main one). */
  controller: PlaybackController;
  /** Options for deck B's controller (the same as deck A's). */
  controllerOptions: Partial<PlaybackControllerOptions>;
  /** Deck B's Shaka session (destroyed with the pair). */
  createSession: () => DeckLoader & { destroy(): Promise<unknown> };
  document: Document;
  events: DeckPairEvents;
}

export const DECK_PAIR_DEFAULTS = {
  frontZ: '1', // CSS z-index of the deck on air (the Lightning canvas is at 2)
  backZ: '0', // CSS z-index of the other deck
  elementId: 'video-player-b', // id of deck B's <video>
  onAirAttribute: 'data-on-air', // set to "true" on the <video> on air
};

type DeckIndex = 0 | 1;

export class DeckPair {
  readonly portA: VideoPort;
  private deckB: { deck: ElementDeck; controller: PlaybackController; session: DeckLoader & { destroy(): Promise<unknown> } } | null = null;
  private air: DeckIndex = 0;
  private readonly started: [boolean, boolean] = [false, false];

  constructor(private readonly opt: DeckPairOptions) {
    this.portA = new VideoPort(opt.videoPlayer, {
      onStarted: () => this.deckEvent(0, true),
      onLoading: () => this.deckEvent(0, false),
      onStopped: () => (this.started[0] = false),
    });
    this.mark();
  }

  /** Deck A (the SDK VideoPlayer's). */
  get deckA(): Deck {
    return { controller: this.opt.controller, media: this.portA };
  }

  /** Deck B, created on first use (after the VideoPlayer has made its element). */
  get deckBDeck(): Deck {
    const b = this.ensureB();
    return { controller: b.controller, media: b.deck };
  }

  get onAir(): DeckIndex {
    return this.air;
  }

  /** The controller of the deck on air (sync badge, QA figures). */
  onAirController(): PlaybackController {
    return this.air === 1 && this.deckB ? this.deckB.controller : this.opt.controller;
  }

  state(): PlaybackState {
    return this.onAirController().state();
  }

  /**
   * The on-air controller's figures, with the counters (joins, seeks, rate changes, restarts...)
   * summed over both decks: they take turns at every boundary, so either alone goes back and forth.
   */
  stats(): PlaybackStats {
    const onAir = this.onAirController().stats();
    const other = this.air === 1 ? this.opt.controller : this.deckB?.controller;
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
    return this.air === 1 && this.deckB ? this.deckB.deck.loadedUrl() : this.portA.loadedUrl();
  }

  /** The <video> on air (the SDK's for deck A). */
  onAirElement(): HTMLVideoElement | null {
    return this.air === 1 && this.deckB ? this.deckB.deck.video : (this.opt.videoPlayer._videoEl ?? null);
  }

  /** Puts deck `index` in front, in this frame; tells the page whether it already plays. */
  setOnAir(index: DeckIndex): void {
    if (index === 1) this.ensureB();
    this.air = index;
    this.mark();
    if (this.started[index]) this.opt.events.onStarted();
    else this.opt.events.onLoading();
  }

  /** A tune loads on deck A (where the neighbour preloads are): bring it to the front first. */
  beforeTune(): void {
    if (this.air !== 0) this.setOnAir(0);
  }

  /** After a media error: forget the failed deck's load so its next join reloads. */
  resetDeck(index: DeckIndex): void {
    if (index === 0) this.portA.reset();
    else this.deckB?.deck.reset();
    this.started[index] = false;
  }

  dispose(): void {
    this.portA.dispose();
    const b = this.deckB;
    this.deckB = null;
    if (b) {
      b.deck.dispose();
      b.deck.video.remove();
      void b.session.destroy().catch(() => {});
    }
  }

  private deckEvent(index: DeckIndex, started: boolean): void {
    this.started[index] = started;
    if (index !== this.air) return;
    if (started) this.opt.events.onStarted();
    else this.opt.events.onLoading();
  }

  private ensureB(): NonNullable<DeckPair['deckB']> {
    if (this.deckB) return this.deckB;
    const doc = this.opt.document;
    const a = this.opt.videoPlayer._videoEl;
    const video = doc.createElement('video');
    video.id = DECK_PAIR_DEFAULTS.elementId;
    video.muted = a?.muted ?? false;
    const style = video.style;
    style.position = 'absolute';
    style.top = a?.style.top ?? '0px';
    style.left = a?.style.left ?? '0px';
    style.width = a?.style.width ?? '100%';
    style.height = a?.style.height ?? '100%';
    style.display = 'none';
    style.visibility = 'hidden';
    style.zIndex = DECK_PAIR_DEFAULTS.backZ;
    doc.body.appendChild(video);
    const session = this.opt.createSession();
    const deck = new ElementDeck(video, session, {
      onStarted: () => this.deckEvent(1, true),
      onLoading: () => this.deckEvent(1, false),
      onStopped: () => (this.started[1] = false),
      onError: (error) => this.opt.events.onError(error, { onAir: this.air === 1, deck: 1 }),
    });
    this.deckB = { deck, controller: new PlaybackController(this.opt.controllerOptions), session };
    this.mark();
    return this.deckB;
  }

  /** z-index and the on-air marker of both elements. */
  private mark(): void {
    const a = this.opt.videoPlayer._videoEl;
    const b = this.deckB?.deck.video;
    const front = this.air === 0 ? a : b;
    const back = this.air === 0 ? b : a;
    if (front) {
      front.style.zIndex = DECK_PAIR_DEFAULTS.frontZ;
      front.setAttribute(DECK_PAIR_DEFAULTS.onAirAttribute, 'true');
    }
    if (back) {
      back.style.zIndex = DECK_PAIR_DEFAULTS.backZ;
      back.removeAttribute(DECK_PAIR_DEFAULTS.onAirAttribute);
    }
  }
}
