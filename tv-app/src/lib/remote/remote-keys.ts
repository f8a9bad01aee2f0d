// The remote: key names come from settings.json appSettings.keys (keyCode -> name; Lightning applies
// the same map to route `_handle<Name>`). Every name maps to exactly one action, so no key is dead.

export { actionForKeyName, KeyMapError, type RemoteAction, type ScreenName } from '../../core/app-settings.js';
import { parseKeyMap, type RemoteAction } from '../../core/app-settings.js';

/** A validated key map: keyCode -> action. Throws on a key code that is not a number or a name without action. */
export class KeyMap {
  private readonly byCode: Map<number, { name: string; action: RemoteAction }>;

  constructor(keys: Record<string, unknown>) {
    this.byCode = parseKeyMap(keys);
  }

  actionForCode(keyCode: number): RemoteAction | null {
    return this.byCode.get(keyCode)?.action ?? null;
  }

  nameForCode(keyCode: number): string | null {
    return this.byCode.get(keyCode)?.name ?? null;
  }

  /** Every key name present, for checks such as "Back has a key". */
  names(): Set<string> {
    return new Set([...this.byCode.values()].map((v) => v.name));
  }
}
