// The device's key-value storage, read and written the way every remembered choice needs: a storage
// that is missing or throws (blocked, full) reads as nothing and says a write failed, never throws.
import type { KeyValueStore } from '../remote/channel-nav.js';

export function readItem(storage: KeyValueStore | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** True when the value was kept. */
export function writeItem(storage: KeyValueStore | null, key: string, value: string): boolean {
  try {
    if (!storage) return false;
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Removes a key; a storage that is missing or throws removes nothing. */
export function forgetItem(storage: { removeItem(key: string): void } | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // blocked storage: nothing was kept there either
  }
}
