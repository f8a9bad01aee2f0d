// The emulator page: TV frame(s), the on-screen remote, the live panel and the device profiles.
// `/emulator` is one TV; `/emulator?wall=4` is a wall of independent viewers joined at staggered
// moments, with the spread between them.
import { EMULATOR_DEFAULTS, parseEmulatorOptions, type EmulatorOptions } from './emulator-options.js';
import { remoteKeys } from './key-events.js';
import { wallSpread, type ViewerSnapshot, type WallSpread } from './panel-model.js';
import { PanelView } from './panel-view.js';
import { renderProfiles } from './profile-view.js';
import { renderRemote } from './remote-view.js';
import { ViewerFrame } from './viewer-frame.js';

declare global {
  interface Window {
    streamsyncEmulator?: {
      options: EmulatorOptions;
      snapshots: () => Array<ViewerSnapshot | null>;
      spread: () => WallSpread;
      press: (keyName: string) => number;
    };
  }
}

export interface EmulatorDeps {
  window: Window;
  /** The TV app's settings (the key map is appSettings.keys). */
  loadKeyMap: () => Promise<Record<string, unknown>>;
}

function randomRunId(): string {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function startEmulator(deps: EmulatorDeps): Promise<void> {
  const win = deps.window;
  const doc = win.document;
  const options = parseEmulatorOptions(win.location.search, randomRunId());
  const keys = remoteKeys(await deps.loadKeyMap().catch(() => ({})));

  const app = doc.getElementById('emulator') ?? doc.body;
  app.classList.add(options.wall ? 'wall' : 'single');
  const screens = doc.createElement('main');
  screens.className = 'viewers';
  screens.style.setProperty('--columns', String(Math.ceil(Math.sqrt(options.viewers))));
  const frames = options.profiles.map((p, i) => new ViewerFrame(doc, p, { index: i + 1, protocol: options.protocol }));
  for (const f of frames) screens.append(f.element);

  const side = doc.createElement('aside');
  side.className = 'side';
  const heading = doc.createElement('h1');
  heading.textContent = options.wall ? `StreamSync TV · sync wall (${options.viewers} viewers)` : 'StreamSync TV · emulator';
  // The remote drives one TV or, on the wall, every TV (or the one chosen).
  let target = 0; // 0 = all
  const targetSelect = doc.createElement('select');
  targetSelect.id = 'remote-target';
  if (options.wall) {
    const all = doc.createElement('option');
    all.value = '0';
    all.textContent = 'Remote → all TVs';
    targetSelect.append(all);
    frames.forEach((_, i) => {
      const o = doc.createElement('option');
      o.value = String(i + 1);
      o.textContent = `Remote → TV ${i + 1}`;
      targetSelect.append(o);
    });
    targetSelect.addEventListener('change', () => (target = Number(targetSelect.value)));
  }
  /** Sends a key code to the target TV(s); how many took it. */
  const press = (keyCode: number): number => {
    let delivered = 0;
    frames.forEach((f, i) => {
      if ((target === 0 || target === i + 1) && f.press(keyCode)) delivered++;
    });
    return delivered;
  };
  const remote = renderRemote(doc, { keys, onPress: (k) => void press(k.keyCode) });
  const panel = new PanelView(doc, frames.length, { wall: options.wall });
  const profiles = renderProfiles(doc, {
    profiles: options.profiles,
    onApply: (index, profile) => frames[index - 1]?.load(profile),
  });
  const hint = doc.createElement('p');
  hint.className = 'hint';
  hint.textContent = 'Keyboard works too: arrows, Enter (OK), Backspace/Esc (Back), PageUp/PageDown (CH±), digits, I, G, C, R, S, L.';
  side.append(heading);
  if (options.wall) side.append(targetSelect);
  side.append(remote, panel.element, profiles, hint);
  app.append(screens, side);

  // The keyboard is a remote too: keys of the map pressed on this page go to the target TV(s).
  const mapped = new Set(keys.flatMap((k) => k.keyCodes));
  win.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if (!mapped.has(e.keyCode)) return;
    e.preventDefault();
    press(e.keyCode);
  });

  const fitAll = () => frames.forEach((f) => f.fit());
  new ResizeObserver(fitAll).observe(screens);
  fitAll();

  // Staggered joins: each viewer loads a little after the previous one.
  frames.forEach((f, i) => {
    const delay = options.wall ? i * options.staggerMs : 0;
    if (delay === 0) f.load();
    else setTimeout(() => f.load(), delay);
  });

  const read = () => {
    // One task: every viewer's state and media clock at (nearly) the same instant.
    const samples = frames.map((f) => ({ snapshot: f.snapshot(), currentTimeSec: f.currentTimeSec() }));
    samples.forEach((s, i) => panel.update(i + 1, s.snapshot, frames[i]?.stage() ?? null));
    const spread = wallSpread(samples);
    panel.updateSpread(spread);
    return { samples, spread };
  };
  setInterval(read, EMULATOR_DEFAULTS.panelRefreshMs);

  win.streamsyncEmulator = {
    options,
    snapshots: () => frames.map((f) => f.snapshot()),
    spread: () => read().spread,
    press: (keyName) => {
      const key = keys.find((k) => k.name === keyName);
      return key ? press(key.keyCode) : 0;
    },
  };
}
