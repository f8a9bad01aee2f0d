// The few runtime APIs the shipped bundle uses that the oldest TV engines lack (Chromium 68: webOS 5,
// Tizen 5.5). Syntax is lowered by the build (tools/build.ts, TV_ENGINES); these are library calls:
// - globalThis (Chromium 71): MQTT.js's stream helpers read `globalThis.AbortController` at load;
// - Array.prototype.at (Chromium 92): MQTT.js's subscribe;
// - Object.fromEntries (Chromium 73): the reaction counts;
// - queueMicrotask (Chromium 71): MQTT.js's abort handling.
// Each is installed only where missing, as a non-enumerable property like the built-in.

/** What an install needs of the global object (window, self, or a test's sandbox). */
export interface PolyfillTarget {
  globalThis?: unknown;
  queueMicrotask?: (callback: () => void) => void;
  Promise: PromiseConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
}

function define(owner: object, name: string, value: unknown): void {
  Object.defineProperty(owner, name, { value, writable: true, configurable: true, enumerable: false });
}

/** Installs the missing APIs on `target`; returns the names it installed. */
export function installEnginePolyfills(target: PolyfillTarget): string[] {
  const installed: string[] = [];
  if (typeof target.globalThis !== 'object' || target.globalThis === null) {
    define(target, 'globalThis', target);
    installed.push('globalThis');
  }
  const arrayProto = target.Array.prototype as unknown as { at?: unknown };
  if (typeof arrayProto.at !== 'function') {
    define(arrayProto, 'at', function at(this: ArrayLike<unknown>, index: number) {
      const length = this.length >>> 0;
      let i = Math.trunc(index) || 0;
      if (i < 0) i += length;
      return i < 0 || i >= length ? undefined : this[i];
    });
    installed.push('Array.prototype.at');
  }
  const objectCtor = target.Object as unknown as { fromEntries?: unknown };
  if (typeof objectCtor.fromEntries !== 'function') {
    define(objectCtor, 'fromEntries', function fromEntries(entries: Iterable<readonly [PropertyKey, unknown]>) {
      const out: Record<PropertyKey, unknown> = {};
      for (const [key, value] of entries) out[key] = value;
      return out;
    });
    installed.push('Object.fromEntries');
  }
  if (typeof target.queueMicrotask !== 'function') {
    const resolved = target.Promise.resolve();
    define(target, 'queueMicrotask', (callback: () => void) => {
      resolved.then(callback).catch((err: unknown) => setTimeout(() => { throw err; }, 0));
    });
    installed.push('queueMicrotask');
  }
  return installed;
}

/** What Chromium 68 (webOS 5, Tizen 5.5) lacks of the APIs above: the emulator's `chromium68` profile withdraws them. */
export const CHROMIUM68_WITHDRAWN = ['globalThis', 'Array.prototype.at', 'Object.fromEntries', 'queueMicrotask'] as const;

/**
 * QA: removes the APIs an old engine lacks from a modern browser's global object, so the polyfills
 * above are what the app runs on (the emulator's Chromium 68 profile, `?apis=chromium68`). Returns
 * the names it removed.
 */
export function withdrawForEmulation(target: PolyfillTarget, names: readonly (typeof CHROMIUM68_WITHDRAWN)[number][]): string[] {
  const owners: Record<(typeof CHROMIUM68_WITHDRAWN)[number], [object, string]> = {
    globalThis: [target, 'globalThis'],
    'Array.prototype.at': [target.Array.prototype, 'at'],
    'Object.fromEntries': [target.Object, 'fromEntries'],
    queueMicrotask: [target, 'queueMicrotask'],
  };
  return names.filter((name) => {
    const [owner, key] = owners[name];
    return Reflect.deleteProperty(owner, key) && !(key in owner);
  });
}
