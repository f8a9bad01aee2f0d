// The info banner: channel number, name and logo, now and next with times, a progress bar of the
// current program, and the sync badge. Shown on every tune and on OK/Info; Back closes it.
import { Lightning } from '@lightningjs/sdk';
import { progress, timeRange } from '../lib/util/format.js';

export type SyncBadgeState = 'in-sync' | 'correcting' | 'offline' | 'start-over' | 'paused';

export interface BannerProgram {
  title: string;
  startMs: number;
  endMs: number;
}

export interface BannerContent {
  number: number;
  name: string;
  logoUrl: string | null;
  /** The channel is one of the viewer's favorites (a star beside the badge). */
  favorite?: boolean;
  now: BannerProgram | null;
  next: BannerProgram | null;
}

/** What the banner shows, as text (the page exposes it for QA). */
export interface BannerText {
  visible: boolean;
  number: string;
  name: string;
  favorite: boolean;
  now: string;
  nowTimes: string;
  next: string;
  nextTimes: string;
  badge: string;
  /** Start-over: how far behind live, or how to start over ('' when neither applies). */
  shift: string;
  progress: number;
}

const BADGE: Record<SyncBadgeState, { label: string; color: number }> = {
  'in-sync': { label: 'IN SYNC', color: 0xff2e9e5b },
  correcting: { label: 'CORRECTING', color: 0xffd8912b },
  offline: { label: 'OFFLINE', color: 0xffc8433a },
  'start-over': { label: 'START-OVER', color: 0xff5b6fd8 },
  paused: { label: 'PAUSED', color: 0xff6b7a90 },
};

const BAR_WIDTH = 1100; // stage pixels

interface InfoBannerTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: object;
  Number: object;
  Logo: object;
  Name: object;
  Star: object;
  NowLabel: object;
  NowTimes: object;
  Bar: { Fill: object };
  NextLabel: object;
  NextTimes: object;
  Badge: { Label: object };
  Shift: object;
}

export default class InfoBanner
  extends Lightning.Component<InfoBannerTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<InfoBannerTemplateSpec>
{
  static override _template(): Lightning.Component.Template<InfoBannerTemplateSpec> {
    const text = (fontSize: number, textColor = 0xffe8eef7) => ({ text: { text: '', fontSize, textColor } });
    return {
      x: 80,
      y: 770,
      alpha: 0,
      Panel: { w: 1760, h: 250, rect: true, color: 0xdd0b1220 },
      Number: { x: 40, y: 30, ...text(84, 0xfff5c542) },
      Logo: { x: 40, y: 140, w: 160, h: 90 },
      Name: { x: 240, y: 30, ...text(44) },
      Star: { x: 1440, y: 26, alpha: 0, text: { text: '★', fontSize: 48, textColor: 0xfff5c542 } },
      NowLabel: { x: 240, y: 100, ...text(36) },
      NowTimes: { x: 1380, y: 104, ...text(30, 0xffa9b8cc) },
      Bar: { x: 240, y: 160, w: BAR_WIDTH, h: 10, rect: true, color: 0xff2a3548, Fill: { w: 0, h: 10, rect: true, color: 0xfff5c542 } },
      NextLabel: { x: 240, y: 190, ...text(30, 0xffa9b8cc) },
      NextTimes: { x: 1380, y: 192, ...text(28, 0xff7d8ba0) },
      Badge: { x: 1500, y: 36, w: 220, h: 44, rect: true, color: BADGE.correcting.color, Label: { x: 110, y: 24, mount: 0.5, ...text(24, 0xffffffff) } },
      Shift: { x: 1720, y: 6, mountX: 1, ...text(24, 0xffa9b8cc) },
    };
  }

  private content: BannerContent | null = null;
  private badge: SyncBadgeState = 'correcting';
  private fraction = 0;
  private visibleNow = false;

  setContent(content: BannerContent): void {
    this.content = content;
    const { number, name, logoUrl, now, next } = content;
    this.setText('Number', String(number));
    this.setText('Name', name);
    this.tag('Star')?.patch({ alpha: content.favorite ? 1 : 0 });
    this.setText('NowLabel', now ? `Now: ${now.title}` : 'Now: nothing scheduled');
    this.setText('NowTimes', now ? timeRange(now.startMs, now.endMs) : '');
    this.setText('NextLabel', next ? `Next: ${next.title}` : 'Next: —');
    this.setText('NextTimes', next ? timeRange(next.startMs, next.endMs) : '');
    this.tag('Logo')?.patch(logoUrl ? { src: logoUrl, alpha: 1 } : { alpha: 0 });
  }

  setBadge(state: SyncBadgeState): void {
    this.badge = state;
    this.tag('Badge')?.patch({ color: BADGE[state].color });
    this.tag('Badge.Label')?.patch({ text: { text: BADGE[state].label } });
  }

  /** The start-over line: '−12:34 behind live · LIVE returns', 'O: start over', or '' for none. */
  setShift(text: string): void {
    if (String(this.tag('Shift')?.text?.text ?? '') !== text) this.tag('Shift')?.patch({ text: { text } });
  }

  /** Moves the progress bar to serverNowMs. */
  updateProgress(serverNowMs: number): void {
    const now = this.content?.now;
    this.fraction = now ? progress(now.startMs, now.endMs, serverNowMs) : 0;
    this.tag('Bar.Fill')?.patch({ w: Math.round(BAR_WIDTH * this.fraction) });
  }

  show(): void {
    this.visibleNow = true;
    this.setSmooth('alpha', 1, { duration: 0.15 });
  }

  hide(): void {
    this.visibleNow = false;
    this.setSmooth('alpha', 0, { duration: 0.3 });
  }

  get shown(): boolean {
    return this.visibleNow;
  }

  /** The texts on screen right now (read back from the elements). */
  readText(): BannerText {
    const read = (ref: 'Number' | 'Name' | 'NowLabel' | 'NowTimes' | 'NextLabel' | 'NextTimes') => {
      const t = this.tag(ref)?.text;
      return t ? String(t.text) : '';
    };
    const label = this.tag('Badge.Label')?.text;
    return {
      visible: this.visibleNow,
      number: read('Number'),
      name: read('Name'),
      favorite: this.content?.favorite === true,
      now: read('NowLabel'),
      nowTimes: read('NowTimes'),
      next: read('NextLabel'),
      nextTimes: read('NextTimes'),
      badge: label ? String(label.text) : '',
      shift: String(this.tag('Shift')?.text?.text ?? ''),
      progress: this.fraction,
    };
  }

  private setText(ref: 'Number' | 'Name' | 'NowLabel' | 'NowTimes' | 'NextLabel' | 'NextTimes', value: string): void {
    this.tag(ref)?.patch({ text: { text: value } });
  }
}
