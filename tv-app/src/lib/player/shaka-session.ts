// The Shaka side of the SDK VideoPlayer: one Shaka Player attached to the VideoPlayer's <video>,
// a loader/unloader pair for VideoPlayer.loader()/unloader(), and preloads (Shaka's preload API)
// keyed by what they are for (neighbour channels, the next program).

import { deferEarlySeek, type EarlySeekGuard, type TimeAccessor } from './early-seek-guard.js';
import { WINDOW_TIMERS, type Timers } from '../util/timers.js';

export interface PreloadLike {
  destroy(): Promise<unknown>;
}

export interface ShakaPlayerLike<P extends PreloadLike = PreloadLike> {
  attach(video: HTMLMediaElement): Promise<unknown>;
  load(asset: string | P, startTime?: number | null, mimeType?: string | null): Promise<unknown>;
  preload(asset: string, startTime?: number | null, mimeType?: string | null): Promise<P | null>;
  unload(): Promise<unknown>;
  configure(config: object): boolean;
  /** Streaming again after it stopped on an error, `retryDelaySeconds` later. */
  retryStreaming(retryDelaySeconds?: number): boolean;
  addEventListener(type: string, handler: (event: Event) => void): void;
  removeEventListener(type: string, handler: (event: Event) => void): void;
  destroy(): Promise<unknown>;
}

/** What the player page passes to VideoPlayer.open(url, config). */
export interface LoadRequest {
  /** Seconds into the asset to load at. */
  startTime: number;
  /** Runs after the load, before the VideoPlayer shows and plays: prebuffer and timed start. */
  beforePlay?: (video: HTMLVideoElement) => Promise<void>;
}

export interface ShakaSessionOptions<P extends PreloadLike> {
  createPlayer: () => ShakaPlayerLike<P>;
  /** Told when a player made by `createPlayer` is destroyed (a registry of live players forgets it). */
  releasePlayer?: (player: ShakaPlayerLike<P>) => void;
  config: object;
  mimeType: string | null;
  /** Shaka 'error' events (network, media, manifest). */
  onError: (detail: unknown) => void;
  /** Milliseconds an early seek of each load waits (the engine profile's; 0: none, see early-seek-guard.ts). */
  earlySeekDelayMs?: number;
  /** The early seeks' timers (default: the window's). */
  timers?: Timers;
  /** The engine's `currentTime` accessor (default: HTMLMediaElement.prototype's). */
  timeAccessor?: TimeAccessor;
}

export const LOAD_DEFAULTS = {
  preloadToleranceSec: 0.05, // seconds: a preload this close to the wanted start is used as is
  // seconds: a preload up to this far behind the wanted start is used (with a seek). Measured on
  // loopback: loading a preload and then seeking took ~0.5 s, a fresh load ~0.15-0.2 s (the
  // preload has put the manifest and segments in the HTTP cache, immutable): so only a preload
  // that needs no seek is loaded as is.
  preloadUsableAheadSec: 0.05,
  metadataWaitMs: 3000, // milliseconds to wait for loadeddata after loading a preload
  // seconds before streaming starts again after a request failed every retry (the origin away for
  // longer than the retries last): what is buffered plays meanwhile, as Shaka does for live streams
  streamingRetryDelaySec: 1,
};

/** Shaka's error category of network failures (shaka.util.Error.Category.NETWORK). */
const NETWORK_CATEGORY = 1;

/** Resolves once the element has its first frame (readyState >= 2), or after `maxMs`. */
function metadataLoaded(video: HTMLVideoElement, maxMs: number): Promise<void> {
  if (video.readyState >= 2) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      video.removeEventListener('loadeddata', done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    video.addEventListener('loadeddata', done);
  });
}

interface PreloadEntry<P extends PreloadLike> {
  url: string;
  startTime: number;
  manager: Promise<P | null>;
}

export class ShakaSession<P extends PreloadLike = PreloadLike> {
  private player: ShakaPlayerLike<P> | null = null;
  private attachedTo: HTMLMediaElement | null = null;
  private readonly preloads = new Map<string, PreloadEntry<P>>();
  private earlySeek: EarlySeekGuard | null = null;
  private readonly onShakaError = (event: Event) => this.options.onError((event as Event & { detail?: unknown }).detail ?? event);

  constructor(private readonly options: ShakaSessionOptions<P>) {}

  /** The loader for VideoPlayer.loader(): (url, videoEl, config) => Promise. */
  readonly loader = async (url: string, video: HTMLVideoElement, request: Partial<LoadRequest> = {}): Promise<void> => {
    const player = await this.playerFor(video);
    this.guardEarlySeek(video);
    const startTime = request.startTime ?? 0;
    const preload = this.takePreload(url);
    const behind = preload ? startTime - preload.startTime : Number.NaN;
    const usable = behind >= -LOAD_DEFAULTS.preloadToleranceSec && behind <= LOAD_DEFAULTS.preloadUsableAheadSec;
    if (preload && !usable) void preload.manager.then((m) => m?.destroy()).catch(() => {});
    const manager = preload && usable ? await preload.manager.catch(() => null) : null;
    if (manager) {
      await player.load(manager);
      // A preload starts where it was asked to when it was made, applied once metadata is in:
      // then move to where the schedule is now.
      await metadataLoaded(video, LOAD_DEFAULTS.metadataWaitMs);
      if (Math.abs(video.currentTime - startTime) > LOAD_DEFAULTS.preloadToleranceSec) video.currentTime = startTime;
    } else {
      await player.load(url, startTime, this.options.mimeType);
    }
    if (request.beforePlay) await request.beforePlay(video);
  };

  /** The unloader for VideoPlayer.unloader(): (videoEl) => Promise. */
  readonly unloader = async (_video: HTMLVideoElement): Promise<void> => {
    if (this.player) await this.player.unload();
  };

  /** Layers `config` over the player's configuration (made if needed). */
  configure(config: object): void {
    this.ensurePlayer().configure(config);
  }

  /** Starts (or replaces) a preload for `key`. */
  preload(key: string, url: string, startTime: number): void {
    const existing = this.preloads.get(key);
    if (existing) void existing.manager.then((m) => m?.destroy()).catch(() => {});
    const manager = this.ensurePlayer().preload(url, startTime, this.options.mimeType).catch(() => null);
    this.preloads.set(key, { url, startTime, manager });
  }

  hasPreload(key: string, url: string): boolean {
    return this.preloads.get(key)?.url === url;
  }

  /** Destroys every preload whose key is not in `keep`. */
  retainPreloads(keep: ReadonlySet<string>): void {
    for (const [key, entry] of this.preloads) {
      if (keep.has(key)) continue;
      this.preloads.delete(key);
      void entry.manager.then((m) => m?.destroy()).catch(() => {});
    }
  }

  get preloadKeys(): string[] {
    return [...this.preloads.keys()];
  }

  async destroy(): Promise<void> {
    this.earlySeek?.release();
    this.earlySeek = null;
    this.retainPreloads(new Set());
    const player = this.player;
    this.player = null;
    this.attachedTo = null;
    if (player) {
      player.removeEventListener('error', this.onShakaError);
      this.options.releasePlayer?.(player);
      await player.destroy();
    }
  }

  /** A new load: its first seek before a frame waits, where the engine needs it (the last load's guard ends). */
  private guardEarlySeek(video: HTMLVideoElement): void {
    this.earlySeek?.release();
    this.earlySeek = null;
    const delayMs = this.options.earlySeekDelayMs ?? 0;
    if (delayMs <= 0) return;
    const accessor = this.options.timeAccessor ?? Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'currentTime') ?? {};
    this.earlySeek = deferEarlySeek(video, accessor, delayMs, this.options.timers ?? WINDOW_TIMERS);
  }

  /** Takes (removes) a preload made for `url`, whatever its key. */
  private takePreload(url: string): PreloadEntry<P> | null {
    for (const [key, entry] of this.preloads) {
      if (entry.url !== url) continue;
      this.preloads.delete(key);
      return entry;
    }
    return null;
  }

  private ensurePlayer(): ShakaPlayerLike<P> {
    if (this.player) return this.player;
    const player = this.options.createPlayer();
    player.configure(this.options.config);
    // Every program is a VOD presentation to Shaka, which stops streaming for good when a segment
    // request fails every retry; for a channel that is an outage to ride out, as live streams do.
    player.configure({
      streaming: {
        failureCallback: (error: { category?: number }) => {
          if (error.category === NETWORK_CATEGORY) player.retryStreaming(LOAD_DEFAULTS.streamingRetryDelaySec);
        },
      },
    });
    player.addEventListener('error', this.onShakaError);
    this.player = player;
    return player;
  }

  private async playerFor(video: HTMLVideoElement): Promise<ShakaPlayerLike<P>> {
    const player = this.ensurePlayer();
    if (this.attachedTo !== video) {
      await player.attach(video);
      this.attachedTo = video;
    }
    return player;
  }
}
