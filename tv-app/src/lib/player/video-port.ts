// The media port over the SDK VideoPlayer (which owns the <video> element and calls our Shaka
// loader/unloader). A load goes through VideoPlayer.open(); the loader holds the open() at a gate
// until the controller's play-at, so the VideoPlayer shows and plays exactly when the schedule says.
import type { PlayerSnapshot } from '../../core/sync/playback-controller.js';
import type { LoadRequest } from './shaka-session.js';
import type { MediaPort } from './playback-driver.js';
import { snapshotOf, whenFramed } from './element-deck.js';
import { bufferAhead, bufferedThrough } from '../screens/sync-stats.js';
import { ListenerGroup } from '../util/listener-group.js';

/** The SDK VideoPlayer plugin, as far as it is used here (the SDK types it as any). */
export interface VideoPlayerApi {
  consumer(component: object): void;
  loader(fn: (url: string, video: HTMLVideoElement, config: Partial<LoadRequest>) => Promise<void>): void;
  unloader(fn: (video: HTMLVideoElement) => Promise<void>): void;
  open(url: string, config?: Partial<LoadRequest>): void;
  close(): void;
  play(): void;
  pause(): void;
  show(): void;
  hide(): void;
  area(top?: number, right?: number, bottom?: number, left?: number): void;
  readonly _videoEl: HTMLVideoElement | undefined;
}

/** A load that a newer load replaced: not an error anyone should see. */
export class TuneSuperseded extends Error {
  readonly code = 'SS_TV_TUNE_SUPERSEDED';
  constructor() {
    super('a newer tune replaced this one');
    this.name = 'TuneSuperseded';
  }
}

export interface VideoPortEvents {
  /** The first frame of a load is on screen (playback started). */
  onStarted(url: string): void;
  /** A load began: the video is hidden until its timed start. */
  onLoading(url: string): void;
  /** The load's first frame is decoded and held, paused at the aimed position, until its timed start. */
  onCued?(url: string): void;
  /** The media was released (no target). */
  onStopped?(): void;
}

export class VideoPort implements MediaPort {
  private url: string | null = null;
  private gate: { resolve: () => void; reject: (e: Error) => void } | null = null;
  /** A load is in flight (until the player holds it at the gate): the element still shows the media before it. */
  private loading = false;
  private waiting = false;
  /** A timed restart is under way: its play() is no new start. */
  private restarting = false;
  /** The load's first frame is shown, held before the timed start: a re-join's seek keeps it up (no slate again). */
  private held = false;
  private readonly group = new ListenerGroup('video-port');
  private boundTo: HTMLVideoElement | null = null;
  private uncue: (() => void) | null = null;

  constructor(private readonly player: VideoPlayerApi, private readonly events: VideoPortEvents) {}

  private get video(): HTMLVideoElement | null {
    const v = this.player._videoEl ?? null;
    if (v && v !== this.boundTo) this.bind(v);
    return v;
  }

  private bind(video: HTMLVideoElement): void {
    this.boundTo = video;
    video.preservesPitch = false; // rate trims must be exact (platform notes: pitch-preserving rates are not)
    this.group.on(video, 'waiting', () => (this.waiting = true));
    this.group.on(video, 'stalled', () => (this.waiting = true));
    this.group.on(video, 'playing', () => (this.waiting = false));
    this.group.on(video, 'seeked', () => (this.waiting = false));
  }

  load(url: string, positionSec: number): void {
    this.rejectGate();
    this.restarting = false;
    this.url = url;
    this.held = false;
    this.loading = true;
    this.waiting = false;
    const beforePlay = (video: HTMLVideoElement) =>
      new Promise<void>((resolve, reject) => {
        if (this.url !== url) {
          reject(new TuneSuperseded());
          return;
        }
        this.loading = false;
        video.pause();
        // Visible (under the slate) before play(): making it visible at play() delays the clock.
        this.player.show();
        this.gate = { resolve, reject };
        this.uncue = whenFramed(video, () => {
          if (this.url !== url || !this.gate) return;
          this.held = true;
          this.events.onCued?.(url);
        });
      });
    this.events.onLoading(url);
    this.player.open(url, { startTime: positionSec, beforePlay });
  }

  loadedUrl(): string | null {
    return this.url;
  }

  bufferedFrom(positionSec: number): number {
    const v = this.video;
    return v && this.url && !this.loading ? bufferedThrough(v.buffered, positionSec, v.duration) : 0;
  }

  holdsFrameBefore(positionSec: number): boolean {
    const v = this.video;
    return v !== null && this.held && v.paused && positionSec > v.currentTime && positionSec < v.duration;
  }

  seekPaused(positionSec: number, options: { keepPicture?: boolean } = {}): void {
    const v = this.video;
    if (!v) return;
    this.restarting = options.keepPicture === true;
    // A re-join covers the paused picture until the timed start; a timed restart keeps it.
    if (this.url && !this.restarting && !this.held) this.events.onLoading(this.url);
    v.pause();
    v.playbackRate = 1;
    v.currentTime = positionSec;
  }

  play(): void {
    const v = this.video;
    if (!v) return;
    const gate = this.gate;
    this.gate = null;
    void v.play().catch(() => {
      // Autoplay refused or interrupted: the controller sees the clock not running and joins again.
    });
    if (gate) gate.resolve(); // the VideoPlayer now shows the video (its own play() is a no-op)
    else this.player.show();
    if (this.url && !this.restarting) this.events.onStarted(this.url);
    this.restarting = false;
    this.held = false;
  }

  setRate(rate: number): void {
    const v = this.video;
    if (v) v.playbackRate = rate;
  }

  seek(positionSec: number): void {
    const v = this.video;
    if (v) v.currentTime = positionSec;
  }

  stop(): void {
    this.rejectGate();
    this.url = null;
    this.held = false;
    this.loading = false;
    this.player.close();
    this.events.onStopped?.();
  }

  /** No media while a load is in flight: the element's state is still the previous program's. */
  snapshot(): PlayerSnapshot {
    return snapshotOf(this.loading ? null : this.video, this.waiting);
  }

  /** Forget the current load so the next one reloads (after a media error). */
  reset(): void {
    this.rejectGate();
    this.url = null;
    this.held = false;
    this.loading = false;
  }

  dispose(): void {
    this.rejectGate();
    this.group.dispose();
  }

  private rejectGate(): void {
    this.uncue?.();
    this.uncue = null;
    const gate = this.gate;
    this.gate = null;
    gate?.reject(new TuneSuperseded());
  }
}
