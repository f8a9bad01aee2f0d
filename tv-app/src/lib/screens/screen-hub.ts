// The screens around the player (guide, channel list, chat, reactions, settings): which one is on
// top, focus hand-over between them and the player page, and what they share — the player's hooks
// (tune, lineup, keys), chat/reactions over the broker, quality, device memory. One hub per app,
// built at boot and passed to every screen (no module singletons).
import type { ChatMessagePayload, ReactionsPayload } from '../../core/protocol.js';
import type { PlaybackStats } from '../../core/sync/playback-controller.js';
import type { ApiClient } from '../net/api-client.js';
import type { ChannelTalk } from '../net/channel-talk.js';
import type { DevicePrefs } from './device-prefs.js';
import { ListenerGroup } from '../util/listener-group.js';
import type { QualityControl } from '../player/quality.js';
import type { Favorites } from '../remote/favorites.js';
import type { ParentalControl } from '../parental/parental-control.js';
import type { TrackControl } from '../captions/track-control.js';
import type { ScreenName } from '../remote/remote-keys.js';
import type { TvServices } from '../util/tv-services.js';
import type { ChannelSummary } from '../../core/wire.js';

export const SCREEN_HUB_DEFAULTS = {
  tickMs: 500, // milliseconds between re-applications of the quality choice to new loads
};

/** What the player page lends the screens. */
export interface PlayerHooks {
  /** Tunes through the player's normal tune path (lands at the schedule's offset). */
  tune(channelId: string): void;
  current(): ChannelSummary | null;
  channels(): readonly ChannelSummary[];
  /** The viewer's favorite channels on this device (the lists filter by them, Settings sets the CH+/CH- walk). */
  readonly favorites: Favorites;
  /** The device's parental control (Settings sets its limit with the PIN). */
  readonly parental: ParentalControl;
  /** Captions and audio languages (Settings cycles captions as CC does); null before the page started. */
  tracks(): TrackControl | null;
  /** A key the screen does not use itself (zap, digits, Info), handled as the player would. */
  key(event: KeyboardEvent): boolean;
  /** Sync figures of the player on air (the statistics overlay). */
  syncStats(): PlaybackStats | null;
}

/** A screen the hub can put on top. */
export interface ScreenPanel {
  open(): void;
  close(): void;
  readonly isOpen: boolean;
  /** What the screen shows, for QA. */
  qa(): unknown;
}

/** Focus hand-over (the Router's widget focus in the app, a fake in tests). */
export interface FocusApi {
  widget(name: ScreenName): void;
  page(): void;
}

/** What the player page calls: open a screen (true when one answered); say that the tuned channel changed. */
export interface ScreenOpener {
  open(screen: ScreenName): boolean;
  /** The tuned channel changed (a tune, or a lineup without it): the screens follow at once. */
  channelChanged(): void;
  qaState(): Record<string, unknown>;
}

type Fn<T> = (value: T) => void;

export interface ScreenHubOptions {
  services: TvServices;
  /** The API as the screens read it: revalidated on every read, so a lineup change shows at once. */
  api: ApiClient;
  talk: ChannelTalk;
  quality: QualityControl;
  prefs: DevicePrefs;
  focus: FocusApi;
  reactionIds: readonly string[];
}

export class ScreenHub implements ScreenOpener {
  private readonly panels = new Map<ScreenName, ScreenPanel>();
  private readonly extras = new Map<string, () => unknown>();
  private hooks: PlayerHooks | null = null;
  private topName: ScreenName | null = null;
  private readonly chatFns = new Set<Fn<ChatMessagePayload>>();
  private readonly reactionFns = new Set<Fn<ReactionsPayload>>();
  private readonly channelFns = new Set<Fn<string | null>>();
  private readonly group = new ListenerGroup('screen-hub');

  constructor(readonly opt: ScreenHubOptions) {}

  get services(): TvServices {
    return this.opt.services;
  }

  get api(): ApiClient {
    return this.opt.api;
  }

  get talk(): ChannelTalk {
    return this.opt.talk;
  }

  get quality(): QualityControl {
    return this.opt.quality;
  }

  get prefs(): DevicePrefs {
    return this.opt.prefs;
  }

  get reactionIds(): readonly string[] {
    return this.opt.reactionIds;
  }

  get top(): ScreenName | null {
    return this.topName;
  }

  register(name: ScreenName, panel: ScreenPanel): void {
    this.panels.set(name, panel);
  }

  /** A QA reader for something that is not a screen (it shows under the key `name`). */
  registerQa(name: string, read: () => unknown): void {
    this.extras.set(name, read);
  }

  /** The player page is up: start following its channel. */
  attachPlayer(hooks: PlayerHooks): void {
    this.hooks = hooks;
    this.opt.quality.set(this.opt.prefs.quality);
    this.opt.talk.start();
    this.group.interval(() => this.tick(), SCREEN_HUB_DEFAULTS.tickMs);
    this.group.add(() => this.opt.talk.stop());
    this.channelChanged();
    this.tick();
  }

  get player(): PlayerHooks | null {
    return this.hooks;
  }

  /** Opens a screen on top (another one on top closes); the same screen's key closes it. */
  open(name: ScreenName): boolean {
    const panel = this.panels.get(name);
    if (!panel) return false;
    if (this.topName === name && panel.isOpen) {
      this.close(name);
      return true;
    }
    if (this.topName && this.topName !== name) this.panels.get(this.topName)?.close();
    this.topName = name;
    panel.open();
    this.opt.focus.widget(name);
    return true;
  }

  /** Closes a screen; focus returns to the player. */
  close(name: ScreenName): void {
    this.panels.get(name)?.close();
    if (this.topName === name) {
      this.topName = null;
      this.opt.focus.page();
    }
  }

  /** Tunes through the player and keeps the screens on the new channel. */
  tune(channelId: string): void {
    this.hooks?.tune(channelId);
    this.tick();
  }

  /**
   * The settings.json name of a key ('Up', 'Enter', 'Guide', 'Digit4'...), or null. A screen that
   * asks takes the key: the browser's own action (scrolling the page on arrows) is prevented.
   */
  keyName(event: KeyboardEvent): string | null {
    const name = this.opt.services.keys.nameForCode(event.keyCode);
    if (name !== null && typeof event.preventDefault === 'function') event.preventDefault();
    return name;
  }

  /** Hands a key to the player (for keys a screen does not use). */
  forwardKey(event: KeyboardEvent): boolean {
    return this.hooks?.key(event) ?? false;
  }

  /** Posts a chat line on the channel tuned now. */
  say(text: string): boolean {
    return this.opt.talk.say(text);
  }

  /** Sends a reaction on the channel tuned now. */
  react(id: string): boolean {
    return this.opt.talk.react(id);
  }

  onChat(fn: Fn<ChatMessagePayload>): () => void {
    this.chatFns.add(fn);
    return () => this.chatFns.delete(fn);
  }

  onReactions(fn: Fn<ReactionsPayload>): () => void {
    this.reactionFns.add(fn);
    return () => this.reactionFns.delete(fn);
  }

  /** Called with the tuned channel id whenever it changes. */
  onChannel(fn: Fn<string | null>): () => void {
    this.channelFns.add(fn);
    return () => this.channelFns.delete(fn);
  }

  /** Talk events in (wired by the app to the ChannelTalk). */
  deliverChat(message: ChatMessagePayload): void {
    this.chatFns.forEach((f) => f(message));
  }

  deliverReactions(payload: ReactionsPayload): void {
    this.reactionFns.forEach((f) => f(payload));
  }

  get channelId(): string | null {
    return this.opt.talk.channelId;
  }

  qaState(): Record<string, unknown> {
    const out: Record<string, unknown> = { top: this.topName, talkUp: this.opt.talk.connected };
    for (const [name, panel] of this.panels) out[name.charAt(0).toLowerCase() + name.slice(1)] = panel.qa();
    for (const [name, read] of this.extras) out[name] = read();
    return out;
  }

  dispose(): void {
    this.group.dispose();
  }

  /** Moves chat and reactions to the tuned channel when it changed (the player page calls it on every change). */
  channelChanged(): void {
    const id = this.hooks?.current()?.id ?? null;
    if (id === this.opt.talk.channelId) return;
    this.opt.talk.watch(id);
    this.channelFns.forEach((f) => f(id));
  }

  /** A new load keeps the quality choice (players are made per tune and per boundary). */
  private tick(): void {
    this.opt.quality.enforce();
  }
}
