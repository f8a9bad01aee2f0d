// The on-screen buffer of direct channel entry ("12_"), and the "no channel 42" notice.
import { Lightning } from '@lightningjs/sdk';

interface NumberEntryTemplateSpec extends Lightning.Component.TemplateSpec {
  Box: object;
  Digits: object;
  Note: object;
}

export default class NumberEntryView
  extends Lightning.Component<NumberEntryTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<NumberEntryTemplateSpec>
{
  static override _template(): Lightning.Component.Template<NumberEntryTemplateSpec> {
    return {
      x: 1580,
      y: 60,
      alpha: 0,
      Box: { w: 280, h: 120, rect: true, color: 0xdd0b1220 },
      Digits: { x: 140, y: 62, mount: 0.5, text: { text: '', fontSize: 72, textColor: 0xfff5c542 } },
      Note: { x: 280, y: 140, mountX: 1, text: { text: '', fontSize: 30, textColor: 0xffe8eef7 } },
    };
  }

  private noteTimer: ReturnType<typeof setTimeout> | null = null;

  /** Shows the digits typed so far ('' hides the box). */
  setDigits(digits: string): void {
    this.tag('Digits')?.patch({ text: { text: digits ? `${digits}_` : '' } });
    if (digits) {
      this.clearNote();
      this.alpha = 1;
      this.tag('Box')?.patch({ alpha: 1 });
    } else if (!this.noteText) {
      this.alpha = 0;
    }
  }

  /** A short notice under the box (e.g. "No channel 42"), hidden after `ms`. */
  showNote(message: string, ms: number): void {
    this.clearNote();
    this.tag('Box')?.patch({ alpha: 0 });
    this.tag('Note')?.patch({ text: { text: message } });
    this.alpha = 1;
    this.noteTimer = setTimeout(() => {
      this.clearNote();
      this.alpha = 0;
    }, ms);
  }

  get digitsText(): string {
    const t = this.tag('Digits')?.text;
    return t ? String(t.text) : '';
  }

  get noteText(): string {
    const t = this.tag('Note')?.text;
    return t ? String(t.text) : '';
  }

  override _detach(): void {
    this.clearNote();
  }

  private clearNote(): void {
    if (this.noteTimer !== null) clearTimeout(this.noteTimer);
    this.noteTimer = null;
    this.tag('Note')?.patch({ text: { text: '' } });
  }
}
