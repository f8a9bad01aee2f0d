// The device's storage for unit tests: a Map behind the KeyValueStore the app's remembered choices use.
import type { KeyValueStore } from '../../src/lib/remote/channel-nav.js';

export class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}
