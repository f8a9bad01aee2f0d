// What the device remembers for the viewer (localStorage, keys under `streamsync.`): the quality
// choice and the statistics overlay; reset() forgets everything the app stored, the last channel and
// favorites too, except the parental lock (its limit and PIN are the guardian's, not the viewer's).
import type { KeyValueStore } from '../remote/channel-nav.js';
import { readItem, writeItem } from '../util/safe-storage.js';
import { parseQuality, type QualityChoice } from '../player/quality.js';

export const DEVICE_PREFS_DEFAULTS = {
  prefix: 'streamsync.',
  keptPrefix: 'streamsync.parental.', // what reset() leaves alone
  qualityKey: 'streamsync.quality',
  statsKey: 'streamsync.statsOverlay',
};

export interface ResettableStore extends KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  removeItem(key: string): void;
}

export class DevicePrefs {
  constructor(private readonly store: ResettableStore | null) {}

  get quality(): QualityChoice {
    return parseQuality(this.read(DEVICE_PREFS_DEFAULTS.qualityKey));
  }

  set quality(choice: QualityChoice) {
    this.write(DEVICE_PREFS_DEFAULTS.qualityKey, String(choice));
  }

  get statsOverlay(): boolean {
    return this.read(DEVICE_PREFS_DEFAULTS.statsKey) === 'on';
  }

  set statsOverlay(on: boolean) {
    this.write(DEVICE_PREFS_DEFAULTS.statsKey, on ? 'on' : 'off');
  }

  /** Removes every key the app stored; returns how many. */
  reset(): number {
    const store = this.store;
    if (!store) return 0;
    try {
      const keys: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const k = store.key(i);
        if (k !== null && k.startsWith(DEVICE_PREFS_DEFAULTS.prefix) && !k.startsWith(DEVICE_PREFS_DEFAULTS.keptPrefix)) keys.push(k);
      }
      for (const k of keys) store.removeItem(k);
      return keys.length;
    } catch {
      return 0;
    }
  }

  private read(key: string): string | null {
    return readItem(this.store, key);
  }

  /** Storage full or blocked: the choice holds for this session only. */
  private write(key: string, value: string): void {
    writeItem(this.store, key, value);
  }
}
