// Full-screen slate shown while a tune is under way or a channel is unavailable: never a black or
// frozen screen.
import { Lightning } from '@lightningjs/sdk';

interface SlateTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Brand: object;
  Message: object;
}

export default class Slate
  extends Lightning.Component<SlateTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<SlateTemplateSpec>
{
  static override _template(): Lightning.Component.Template<SlateTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      alpha: 0,
      Background: { w: 1920, h: 1080, rect: true, colorTop: 0xff14213d, colorBottom: 0xff05070d },
      Brand: { x: 960, y: 420, mountX: 0.5, text: { text: 'StreamSync TV', fontSize: 72, textColor: 0xffe8eef7 } },
      Message: { x: 960, y: 530, mountX: 0.5, text: { text: '', fontSize: 36, textColor: 0xffa9b8cc } },
    };
  }

  private visibleNow = false;

  /** Shows the slate with a message ('' for none). */
  showMessage(message: string): void {
    this.visibleNow = true;
    this.tag('Message')?.patch({ text: { text: message } });
    this.setSmooth('alpha', 1, { duration: 0.1 });
  }

  hide(): void {
    this.visibleNow = false;
    this.setSmooth('alpha', 0, { duration: 0.25 });
  }

  get message(): string {
    const text = this.tag('Message')?.text;
    return text ? String(text.text) : '';
  }

  get shown(): boolean {
    return this.visibleNow;
  }
}
