// Captions over the picture, drawn by the app in a TV-readable style: large type, an outline (a dark
// shadow) and a translucent box behind each line, centred at the bottom of the title-safe area. The
// page gives it the cue text of the player on air every frame.
import { Lightning } from '@lightningjs/sdk';

export const CAPTIONS_LOOK = {
  fontSize: 52, // stage pixels (1080p stage): ~5% of the height
  bottom: 972, // stage pixels: the last line's foot, inside the 10% title-safe margin
  maxWidth: 1500, // stage pixels before a line wraps
};

interface CaptionsViewTemplateSpec extends Lightning.Component.TemplateSpec {
  Text: object;
}

export default class CaptionsView
  extends Lightning.Component<CaptionsViewTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<CaptionsViewTemplateSpec>
{
  static override _template(): Lightning.Component.Template<CaptionsViewTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Text: {
        x: 960,
        y: CAPTIONS_LOOK.bottom,
        mountX: 0.5,
        mountY: 1,
        text: {
          text: '',
          fontSize: CAPTIONS_LOOK.fontSize,
          textColor: 0xffffffff,
          textAlign: 'center',
          wordWrapWidth: CAPTIONS_LOOK.maxWidth,
          lineHeight: CAPTIONS_LOOK.fontSize * 1.3,
          shadow: true,
          shadowColor: 0xff000000,
          shadowBlur: 4,
          shadowOffsetX: 2,
          shadowOffsetY: 2,
          highlight: true,
          highlightColor: 0xb0000000,
          highlightPaddingLeft: 16,
          highlightPaddingRight: 16,
        },
      },
    };
  }

  private shownText = '';

  /** The lines on screen ('' hides them); only a change redraws. */
  setText(text: string): void {
    if (text === this.shownText) return;
    this.shownText = text;
    this.tag('Text')?.patch({ visible: text !== '', text: { text } });
  }

  get lines(): string {
    return this.shownText;
  }
}
