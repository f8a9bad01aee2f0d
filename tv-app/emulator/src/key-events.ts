// The on-screen remote's keys: every name of the key map (settings.json appSettings.keys) as one
// button, and the KeyboardEvent a real keyboard would send for it. Lightning reads `keyCode` from
// `keydown` on the window, so that is what a click dispatches into the TV's frame.

export interface RemoteKey {
  /** Key name from the map (`ChannelUp`, `Digit5`, ...). */
  name: string;
  /** The first key code mapped to that name. */
  keyCode: number;
  /** Every key code mapped to that name. */
  keyCodes: number[];
  /** Button label. */
  label: string;
}

export interface KeyIdentity {
  key: string;
  code: string;
}

const NAMED_CODES: Record<number, KeyIdentity> = {
  8: { key: 'Backspace', code: 'Backspace' },
  13: { key: 'Enter', code: 'Enter' },
  27: { key: 'Escape', code: 'Escape' },
  32: { key: ' ', code: 'Space' },
  33: { key: 'PageUp', code: 'PageUp' },
  34: { key: 'PageDown', code: 'PageDown' },
  37: { key: 'ArrowLeft', code: 'ArrowLeft' },
  38: { key: 'ArrowUp', code: 'ArrowUp' },
  39: { key: 'ArrowRight', code: 'ArrowRight' },
  40: { key: 'ArrowDown', code: 'ArrowDown' },
};

/** `key` and `code` of a key code as a US keyboard reports them (best effort beyond the usual keys). */
export function keyIdentity(keyCode: number): KeyIdentity {
  const named = NAMED_CODES[keyCode];
  if (named) return named;
  if (keyCode >= 48 && keyCode <= 57) return { key: String(keyCode - 48), code: `Digit${keyCode - 48}` };
  if (keyCode >= 96 && keyCode <= 105) return { key: String(keyCode - 96), code: `Numpad${keyCode - 96}` };
  if (keyCode >= 65 && keyCode <= 90) {
    const letter = String.fromCharCode(keyCode);
    return { key: letter.toLowerCase(), code: `Key${letter}` };
  }
  return { key: 'Unidentified', code: '' };
}

const LABELS: Record<string, string> = {
  Up: '▲',
  Down: '▼',
  Left: '◀',
  Right: '▶',
  Enter: 'OK',
  Back: 'Back',
  ChannelUp: 'CH+',
  ChannelDown: 'CH−',
  Info: 'Info',
  Guide: 'Guide',
  Chat: 'Chat',
  Reactions: 'React',
  Settings: 'Settings',
  ChannelList: 'List',
  Favorite: '★ Fav',
  StartOver: '↺ Start',
  Live: 'LIVE',
  PlayPause: '⏯',
  Captions: 'CC',
  AudioTrack: 'Audio',
};

export function labelFor(name: string): string {
  const digit = /^Digit([0-9])$/.exec(name);
  if (digit?.[1] !== undefined) return digit[1];
  return LABELS[name] ?? name;
}

/** One remote key per name of the map, in key-code order of first appearance. */
export function remoteKeys(keyMap: Record<string, unknown>): RemoteKey[] {
  const byName = new Map<string, RemoteKey>();
  const codes = Object.keys(keyMap)
    .filter((c) => /^\d{1,4}$/.test(c))
    .map(Number)
    .sort((a, b) => a - b);
  for (const keyCode of codes) {
    const name = keyMap[String(keyCode)];
    if (typeof name !== 'string' || name === '') continue;
    const existing = byName.get(name);
    if (existing) existing.keyCodes.push(keyCode);
    else byName.set(name, { name, keyCode, keyCodes: [keyCode], label: labelFor(name) });
  }
  return [...byName.values()];
}

/** The init of the keydown/keyup pair a keyboard sends for `keyCode`. */
export function keyboardEventInit(keyCode: number): KeyboardEventInit {
  return { ...keyIdentity(keyCode), keyCode, which: keyCode, bubbles: true, cancelable: true, composed: true };
}

/** Presses a key in another same-origin window, the way its keyboard would (keydown, then keyup). */
export function pressKey(target: Window, keyCode: number): void {
  const Ctor = (target as Window & { KeyboardEvent: typeof KeyboardEvent }).KeyboardEvent;
  const init = keyboardEventInit(keyCode);
  const doc = target.document;
  // From the focused element (or body) so that it bubbles to the document and the window, as a real key does.
  const origin: EventTarget = doc.activeElement ?? doc.body ?? target;
  origin.dispatchEvent(new Ctor('keydown', init));
  origin.dispatchEvent(new Ctor('keyup', init));
}
