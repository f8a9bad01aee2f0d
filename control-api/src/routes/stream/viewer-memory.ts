// Which channel each viewer last tuned, in memory, bounded (least recently used viewers are forgotten
// first). Per process: behind several API replicas, a viewer without `?channel=` may land on
// another replica's default; the TV app always sends `?channel=` when it knows it.
export const VIEWER_MEMORY_DEFAULTS = {
  maxViewers: 100_000, // remembered viewers
};

export class ViewerMemory {
  private readonly lastChannel = new Map<string, string>();

  constructor(private readonly maxViewers = VIEWER_MEMORY_DEFAULTS.maxViewers) {}

  get(userId: string): string | undefined {
    return this.lastChannel.get(userId);
  }

  remember(userId: string, channelId: string): void {
    this.lastChannel.delete(userId);
    this.lastChannel.set(userId, channelId);
    if (this.lastChannel.size > this.maxViewers) {
      const oldest = this.lastChannel.keys().next();
      if (!oldest.done) this.lastChannel.delete(oldest.value);
    }
  }

  get size(): number {
    return this.lastChannel.size;
  }
}
