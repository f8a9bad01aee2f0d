// The channel list (L): a mini list over the video — number, logo, name, a star on favorites and
// what is on now. Up/Down move (wrapping), CH+/CH- and Left/Right page, OK tunes (the list stays for
// quick browsing), the Favorite key shows favorites only (and all again), Back closes. What is on
// comes from GET /v1/now when the list opens and every half minute.
import { Lightning } from '@lightningjs/sdk';

import { followIndex, stepIndex } from '../lib/screens/list-window.js';
import { ListenerGroup } from '../lib/util/listener-group.js';
import { nowTitles } from '../lib/guide/now-titles.js';
import type { ScreenHub } from '../lib/screens/screen-hub.js';
import ScreenWidget from './ScreenWidget.js';
import type { ChannelSummary } from '../core/wire.js';

export const CHANNEL_LIST_DEFAULTS = {
  visible: 8, // rows on screen
  rowHeight: 104, // stage pixels
  width: 680, // stage pixels
  nowRefreshMs: 30_000, // milliseconds between GET /v1/now while open
};

interface ChannelListTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: object;
  Heading: object;
  Rows: object;
  Empty: object;
  Hint: object;
}

export default class ChannelListWidget
  extends ScreenWidget<ChannelListTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ChannelListTemplateSpec>
{
  static override _template(): Lightning.Component.Template<ChannelListTemplateSpec> {
    const D = CHANNEL_LIST_DEFAULTS;
    return {
      alpha: 0,
      Panel: { w: D.width, h: 1080, rect: true, color: 0xe60b1220 },
      Heading: { x: 48, y: 40, text: { text: 'Channels', fontSize: 40, textColor: 0xfff5c542 } },
      Rows: { x: 24, y: 110 },
      Empty: { x: 48, y: 130, alpha: 0, text: { text: 'No favorites yet: ★ on a channel you watch adds it', fontSize: 28, textColor: 0xffa9b8cc, wordWrapWidth: D.width - 96 } },
      Hint: { x: 48, y: 1030, text: { text: '', fontSize: 22, textColor: 0xff7d8ba0 } },
    };
  }

  protected readonly screen = 'ChannelList';
  protected override readonly forwardsKeys = true; // digits and Info work as on the player
  private channels: ChannelSummary[] = [];
  /** The whole lineup; `channels` is it, or its favorites only. */
  private lineup: ChannelSummary[] = [];
  private favoritesOnly = false;
  private titles = new Map<string, string>();
  private index = 0;
  private first = 0;
  private group: ListenerGroup | null = null;

  attach(hub: ScreenHub): void {
    this.register(hub);
    const rows = this.tag('Rows');
    const D = CHANNEL_LIST_DEFAULTS;
    for (let i = 0; i < D.visible; i++) {
      rows?.childList.a({
        y: i * D.rowHeight,
        w: D.width - 48,
        h: D.rowHeight - 8,
        rect: true,
        color: 0xff18233a,
        Number: { x: 20, y: 26, text: { text: '', fontSize: 36, textColor: 0xfff5c542 } },
        Logo: { x: 110, y: 14, w: 96, h: 68, alpha: 0 },
        Name: { x: 110, y: 12, text: { text: '', fontSize: 32, textColor: 0xffe8eef7, wordWrapWidth: D.width - 200, maxLines: 1, maxLinesSuffix: '…' } },
        Now: { x: 110, y: 54, text: { text: '', fontSize: 24, textColor: 0xffa9b8cc, wordWrapWidth: D.width - 200, maxLines: 1, maxLinesSuffix: '…' } },
        Star: { x: D.width - 64, y: 24, mountX: 1, alpha: 0, text: { text: '★', fontSize: 36, textColor: 0xfff5c542 } },
      });
    }
  }

  protected override opened(): void {
    const hub = this.hub;
    if (!hub) return;
    this.lineup = [...(hub.player?.channels() ?? [])];
    this.filter();
    const current = hub.player?.current()?.id;
    this.index = Math.max(0, this.channels.findIndex((c) => c.id === current));
    this.first = followIndex(this.index - 2, this.index, this.channels.length, CHANNEL_LIST_DEFAULTS.visible);
    const group = new ListenerGroup('channel-list');
    this.group = group;
    group.interval(() => void this.loadNow(), CHANNEL_LIST_DEFAULTS.nowRefreshMs);
    group.add(hub.services.brokerEvents.on('lineupVersion', () => this.refreshLineup()));
    void this.loadNow();
    this.render();
  }

  protected override closed(): void {
    this.group?.dispose();
    this.group = null;
  }

  override _handleUp(): boolean {
    this.moveTo(stepIndex(this.index, -1, this.channels.length, { wrap: true }));
    return true;
  }

  override _handleDown(): boolean {
    this.moveTo(stepIndex(this.index, 1, this.channels.length, { wrap: true }));
    return true;
  }

  override _handleLeft(): boolean {
    return this.page(-1);
  }

  override _handleRight(): boolean {
    return this.page(1);
  }

  override _handleEnter(): boolean {
    const channel = this.channels[this.index];
    if (channel) this.hub?.tune(channel.id);
    return true;
  }

  /** CH+/CH- page through the list like Left/Right; Favorite shows favorites only, or all again. */
  protected override namedKey(name: string): boolean {
    if (name === 'ChannelUp') return this.page(-1);
    if (name === 'ChannelDown') return this.page(1);
    if (name === 'Favorite') {
      const focusedId = this.channels[this.index]?.id;
      this.favoritesOnly = !this.favoritesOnly;
      this.filter();
      const i = this.channels.findIndex((c) => c.id === focusedId);
      this.first = 0;
      this.moveTo(Math.max(0, i));
      return true;
    }
    return false;
  }

  /** The rows: the lineup, or its favorites only. */
  private filter(): void {
    const favorites = this.hub?.player?.favorites;
    this.channels = this.favoritesOnly && favorites ? favorites.only(this.lineup) : [...this.lineup];
  }

  private page(direction: 1 | -1): boolean {
    this.moveTo(stepIndex(this.index, direction * CHANNEL_LIST_DEFAULTS.visible, this.channels.length));
    return true;
  }

  private moveTo(index: number): void {
    this.index = index;
    this.first = followIndex(this.first, index, this.channels.length, CHANNEL_LIST_DEFAULTS.visible);
    this.render();
  }

  private refreshLineup(): void {
    const hub = this.hub;
    if (!hub) return;
    const focusedId = this.channels[this.index]?.id;
    void hub.api.channels().then((channels) => {
      if (!this.isOpen) return;
      this.lineup = channels;
      this.filter();
      const i = this.channels.findIndex((c) => c.id === focusedId);
      this.moveTo(i >= 0 ? i : Math.min(this.index, Math.max(0, this.channels.length - 1)));
      void this.loadNow();
    }).catch(() => {
      // Keep what is shown; the next lineup message tries again.
    });
  }

  private async loadNow(): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    try {
      this.titles = nowTitles(await hub.api.getJson('/v1/now'));
      if (this.isOpen) this.render();
    } catch {
      // Names and numbers still show; what is on comes with the next refresh.
    }
  }

  private render(): void {
    const rows = this.tag('Rows')?.childList.get() ?? [];
    const current = this.hub?.player?.current()?.id;
    const favorites = new Set(this.hub?.player?.favorites.ids() ?? []);
    this.tag('Heading')?.patch({ text: { text: this.favoritesOnly ? '★ Favorites' : 'Channels' } });
    this.tag('Empty')?.patch({ alpha: this.favoritesOnly && this.channels.length === 0 ? 1 : 0 });
    this.tag('Hint')?.patch({ text: { text: `OK watch · ★ ${this.favoritesOnly ? 'all channels' : 'favorites only'} · Back close` } });
    rows.forEach((row, i) => {
      const channel = this.channels[this.first + i];
      if (!channel) {
        row.patch({ visible: false });
        return;
      }
      const focused = this.first + i === this.index;
      row.patch({ visible: true, color: focused ? 0xfff5c542 : channel.id === current ? 0xff28395a : 0xff18233a });
      const textColor = focused ? 0xff0b1220 : 0xffe8eef7;
      row.tag('Number')?.patch({ text: { text: String(channel.number), textColor: focused ? 0xff0b1220 : 0xfff5c542 } });
      const hasLogo = channel.logoUrl !== null;
      row.tag('Logo')?.patch(hasLogo ? { src: channel.logoUrl ?? '', alpha: 1 } : { alpha: 0 });
      row.tag('Name')?.patch({ x: hasLogo ? 220 : 110, text: { text: channel.name, textColor } });
      row.tag('Now')?.patch({ x: hasLogo ? 220 : 110, text: { text: this.titles.get(channel.id) ?? '', textColor: focused ? 0xff2a3548 : 0xffa9b8cc } });
      row.tag('Star')?.patch({ alpha: favorites.has(channel.id) ? 1 : 0, text: { textColor: focused ? 0xff0b1220 : 0xfff5c542 } });
    });
  }

  qa(): unknown {
    const channel = this.channels[this.index] ?? null;
    const favorites = new Set(this.hub?.player?.favorites.ids() ?? []);
    return {
      open: this.isOpen,
      filter: this.favoritesOnly ? 'favorites' : 'all',
      index: this.index,
      first: this.first,
      focused: channel ? { id: channel.id, number: channel.number, name: channel.name, now: this.titles.get(channel.id) ?? '' } : null,
      shown: this.channels.slice(this.first, this.first + CHANNEL_LIST_DEFAULTS.visible).map((c) => ({
        number: c.number, name: c.name, now: this.titles.get(c.id) ?? '', favorite: favorites.has(c.id),
      })),
    };
  }
}
