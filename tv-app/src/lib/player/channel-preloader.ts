// Shaka preloads that make tunes fast: the channels above and below (CH+/CH- start from a parsed
// manifest and prefetched segments, with their now/next already fetched). The next program of the
// watched channel is prepared on the second player instead (see deck-stage.ts).

import type { ChannelNav } from '../remote/channel-nav.js';
import { targetPositionSec } from '../../core/sync/target-position.js';
import { ChannelSchedule } from './channel-schedule.js';
import { playScheduleFor } from './live-schedule.js';
import type { TvServices } from '../util/tv-services.js';
import type { ChannelNow, ChannelSummary } from '../../core/wire.js';

export const PRELOADER_DEFAULTS = {
  nowCacheMs: 5_000, // milliseconds a neighbour's prefetched now/next may start a zap
  freshMs: 1_000, // milliseconds under which a prefetched now/next needs no refresh after the tune
};

/** A now/next fetched (or being fetched) before its tune: the tune waits for it instead of asking again. */
export interface EarlyNow {
  now: Promise<ChannelNow | null>;
  /** Fetched so recently that the tune need not ask for it again. */
  fresh: boolean;
}

type PreloaderServices = Pick<TvServices, 'api' | 'clock' | 'config' | 'apiBaseUrl' | 'shaka' | 'controller' | 'localNow'>;

export class ChannelPreloader {
  private readonly nowCache = new Map<string, { now: ChannelNow; atMs: number }>();
  private readonly nowInFlight = new Map<string, Promise<ChannelNow | null>>();

  constructor(
    private readonly services: PreloaderServices,
    private readonly nav: ChannelNav<ChannelSummary>,
  ) {}

  /** A now/next fetched moments ago (within nowCacheMs), with when, or null. */
  private cached(channelId: string): { now: ChannelNow; atMs: number } | null {
    const cached = this.nowCache.get(channelId);
    return cached && this.services.localNow() - cached.atMs < PRELOADER_DEFAULTS.nowCacheMs ? cached : null;
  }

  /**
   * Fetches a channel's now/next ahead of its tune (at boot, the channel last watched, alongside the
   * lineup): the tune then takes it instead of a round trip of its own.
   */
  prefetchNow(channelId: string): void {
    if (this.nowInFlight.has(channelId) || this.cached(channelId)) return;
    const { services } = this;
    const request = services.api.channelNow(channelId).then(
      (now) => {
        this.nowCache.set(channelId, { now, atMs: services.localNow() });
        return now;
      },
      () => null,
    );
    this.nowInFlight.set(channelId, request);
    void request.then(() => this.nowInFlight.delete(channelId));
  }

  /** The channel's now/next fetched moments ago or on its way, or null (the tune fetches it). */
  earlyNow(channelId: string): EarlyNow | null {
    const inFlight = this.nowInFlight.get(channelId);
    if (inFlight) return { now: inFlight, fresh: true };
    const cached = this.cached(channelId);
    if (!cached) return null;
    return { now: Promise.resolve(cached.now), fresh: this.services.localNow() - cached.atMs < PRELOADER_DEFAULTS.freshMs };
  }

  /** Preloads the channels above and below the current one (and drops other channel preloads). */
  preloadNeighbours(): void {
    const services = this.services;
    const keep = new Set<string>();
    for (const delta of [1, -1] as const) {
      const neighbour = this.nav.neighbour(delta);
      const key = neighbour ? `ch:${neighbour.id}` : null;
      if (!neighbour || !key || neighbour.id === this.nav.current?.id || keep.has(key)) continue;
      keep.add(key);
      void services.api.channelNow(neighbour.id).then(
        (now) => {
          this.nowCache.set(neighbour.id, { now, atMs: services.localNow() });
          const schedule = playScheduleFor(new ChannelSchedule(now, services.config.protocol, services.apiBaseUrl), services.config, services.apiBaseUrl);
          const serverNow = services.clock.serverNow();
          const program = schedule.programAt(serverNow);
          if (!program || services.shaka.hasPreload(key, schedule.urlFor(program))) return;
          const position = targetPositionSec(program, serverNow) + services.controller.stats().joinLeadSec;
          services.shaka.preload(key, schedule.urlFor(program), position);
        },
        () => {
          // No preload for a neighbour the API cannot describe now; the zap will fetch it.
        },
      );
    }
    services.shaka.retainPreloads(keep);
  }
}
