// The parental lock over the picture: the program's title and rating instead of picture and sound
// (the decks are hidden and silent beneath it), and the PIN prompt that unlocks it (dots, never digits).
import { Lightning } from '@lightningjs/sdk';

interface LockViewTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Heading: object;
  Program: object;
  Hint: object;
  Dots: object;
  Note: object;
}

/** What the lock shows, as text (QA). */
export interface LockText {
  shown: boolean;
  program: string;
  prompt: boolean;
  dots: string;
  note: string;
}

export default class LockView
  extends Lightning.Component<LockViewTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<LockViewTemplateSpec>
{
  static override _template(): Lightning.Component.Template<LockViewTemplateSpec> {
    const text = (fontSize: number, textColor: number) => ({ mountX: 0.5, x: 960, text: { text: '', fontSize, textColor, textAlign: 'center' as const } });
    return {
      w: 1920,
      h: 1080,
      alpha: 0,
      Background: { w: 1920, h: 1080, rect: true, colorTop: 0xff1d1030, colorBottom: 0xff05070d },
      Heading: { y: 330, ...text(64, 0xfff5c542) },
      Program: { y: 430, ...text(44, 0xffe8eef7) },
      Hint: { y: 520, ...text(32, 0xffa9b8cc) },
      Dots: { y: 600, ...text(64, 0xffe8eef7) },
      Note: { y: 700, ...text(32, 0xffe88a7a) },
    };
  }

  private visibleNow = false;
  private promptOpen = false;

  /** Shows the lock for a program ('Late Film · TV-MA'). */
  showLocked(program: string): void {
    this.setText('Heading', 'Locked by parental control');
    this.setText('Program', program);
    if (!this.promptOpen) this.setText('Hint', 'Press OK and enter the PIN to watch');
    if (this.visibleNow) return;
    this.visibleNow = true;
    this.patch({ alpha: 1 }); // at once: not a frame of the picture may show
  }

  hide(): void {
    this.visibleNow = false;
    this.closePrompt();
    this.setSmooth('alpha', 0, { duration: 0.2 });
  }

  /** The PIN prompt: its dots and a note ('' for none). */
  showPrompt(dots: string, note: string): void {
    this.promptOpen = true;
    this.setText('Hint', 'Enter the PIN · Back cancels');
    this.setText('Dots', dots);
    this.setText('Note', note);
  }

  closePrompt(): void {
    this.promptOpen = false;
    this.setText('Hint', 'Press OK and enter the PIN to watch');
    this.setText('Dots', '');
    this.setText('Note', '');
  }

  /** A note with the prompt closed (a lockout's countdown). */
  setNote(note: string): void {
    this.setText('Note', note);
  }

  get shown(): boolean {
    return this.visibleNow;
  }

  get prompting(): boolean {
    return this.promptOpen;
  }

  readText(): LockText {
    const read = (ref: 'Program' | 'Dots' | 'Note') => String(this.tag(ref)?.text?.text ?? '');
    return { shown: this.visibleNow, program: read('Program'), prompt: this.promptOpen, dots: read('Dots'), note: read('Note') };
  }

  private setText(ref: 'Heading' | 'Program' | 'Hint' | 'Dots' | 'Note', value: string): void {
    const current = this.tag(ref)?.text?.text;
    if (current !== value) this.tag(ref)?.patch({ text: { text: value } });
  }
}
