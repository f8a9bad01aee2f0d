// The remote: key names come from settings.json appSettings.keys (keyCode -> name; Lightning applies
// the same map to route `_handle<Name>`). Every name maps to exactly one action, so no key is dead.

export type ScreenName = 'Guide' | 'Chat' | 'Reactions' | 'Settings' | 'ChannelList';

export type RemoteAction =
  | { kind: 'channelStep'; delta: 1 | -1 }
  | { kind: 'digit'; digit: number }
  | { kind: 'ok' }
  | { kind: 'info' }
  | { kind: 'back' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'screen'; screen: ScreenName };

const SCREENS: readonly ScreenName[] = ['Guide', 'Chat', 'Reactions', 'Settings', 'ChannelList'];

/** The action of a key name, or null for a name the app does not know. */
export function actionForKeyName(name: string): RemoteAction | null {
  switch (name) {
    case 'Up':
    case 'ChannelUp':
      return { kind: 'channelStep', delta: 1 };
    case 'Down':
    case 'ChannelDown':
      return { kind: 'channelStep', delta: -1 };
    case 'Enter':
      return { kind: 'ok' };
    case 'Info':
      return { kind: 'info' };
    case 'Back':
      return { kind: 'back' };
    case 'Left':
      return { kind: 'left' };
    case 'Right':
      return { kind: 'right' };
    default: {
      const digit = /^Digit([0-9])$/.exec(name);
      if (digit?.[1] !== undefined) return { kind: 'digit', digit: Number(digit[1]) };
      const screen = SCREENS.find((s) => s === name);
      return screen ? { kind: 'screen', screen } : null;
    }
  }
}

export class KeyMapError extends Error {
  readonly code = 'SS_TV_KEYMAP_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'KeyMapError';
  }
}

/** A validated key map: keyCode -> action. Throws on a key code that is not a number or a name without action. */
export class KeyMap {
  private readonly byCode = new Map<number, { name: string; action: RemoteAction }>();

  constructor(keys: Record<string, unknown>) {
    for (const [code, name] of Object.entries(keys)) {
      if (!/^\d{1,4}$/.test(code)) throw new KeyMapError(`appSettings.keys: "${code}" is not a key code`);
      if (typeof name !== 'string') throw new KeyMapError(`appSettings.keys.${code}: expected a key name`);
      const action = actionForKeyName(name);
      if (!action) throw new KeyMapError(`appSettings.keys.${code}: "${name}" is not a known remote key`);
      this.byCode.set(Number(code), { name, action });
    }
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
