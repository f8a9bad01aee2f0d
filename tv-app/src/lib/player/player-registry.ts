// The Shaka players alive in the app (the VideoPlayer's and the second deck's): the quality
// setting applies its choice to each, and QA stats read the one attached to the <video> on air.

export class PlayerRegistry<T> {
  private readonly live: T[] = [];

  constructor(private readonly make: () => T) {}

  /** Makes a player and remembers it. */
  readonly create = (): T => {
    const player = this.make();
    this.live.push(player);
    return player;
  };

  /** Forgets a player (it is being destroyed). */
  readonly release = (player: T): void => {
    const i = this.live.indexOf(player);
    if (i >= 0) this.live.splice(i, 1);
  };

  /** The live players, oldest first. */
  all(): readonly T[] {
    return this.live;
  }
}
