// The lineup as the remote sees it: channels ordered by number, up/down with wrap-around (through
// the channels a walk filter lets through, e.g. favorites only), direct numbers, the previous
// channel, and the last channel remembered on the device.

export interface NavChannel {
  id: string;
  number: number;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const CHANNEL_NAV_DEFAULTS = {
  storageKey: 'streamsync.lastChannelId',
};

export class ChannelNav<C extends NavChannel> {
  private list: C[] = [];
  private currentId: string | null = null;
  private previousId: string | null = null;
  private walk: () => ((channel: C) => boolean) | null = () => null;

  constructor(private readonly storage: KeyValueStore | null, private readonly storageKey = CHANNEL_NAV_DEFAULTS.storageKey) {}

  /** Replaces the lineup (a lineup change keeps current/previous when they still exist). */
  setChannels(channels: readonly C[]): void {
    this.list = [...channels].sort((a, b) => a.number - b.number);
    if (this.previousId !== null && !this.byId(this.previousId)) this.previousId = null;
  }

  get channels(): readonly C[] {
    return this.list;
  }

  get current(): C | null {
    return this.currentId === null ? null : this.byId(this.currentId);
  }

  get previous(): C | null {
    return this.previousId === null ? null : this.byId(this.previousId);
  }

  byId(id: string): C | null {
    return this.list.find((c) => c.id === id) ?? null;
  }

  byNumber(n: number): C | null {
    return this.list.find((c) => c.number === n) ?? null;
  }

  /** The channel to boot on: the remembered one if it still exists, else the lowest number. */
  initial(): C | null {
    const remembered = this.rememberedId();
    return (remembered !== null ? this.byId(remembered) : null) ?? this.list[0] ?? null;
  }

  /** The id of the channel last tuned on this device (known before the lineup is), or null. */
  rememberedId(): string | null {
    try {
      return this.storage?.getItem(this.storageKey) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * What CH+/CH- (and the ready neighbours) step through, asked on every step: the channels the
   * filter it gives lets through, or all (null). A filter that lets none through walks all, so the
   * keys are never dead.
   */
  setWalk(walk: () => ((channel: C) => boolean) | null): void {
    this.walk = walk;
  }

  /** The neighbour `delta` steps away from the current channel (wraps around), within the walk. */
  neighbour(delta: 1 | -1, fromId: string | null = this.currentId): C | null {
    const filter = this.walk();
    const walked = filter ? this.list.filter(filter) : this.list;
    const list = walked.length > 0 ? walked : this.list;
    if (list.length === 0) return null;
    const index = fromId === null ? -1 : this.list.findIndex((c) => c.id === fromId);
    if (index < 0) return delta === 1 ? (list[0] ?? null) : (list[list.length - 1] ?? null);
    const at = list.findIndex((c) => c.id === fromId);
    if (at >= 0) return list[(at + delta + list.length) % list.length] ?? null;
    // From a channel outside the walk: the next one inside it in number order (wrapping).
    const number = this.list[index]?.number ?? 0;
    if (delta === 1) return list.find((c) => c.number > number) ?? list[0] ?? null;
    return [...list].reverse().find((c) => c.number < number) ?? list[list.length - 1] ?? null;
  }

  /** Records a tune: the old current becomes the previous channel; the new one is remembered. */
  select(id: string): C | null {
    const channel = this.byId(id);
    if (!channel) return null;
    if (this.currentId !== null && this.currentId !== id) this.previousId = this.currentId;
    this.currentId = id;
    try {
      this.storage?.setItem(this.storageKey, id);
    } catch {
      // Storage full or blocked: the remote still works, only the memory is lost.
    }
    return channel;
  }
}

