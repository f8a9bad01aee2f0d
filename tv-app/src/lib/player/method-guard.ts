// Withholds some calls of a method on a prototype (an engine's MediaSource or SourceBuffer), counts
// them, and can put the engine's own method back: what every engine guard of the player has in common.

export interface MethodGuard {
  /** Calls withheld so far (QA: the guard is at work). */
  withheld(): number;
  /** Puts the engine's own method back. */
  restore(): void;
}

/**
 * Replaces `owner[name]`: a call for which `withhold(this, args)` is true does not reach the engine
 * (`instead(this)` runs in its place); any other goes through, on the instance it was called on.
 */
export function guardMethod<T, K extends keyof T & string>(
  owner: T,
  name: K,
  withhold: (self: T, args: unknown[]) => boolean,
  instead: (self: T) => void = () => {},
): MethodGuard {
  const original = owner[name] as unknown as (this: T, ...args: unknown[]) => unknown;
  let withheld = 0;
  const guarded = function (this: T, ...args: unknown[]): unknown {
    if (!withhold(this, args)) return original.apply(this, args);
    withheld += 1;
    instead(this);
    return undefined;
  };
  Object.defineProperty(guarded, 'name', { value: name });
  const put = (value: unknown) => Object.defineProperty(owner, name, { value, writable: true, configurable: true, enumerable: false });
  put(guarded);
  return {
    withheld: () => withheld,
    restore: () => {
      if (owner[name] === (guarded as unknown)) put(original);
    },
  };
}
