// Shaka's text displayer, the app's way: every Shaka player hands its cues to a CaptionStore (one per
// player) instead of drawing them in the DOM; the captions view reads the store of the player on air
// at its <video>'s time, every frame, so captions follow the picture across deck swaps.
import { CaptionStore, type CueLike } from './caption-store.js';

/** What Shaka calls on a text displayer (shaka.extern.TextDisplayer). */
export interface TextDisplayerLike {
  append(cues: CueLike[]): void;
  remove(startTime: number, endTime: number): boolean;
  isTextVisible(): boolean;
  setTextVisibility(on: boolean): void;
  setTextLanguage(language: string): void;
  configure(config: unknown): void;
  destroy(): Promise<void>;
}

export class CaptionDisplayers<P extends object> {
  private readonly stores = new WeakMap<P, CaptionStore>();

  /** Shaka's `textDisplayFactory` for `player`: its displayer fills the player's store. */
  factoryFor(player: P): () => TextDisplayerLike {
    return () => {
      const store = this.storeOf(player);
      return {
        append: (cues) => store.append(cues),
        remove: (start, end) => store.remove(start, end),
        isTextVisible: () => store.isVisible,
        setTextVisibility: (on) => store.setVisible(on),
        setTextLanguage: (language) => store.setLanguage(language),
        configure: () => {},
        destroy: async () => store.clear(),
      };
    };
  }

  storeOf(player: P): CaptionStore {
    let store = this.stores.get(player);
    if (!store) {
      store = new CaptionStore();
      this.stores.set(player, store);
    }
    return store;
  }
}
