// Settings (S): picture quality (auto or a fixed rung of the ladder playing now), the sync
// statistics overlay on/off, what CH+/CH- walks (all channels or favorites), captions (as CC), the parental limit
// (Left/Right choose, OK asks for the PIN, or has a first one chosen and typed twice), and reset of
// what the device remembers. Up/Down pick a row, Left/Right
// or OK change it; every change applies at once and is remembered on the device.
import { Lightning } from '@lightningjs/sdk';
import { clampIndex, stepIndex } from '../lib/screens/list-window.js';
import { qualityChoices, qualityLabel } from '../lib/player/quality.js';
import { PARENTAL_LIMITS, limitLabel } from '../lib/parental/parental-control.js';
import { PinEntry, pinNote } from '../lib/parental/pin-entry.js';
import { languageName } from '../lib/captions/track-control.js';

const captionsLabel = (language: string | null): string => `◀ ${language === null ? 'Off' : languageName(language)} ▶`;
import type { ScreenHub } from '../lib/screens/screen-hub.js';
import ScreenWidget from './ScreenWidget.js';
import type StatsOverlay from './StatsOverlay.js';

export const SETTINGS_ROWS = ['quality', 'stats', 'walk', 'parental', 'captions', 'reset'] as const;
type Row = (typeof SETTINGS_ROWS)[number];

interface SettingsTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: object;
  Heading: object;
  Rows: object;
  Note: object;
}

export default class SettingsWidget
  extends ScreenWidget<SettingsTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<SettingsTemplateSpec>
{
  static override _template(): Lightning.Component.Template<SettingsTemplateSpec> {
    return {
      x: 560,
      y: 200,
      alpha: 0,
      Panel: { w: 800, h: 780, rect: true, color: 0xf00b1220 },
      Heading: { x: 40, y: 30, text: { text: 'Settings', fontSize: 40, textColor: 0xfff5c542 } },
      Rows: { x: 40, y: 100 },
      Note: { x: 40, y: 720, text: { text: '', fontSize: 24, textColor: 0xffa9b8cc } },
    };
  }

  protected readonly screen = 'Settings';
  protected override readonly forwardsKeys = true; // digits and Info work as on the player
  private stats: StatsOverlay | null = null;
  private index = 0;
  /** The parental limit chosen with Left/Right, not set yet (undefined: none chosen). */
  private pendingLimit: number | null | undefined = undefined;
  /** The PIN prompt for the limit: typing the PIN, or choosing a first one (then typing it again). */
  private prompt: { step: 'enter' | 'choose' | 'confirm'; first: string } | null = null;
  private readonly pin = new PinEntry();

  attach(hub: ScreenHub, stats: StatsOverlay): void {
    this.stats = stats;
    this.register(hub);
    SETTINGS_ROWS.forEach((_, i) => {
      this.tag('Rows')?.childList.a({
        y: i * 100,
        w: 720,
        h: 84,
        rect: true,
        color: 0xff18233a,
        Label: { x: 24, y: 22, text: { text: '', fontSize: 32, textColor: 0xffe8eef7 } },
        Value: { x: 696, y: 22, mountX: 1, text: { text: '', fontSize: 32, textColor: 0xfff5c542 } },
      });
    });
  }

  protected override opened(): void {
    this.index = 0;
    this.pendingLimit = undefined;
    this.closePrompt();
    this.note('');
    this.render();
  }

  override _handleUp(): boolean {
    this.closePrompt();
    this.index = stepIndex(this.index, -1, SETTINGS_ROWS.length, { wrap: true });
    this.render();
    return true;
  }

  override _handleDown(): boolean {
    this.closePrompt();
    this.index = stepIndex(this.index, 1, SETTINGS_ROWS.length, { wrap: true });
    this.render();
    return true;
  }

  override _handleLeft(): boolean {
    this.change(-1);
    return true;
  }

  override _handleRight(): boolean {
    this.change(1);
    return true;
  }

  override _handleEnter(): boolean {
    if (SETTINGS_ROWS[this.index] === 'parental') this.askPin();
    else this.change(1);
    return true;
  }

  /** Back in the PIN prompt erases a digit, or closes the prompt; otherwise it closes Settings. */
  override _handleBack(): boolean {
    if (!this.prompt) return super._handleBack();
    if (!this.pin.backspace()) this.closePrompt();
    this.render();
    return true;
  }

  /** Digits are the PIN's while the prompt is open (else they tune, as on the player). */
  protected override namedKey(name: string): boolean {
    const digit = /^Digit([0-9])$/.exec(name)?.[1];
    if (!this.prompt || digit === undefined) return false;
    if (this.pin.count === 0) this.note(''); // a new try: the last one's note goes
    const pin = this.pin.press(Number(digit));
    if (pin !== null) this.pinTyped(pin);
    this.render();
    return true;
  }

  /** OK on the parental row: the PIN to set the limit chosen (or a first PIN to choose). */
  private askPin(): void {
    const parental = this.hub?.player?.parental;
    if (!parental) return;
    if (this.pendingLimit === undefined || this.pendingLimit === parental.limit) {
      this.note('◀ ▶ choose a limit, then OK');
      return;
    }
    this.pin.clear();
    this.prompt = { step: parental.hasPin ? 'enter' : 'choose', first: '' };
    this.render();
  }

  private pinTyped(pin: string): void {
    const parental = this.hub?.player?.parental;
    const prompt = this.prompt;
    if (!parental || !prompt || this.pendingLimit === undefined) return;
    if (prompt.step === 'choose') {
      this.prompt = { step: 'confirm', first: pin };
      return;
    }
    if (prompt.step === 'confirm' && pin !== prompt.first) {
      this.prompt = { step: 'choose', first: '' };
      this.note('The two PINs differ · choose one again');
      return;
    }
    const now = Date.now();
    const result = parental.setLimit(this.pendingLimit, pin, now);
    if (!result.ok) {
      this.note(pinNote(result, now));
      if (result.reason === 'lockedOut') this.closePrompt();
      return;
    }
    this.closePrompt();
    this.pendingLimit = undefined;
    this.note(`Parental limit: ${limitLabel(parental.limit)}`);
  }

  private closePrompt(): void {
    this.prompt = null;
    this.pin.clear();
  }

  private change(delta: 1 | -1): void {
    const hub = this.hub;
    if (!hub) return;
    const row: Row | undefined = SETTINGS_ROWS[this.index];
    if (row === 'parental') {
      const current = this.pendingLimit === undefined ? (hub.player?.parental.limit ?? null) : this.pendingLimit;
      const at = Math.max(0, PARENTAL_LIMITS.indexOf(current));
      this.pendingLimit = PARENTAL_LIMITS[stepIndex(at, delta, PARENTAL_LIMITS.length, { wrap: true })] ?? null;
      this.closePrompt();
      this.note(this.pendingLimit === hub.player?.parental.limit ? '' : 'OK to set it (the PIN is needed)');
    } else if (row === 'quality') {
      const choices = qualityChoices(hub.quality.rungs(), hub.quality.choice);
      const at = Math.max(0, choices.indexOf(hub.quality.choice));
      const next = choices[stepIndex(at, delta, choices.length, { wrap: true })] ?? 'auto';
      hub.quality.set(next);
      hub.prefs.quality = next;
      this.note(`Quality: ${qualityLabel(next)}`);
    } else if (row === 'stats') {
      const on = !(this.stats?.shown ?? false);
      this.stats?.setShown(on);
      hub.prefs.statsOverlay = on;
    } else if (row === 'captions') {
      const result = hub.player?.tracks()?.cycleCaptions();
      if (result?.kind === 'none') this.note('No captions on this program');
      else this.note('');
    } else if (row === 'walk') {
      const favorites = hub.player?.favorites;
      if (favorites) {
        favorites.walk = favorites.walk === 'favorites' ? 'all' : 'favorites';
        const none = favorites.walk === 'favorites' && favorites.ids().length === 0;
        this.note(none ? 'No favorites yet: CH+/CH- walks all channels until you mark one (★)' : '');
      }
    } else if (row === 'reset') {
      const n = hub.prefs.reset();
      hub.quality.set('auto');
      this.stats?.setShown(false);
      this.note(`Device memory cleared (${n} item${n === 1 ? '' : 's'})`);
    }
    this.render();
  }

  private note(text: string): void {
    this.noteText = text;
    this.tag('Note')?.patch({ text: { text } });
  }

  private noteText = '';

  /** What the PIN prompt asks, with its dots. */
  private promptText(): string | null {
    const step = this.prompt?.step;
    if (!step) return null;
    const ask = step === 'enter' ? 'Enter the PIN' : step === 'choose' ? 'Choose a 4-digit PIN' : 'Enter the new PIN again';
    return `${ask}: ${this.pin.dots()}`;
  }

  private values(): Record<Row, { label: string; value: string }> {
    const hub = this.hub;
    return {
      quality: { label: 'Picture quality', value: `◀ ${qualityLabel(hub?.quality.choice ?? 'auto')} ▶` },
      stats: { label: 'Sync statistics', value: this.stats?.shown ? 'On' : 'Off' },
      walk: { label: 'CH+ / CH− walks', value: hub?.player?.favorites.walk === 'favorites' ? '◀ Favorites ▶' : '◀ All channels ▶' },
      captions: { label: 'Captions (CC)', value: captionsLabel(hub?.player?.tracks()?.captions ?? null) },
      parental: { label: 'Parental limit', value: `◀ ${limitLabel(this.pendingLimit === undefined ? (hub?.player?.parental.limit ?? null) : this.pendingLimit)} ▶` },
      reset: { label: 'Reset device memory', value: 'OK' },
    };
  }

  private render(): void {
    this.index = clampIndex(this.index, SETTINGS_ROWS.length);
    const prompt = this.promptText();
    this.tag('Note')?.patch({ text: { text: prompt === null ? this.noteText : this.noteText ? `${prompt}   ${this.noteText}` : prompt } });
    const values = this.values();
    const rows = this.tag('Rows')?.childList.get() ?? [];
    rows.forEach((el, i) => {
      const row = SETTINGS_ROWS[i];
      if (!row) return;
      const focused = i === this.index;
      el.patch({ color: focused ? 0xfff5c542 : 0xff18233a });
      el.tag('Label')?.patch({ text: { text: values[row].label, textColor: focused ? 0xff0b1220 : 0xffe8eef7 } });
      el.tag('Value')?.patch({ text: { text: values[row].value, textColor: focused ? 0xff0b1220 : 0xfff5c542 } });
    });
  }

  qa(): unknown {
    const hub = this.hub;
    return {
      open: this.isOpen,
      row: SETTINGS_ROWS[this.index] ?? null,
      quality: hub?.quality.choice ?? 'auto',
      walk: hub?.player?.favorites.walk ?? 'all',
      parental: { limit: hub?.player?.parental.limit ?? null, pending: this.pendingLimit ?? null, prompt: this.prompt?.step ?? null, dots: this.prompt ? this.pin.dots() : '' },
      rungs: hub?.quality.rungs() ?? [],
      activeRung: hub?.quality.active() ?? null,
      note: String(this.tag('Note')?.text?.text ?? ''),
    };
  }
}
