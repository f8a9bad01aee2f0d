// The on-screen remote: one button per key name of the key map, laid out like a TV remote (keys
// the layout does not know go to the last row, so no key of the map is left out).
import type { RemoteKey } from './key-events.js';

const LAYOUT: ReadonlyArray<ReadonlyArray<string | null>> = [
  ['Info', 'Guide', 'ChannelList'],
  [null, 'Up', null],
  ['Left', 'Enter', 'Right'],
  ['Back', 'Down', 'Settings'],
  ['ChannelUp', 'Chat', 'Reactions'],
  ['ChannelDown', null, 'Favorite'],
  ['StartOver', 'PlayPause', 'Live'],
  ['Captions', null, 'AudioTrack'],
  ['Digit1', 'Digit2', 'Digit3'],
  ['Digit4', 'Digit5', 'Digit6'],
  ['Digit7', 'Digit8', 'Digit9'],
  [null, 'Digit0', null],
];

export interface RemoteViewOptions {
  keys: RemoteKey[];
  onPress: (key: RemoteKey) => void;
}

export function renderRemote(doc: Document, options: RemoteViewOptions): HTMLElement {
  const root = doc.createElement('div');
  root.className = 'remote';
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', 'Remote control');
  const byName = new Map(options.keys.map((k) => [k.name, k]));
  const placed = new Set<string>();
  const button = (key: RemoteKey): HTMLButtonElement => {
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = 'key';
    b.textContent = key.label;
    b.title = `${key.name} (key code ${key.keyCodes.join(', ')})`;
    b.dataset.key = key.name;
    b.dataset.keyCode = String(key.keyCode);
    // A remote button must not steal the focus (keyboard input keeps reaching the page's handler).
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => {
      options.onPress(key);
      b.classList.add('pressed');
      setTimeout(() => b.classList.remove('pressed'), 120);
    });
    return b;
  };
  const spacer = () => {
    const s = doc.createElement('span');
    s.className = 'key-spacer';
    return s;
  };
  for (const row of LAYOUT) {
    const cells = row.map((name) => (name ? byName.get(name) : undefined));
    if (cells.every((k) => k === undefined)) continue;
    for (const key of cells) {
      if (key) {
        root.append(button(key));
        placed.add(key.name);
      } else {
        root.append(spacer());
      }
    }
  }
  for (const key of options.keys) if (!placed.has(key.name)) root.append(button(key));
  return root;
}
