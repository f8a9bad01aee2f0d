// Reactions (R): a bar with the fixed set (ids from the settings), OK sends the focused one; the
// aggregated counts from everyone on the channel float up over the picture whether or not the bar
// is open. Bubbles are a small recycled pool animated only while some are alive.
import { Lightning } from '@lightningjs/sdk';
import { stepIndex } from '../lib/screens/list-window.js';
import { ListenerGroup } from '../lib/util/listener-group.js';
import { REACTION_DEFAULTS, ReactionFloats, reactionColor, reactionLabel, type Bubble } from '../lib/screens/reaction-floats.js';
import type { ScreenHub } from '../lib/screens/screen-hub.js';
import ScreenWidget from './ScreenWidget.js';

export const REACTIONS_WIDGET_DEFAULTS = {
  buttonWidth: 200, // stage pixels
  buttonGap: 20, // stage pixels
  barY: 930, // stage pixels
  floatX: 1700, // stage pixels: where bursts start (right of the picture)
  floatY: 860, // stage pixels
};

interface ReactionsTemplateSpec extends Lightning.Component.TemplateSpec {
  Floats: object;
  Bar: { Panel: object; Buttons: object; Note: object };
}

export default class ReactionsWidget
  extends ScreenWidget<ReactionsTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ReactionsTemplateSpec>
{
  static override _template(): Lightning.Component.Template<ReactionsTemplateSpec> {
    const D = REACTIONS_WIDGET_DEFAULTS;
    return {
      Floats: { x: D.floatX, y: D.floatY },
      Bar: {
        y: D.barY,
        alpha: 0,
        Panel: { rect: true, h: 120, color: 0xd90b1220 },
        Buttons: { x: 30, y: 20 },
        Note: { x: 30, y: -44, text: { text: '', fontSize: 26, textColor: 0xffe8eef7 } },
      },
    };
  }

  protected readonly screen = 'Reactions';
  protected override readonly forwardsKeys = true; // zap and digits as on the player
  private floats = new ReactionFloats();
  private index = 0;
  private animating: ListenerGroup | null = null;
  private lastBubbles: Bubble[] = [];
  private sent = 0;

  attach(hub: ScreenHub): void {
    this.register(hub);
    const D = REACTIONS_WIDGET_DEFAULTS;
    const ids = hub.reactionIds;
    const width = ids.length * (D.buttonWidth + D.buttonGap) - D.buttonGap + 60;
    this.tag('Bar')?.patch({ x: Math.round((1920 - width) / 2) });
    this.tag('Bar.Panel')?.patch({ w: width });
    ids.forEach((id, i) => {
      this.tag('Bar.Buttons')?.childList.a({
        x: i * (D.buttonWidth + D.buttonGap),
        w: D.buttonWidth,
        h: 80,
        rect: true,
        color: reactionColor(id),
        Label: { x: D.buttonWidth / 2, y: 40, mount: 0.5, text: { text: reactionLabel(id), fontSize: 30, textColor: 0xffffffff } },
      });
    });
    for (let i = 0; i < REACTION_DEFAULTS.maxBubbles; i++) {
      this.tag('Floats')?.childList.a({ w: 200, h: 64, rect: true, alpha: 0, color: 0xff2f7fd8, Label: { x: 100, y: 32, mount: 0.5, text: { text: '', fontSize: 30, textColor: 0xffffffff } } });
    }
    hub.onReactions((payload) => {
      this.floats.add(payload, performance.now(), hub.reactionIds);
      this.animate();
    });
    hub.onChannel(() => {
      this.floats.clear();
      this.drawBubbles([]);
    });
  }

  protected override opened(): void {
    this.renderBar();
  }

  /** Only the bar comes and goes: the floating reactions show whether it is open or not. */
  protected override setShown(on: boolean): void {
    this.tag('Bar')?.patch({ alpha: on ? 1 : 0 });
  }

  override _handleLeft(): boolean {
    this.index = stepIndex(this.index, -1, this.hub?.reactionIds.length ?? 0, { wrap: true });
    this.renderBar();
    return true;
  }

  override _handleRight(): boolean {
    this.index = stepIndex(this.index, 1, this.hub?.reactionIds.length ?? 0, { wrap: true });
    this.renderBar();
    return true;
  }

  override _handleEnter(): boolean {
    const hub = this.hub;
    const id = hub?.reactionIds[this.index];
    const ok = id !== undefined && (hub?.react(id) ?? false);
    if (ok) this.sent++;
    this.tag('Bar.Note')?.patch({ text: { text: ok ? `Sent ${reactionLabel(id ?? '')}` : 'Not connected yet' } });
    return true;
  }

  private renderBar(): void {
    const buttons = this.tag('Bar.Buttons')?.childList.get() ?? [];
    buttons.forEach((b, i) => b.patch({ scale: i === this.index ? 1.12 : 1, alpha: i === this.index ? 1 : 0.7 }));
  }

  /** Runs the frame loop while bubbles are alive. */
  private animate(): void {
    if (this.animating) return;
    const group = new ListenerGroup('reaction-floats');
    this.animating = group;
    group.everyFrame(window, (t) => {
      const bubbles = this.floats.frame(t);
      this.drawBubbles(bubbles);
      if (bubbles.length === 0) {
        this.animating = null;
        group.dispose();
      }
    });
  }

  private drawBubbles(bubbles: Bubble[]): void {
    this.lastBubbles = bubbles;
    const els = this.tag('Floats')?.childList.get() ?? [];
    els.forEach((el, i) => {
      const b = bubbles[i];
      if (!b) {
        if (el.alpha !== 0) el.alpha = 0;
        return;
      }
      el.patch({ x: b.x, y: b.y, alpha: b.alpha, color: reactionColor(b.id) });
      el.tag('Label')?.patch({ text: { text: `${reactionLabel(b.id)} ×${b.count}` } });
    });
  }

  qa(): unknown {
    return {
      open: this.isOpen,
      focused: this.hub?.reactionIds[this.index] ?? null,
      ids: this.hub?.reactionIds ?? [],
      sent: this.sent,
      lastBurst: this.floats.lastBurst,
      bubbles: this.lastBubbles.map((b) => ({ id: b.id, count: b.count })),
    };
  }
}
