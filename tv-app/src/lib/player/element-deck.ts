// The second player: a <video> element of our own beside the SDK VideoPlayer's, with its own
// Shaka session (the same loader/unloader pair the VideoPlayer is given). It prepares the next
// program paused behind the picture on air, so a program boundary is a swap, not a reload.
import type { PlayerSnapshot } from '../../core/sync/playback-controller.js';
import { ListenerGroup } from '../util/listener-group.js';
import type { MediaPort } from './playback-driver.js';
import type { LoadRequest } from './shaka-session.js';
import { bufferAhead, bufferedThrough } from '../screens/sync-stats.js';

/** The Shaka session's loader/unloader pair (ShakaSession provides it). */
export interface DeckLoader {
  loader(url: string, video: HTMLVideoElement, request?: Partial<LoadRequest>): Promise<void>;
  unloader(video: HTMLVideoElement): Promise<void>;
}

export interface DeckEvents {
  /** play() was called: the deck's first frame of this load is (about to be) on screen. */
  onStarted(url: string): void;
  /** A load began: the deck has no correct picture until its timed start. */
  onLoading(url: string): void;
  /** The load's first frame is decoded and held, paused at the aimed position, until its timed start. */
  onCued?(url: string): void;
  /** The load failed (network, manifest, media). */
  onError(error: unknown): void;
  /** The media was released (no target). */
  onStopped?(): void;
}

/**
 * Calls `cued` once the element has a decoded frame to show (readyState >= 2): at once, or at its
 * `loadeddata`. Returns a function that cancels the wait.
 */
export function whenFramed(video: HTMLVideoElement, cued: () => void): () => void {
  if (video.readyState >= 2) {
    cued();
    return () => {};
  }
  const onData = () => {
    video.removeEventListener('loadeddata', onData);
    cued();
  };
  video.addEventListener('loadeddata', onData);
  return () => video.removeEventListener('loadeddata', onData);
}

const EMPTY_SNAPSHOT: PlayerSnapshot = { currentTimeSec: 0, paused: true, readyState: 0, playbackRate: 1, seeking: false, ended: false, waiting: false };

/** Reads a <video> and the `waiting` flag kept from its events (shared by both decks). */
export function snapshotOf(video: HTMLVideoElement | null, waiting: boolean): PlayerSnapshot {
  if (!video) return EMPTY_SNAPSHOT;
  return {
    bufferedAheadSec: bufferAhead(video.buffered, video.currentTime),
    currentTimeSec: video.currentTime,
    paused: video.paused,
    readyState: video.readyState,
    playbackRate: video.playbackRate,
    seeking: video.seeking,
    ended: video.ended,
    waiting,
  };
}

export class ElementDeck implements MediaPort {
  private url: string | null = null;
  private generation = 0;
  /** A load is in flight: the element still shows the media before it (see snapshot()). */
  private loading = false;
  private waiting = false;
  /** A timed restart is under way: its play() is no new start. */
  private restarting = false;
  /** The load's first frame is shown, held before the timed start: a re-join's seek keeps it up (no slate again). */
  private held = false;
  private uncue: (() => void) | null = null;
  private readonly group = new ListenerGroup('element-deck');

  constructor(
    readonly video: HTMLVideoElement,
    private readonly session: DeckLoader,
    private readonly events: DeckEvents,
  ) {
    video.preservesPitch = false; // rate trims must be exact (platform notes)
    this.group.on(video, 'waiting', () => (this.waiting = true));
    this.group.on(video, 'stalled', () => (this.waiting = true));
    this.group.on(video, 'playing', () => (this.waiting = false));
    this.group.on(video, 'seeked', () => (this.waiting = false));
  }

  load(url: string, positionSec: number): void {
    this.cancelCue();
    const generation = ++this.generation;
    this.restarting = false;
    this.url = url;
    this.held = false;
    this.loading = true;
    this.waiting = false;
    this.events.onLoading(url);
    // Rendered (behind the deck on air, or under the slate) before play(): showing a video only
    // at play() delays its clock.
    this.video.style.display = 'block';
    this.video.style.visibility = 'visible';
    this.session.loader(url, this.video, { startTime: positionSec }).then(
      () => {
        if (generation !== this.generation) return;
        this.loading = false;
        this.video.pause();
        this.uncue = whenFramed(this.video, () => {
          if (generation !== this.generation || !this.video.paused) return;
          this.held = true;
          this.events.onCued?.(url);
        });
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.loading = false;
        this.events.onError(error);
      },
    );
  }

  loadedUrl(): string | null {
    return this.url;
  }

  bufferedFrom(positionSec: number): number {
    return this.url && !this.loading ? bufferedThrough(this.video.buffered, positionSec, this.video.duration) : 0;
  }

  holdsFrameBefore(positionSec: number): boolean {
    return this.held && this.video.paused && positionSec > this.video.currentTime && positionSec < this.video.duration;
  }

  seekPaused(positionSec: number, options: { keepPicture?: boolean } = {}): void {
    this.restarting = options.keepPicture === true;
    if (this.url && !this.restarting && !this.held) this.events.onLoading(this.url);
    this.video.pause();
    this.video.playbackRate = 1;
    this.video.currentTime = positionSec;
  }

  play(): void {
    void this.video.play().catch(() => {
      // Refused or interrupted: the controller sees the clock not running and joins again.
    });
    if (this.url && !this.restarting) this.events.onStarted(this.url);
    this.restarting = false;
    this.held = false;
  }

  setRate(rate: number): void {
    this.video.playbackRate = rate;
  }

  seek(positionSec: number): void {
    this.video.currentTime = positionSec;
  }

  /** Releases the media (Shaka unload) and hides the element. */
  stop(): void {
    this.cancelCue();
    this.generation++;
    this.url = null;
    this.held = false;
    this.loading = false;
    this.video.pause();
    this.video.style.display = 'none';
    this.video.style.visibility = 'hidden';
    void this.session.unloader(this.video).catch(() => {
      // Nothing more to release.
    });
    this.events.onStopped?.();
  }

  /** No media while a load is in flight: the element's state is still the previous program's. */
  snapshot(): PlayerSnapshot {
    return snapshotOf(this.url && !this.loading ? this.video : null, this.waiting);
  }

  /** Forget the current load so the next join reloads (after a media error). */
  reset(): void {
    this.generation++;
    this.url = null;
    this.held = false;
    this.loading = false;
  }

  dispose(): void {
    this.stop();
    this.group.dispose();
  }

  private cancelCue(): void {
    this.uncue?.();
    this.uncue = null;
  }
}
