// Chat (C) over the video: the tuned channel's messages as they arrive, with the history a late
// joiner missed (GET /v1/channels/:id/chat), in large type, the last few lines. Left/Right pick a
// preset quick message, OK sends it; Up/Down/CH+/CH-/digits still zap (the chat follows the channel).
import { Lightning } from '@lightningjs/sdk';
import { CHAT_DEFAULTS, ChatLog, parseHistory } from '../lib/screens/chat-log.js';
import { stepIndex } from '../lib/screens/list-window.js';
import type { ScreenHub } from '../lib/screens/screen-hub.js';
import ScreenWidget from './ScreenWidget.js';

export const CHAT_WIDGET_DEFAULTS = {
  x: 1150, // stage pixels
  width: 730, // stage pixels
  lineHeight: 96, // stage pixels per message (two lines of large type)
  fontSize: 30, // stage pixels
  historyLimit: 50, // messages asked for when the chat opens or the channel changes
  noteMs: 2_500, // milliseconds a status note stays
};

interface ChatTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: object;
  Heading: object;
  Lines: object;
  Empty: object;
  Preset: { Label: object };
  Note: object;
}

export default class ChatWidget
  extends ScreenWidget<ChatTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ChatTemplateSpec>
{
  static override _template(): Lightning.Component.Template<ChatTemplateSpec> {
    const D = CHAT_WIDGET_DEFAULTS;
    return {
      x: D.x,
      y: 40,
      alpha: 0,
      Panel: { w: D.width, h: 1000, rect: true, color: 0xd90b1220 },
      Heading: { x: 32, y: 24, text: { text: 'Chat', fontSize: 38, textColor: 0xfff5c542 } },
      Lines: { x: 32, y: 90 },
      Empty: { x: 32, y: 100, text: { text: '', fontSize: D.fontSize, textColor: 0xff7d8ba0 } },
      Preset: { x: 32, y: 850, w: D.width - 64, h: 80, rect: true, color: 0xfff5c542, Label: { x: (D.width - 64) / 2, y: 40, mount: 0.5, text: { text: '', fontSize: 32, textColor: 0xff0b1220 } } },
      Note: { x: 32, y: 945, text: { text: '', fontSize: 24, textColor: 0xffa9b8cc } },
    };
  }

  protected readonly screen = 'Chat';
  protected override readonly forwardsKeys = true; // zap and digits as on the player (the chat follows the channel)
  private log = new ChatLog();
  private preset = 0;
  private noteTimer: ReturnType<typeof setTimeout> | null = null;
  private historyFor: string | null = null;

  attach(hub: ScreenHub): void {
    this.log = new ChatLog({ keep: CHAT_DEFAULTS.keep, ownName: () => hub.talk.ownName });
    this.register(hub);
    hub.onChat((m) => {
      if (this.log.add([m]) && this.isOpen) this.render();
    });
    hub.onChannel((id) => {
      this.log.reset(id);
      this.historyFor = null;
      if (this.isOpen) {
        this.render();
        void this.loadHistory();
      }
    });
    const lines = this.tag('Lines');
    for (let i = 0; i < CHAT_DEFAULTS.lines; i++) {
      lines?.childList.a({
        y: i * CHAT_WIDGET_DEFAULTS.lineHeight,
        text: { text: '', fontSize: CHAT_WIDGET_DEFAULTS.fontSize, textColor: 0xffe8eef7, wordWrapWidth: CHAT_WIDGET_DEFAULTS.width - 64, maxLines: 2, maxLinesSuffix: '…', lineHeight: 40 },
      });
    }
  }

  protected override opened(): void {
    this.render();
    void this.loadHistory();
  }

  override _handleLeft(): boolean {
    this.preset = stepIndex(this.preset, -1, CHAT_DEFAULTS.presets.length, { wrap: true });
    this.render();
    return true;
  }

  override _handleRight(): boolean {
    this.preset = stepIndex(this.preset, 1, CHAT_DEFAULTS.presets.length, { wrap: true });
    this.render();
    return true;
  }

  override _handleEnter(): boolean {
    const text = CHAT_DEFAULTS.presets[this.preset] ?? '';
    this.note(this.hub?.say(text) ? `Sent: ${text}` : 'Chat is not connected yet');
    return true;
  }

  private async loadHistory(): Promise<void> {
    const hub = this.hub;
    const channelId = this.log.channelId;
    if (!hub || !channelId || this.historyFor === channelId) return;
    this.historyFor = channelId;
    try {
      const body = await hub.api.getJson(`/v1/channels/${encodeURIComponent(channelId)}/chat?limit=${CHAT_WIDGET_DEFAULTS.historyLimit}`);
      if (this.log.channelId === channelId && this.log.add(parseHistory(body)) && this.isOpen) this.render();
    } catch {
      this.historyFor = null; // asked again next time the chat opens
    }
  }

  private note(text: string): void {
    this.tag('Note')?.patch({ text: { text } });
    if (this.noteTimer) clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => this.tag('Note')?.patch({ text: { text: '' } }), CHAT_WIDGET_DEFAULTS.noteMs);
  }

  private render(): void {
    const lines = this.log.lines();
    const els = this.tag('Lines')?.childList.get() ?? [];
    els.forEach((el, i) => {
      const line = lines[i];
      el.patch({ text: { text: line?.text ?? '', textColor: line?.mine ? 0xfff5c542 : 0xffe8eef7 } });
    });
    this.tag('Empty')?.patch({ text: { text: lines.length === 0 ? 'No messages yet — say hello!' : '' } });
    this.tag('Preset.Label')?.patch({ text: { text: `◀  ${CHAT_DEFAULTS.presets[this.preset] ?? ''}  ▶` } });
  }

  qa(): unknown {
    return {
      open: this.isOpen,
      channelId: this.log.channelId,
      lines: this.log.lines().map((l) => l.text),
      preset: CHAT_DEFAULTS.presets[this.preset] ?? null,
      note: String(this.tag('Note')?.text?.text ?? ''),
    };
  }
}
