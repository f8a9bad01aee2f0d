// The viewer's favorite channels on this device, and whether CH+/CH- walks them only. Kept in the
// device's storage (keys under `streamsync.`, so "Reset device memory" forgets them too) and read
// back on every question: a reset or another tab's change shows at once. Garbage in storage reads
// as no favorites; a storage that throws keeps the choice for the moment only.
import type { KeyValueStore } from './channel-nav.js';
import { readItem, writeItem } from '../util/safe-storage.js';

export const FAVORITES_DEFAULTS = {
  listKey: 'streamsync.favorites',
  walkKey: 'streamsync.channelWalk',
  maxFavorites: 999, // channel ids kept at most (a lineup has at most 9999 numbers; ids are short)
};

/** What CH+/CH- steps through. */
export type ChannelWalk = 'all' | 'favorites';

export class Favorites {
  /** What a throwing storage could not keep, for this session. */
  private fallback: { ids: string[] | null; walk: ChannelWalk | null } = { ids: null, walk: null };

  constructor(private readonly storage: KeyValueStore | null) {}

  /** Favorite channel ids, in the order they were marked. */
  ids(): string[] {
    if (this.fallback.ids) return [...this.fallback.ids];
    const raw = this.read(FAVORITES_DEFAULTS.listKey);
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      const ids = parsed.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200);
      return [...new Set(ids)].slice(0, FAVORITES_DEFAULTS.maxFavorites);
    } catch {
      return [];
    }
  }

  has(channelId: string): boolean {
    return this.ids().includes(channelId);
  }

  /** Marks or unmarks a channel; returns whether it is a favorite now. */
  toggle(channelId: string): boolean {
    const ids = this.ids();
    const at = ids.indexOf(channelId);
    if (at >= 0) ids.splice(at, 1);
    else ids.push(channelId);
    const kept = ids.slice(-FAVORITES_DEFAULTS.maxFavorites);
    if (!this.write(FAVORITES_DEFAULTS.listKey, JSON.stringify(kept))) this.fallback.ids = kept;
    return at < 0;
  }

  get walk(): ChannelWalk {
    if (this.fallback.walk) return this.fallback.walk;
    return this.read(FAVORITES_DEFAULTS.walkKey) === 'favorites' ? 'favorites' : 'all';
  }

  set walk(walk: ChannelWalk) {
    if (!this.write(FAVORITES_DEFAULTS.walkKey, walk)) this.fallback.walk = walk;
  }

  /** The channels among `channels` that are favorites (same order). */
  only<C extends { id: string }>(channels: readonly C[]): C[] {
    const ids = new Set(this.ids());
    return channels.filter((c) => ids.has(c.id));
  }

  /** What CH+/CH- may land on: favorites when the walk says so, else everything (null). */
  walkFilter(): ((channel: { id: string }) => boolean) | null {
    if (this.walk !== 'favorites') return null;
    const ids = new Set(this.ids());
    return (channel) => ids.has(channel.id);
  }

  private read(key: string): string | null {
    return readItem(this.storage, key);
  }

  private write(key: string, value: string): boolean {
    return writeItem(this.storage, key, value);
  }
}
