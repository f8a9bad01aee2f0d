// The base of the screens over the player (guide, channel list, chat, reactions, settings): it
// registers the screen with the hub, opens and closes it, and handles the keys every screen shares.
// Keys come the Lightning way, named by the app's key map (settings.json appSettings.keys): a screen
// handles its own in `_handleUp`, `_handleEnter`... (or `namedKey` for the app's own names such as
// ChannelUp or Digit5); whatever it leaves bubbles to `_handleKey` here. Back and the screen's own key
// close it, another screen's key opens that one, and anything else goes on to the player underneath
// (digits, Info) when the screen says so, or is swallowed (the picture must not zap under a list).
import { Lightning } from '@lightningjs/sdk';
import { SCREENS, type ScreenName } from '../core/app-settings.js';
import type { ScreenHub } from '../lib/screens/screen-hub.js';

function isScreenName(name: string | null | undefined): name is ScreenName {
  return SCREENS.some((s) => s === name);
}

export default abstract class ScreenWidget<T extends Lightning.Component.TemplateSpecLoose = Lightning.Component.TemplateSpecLoose> extends Lightning.Component<T> {
  protected hub: ScreenHub | null = null;
  private openNow = false;
  /** Which screen this is (its key toggles it). */
  protected abstract readonly screen: ScreenName;
  /** Keys the screen leaves go on to the player underneath (true) or are swallowed (false). */
  protected readonly forwardsKeys: boolean = false;

  /** Joins the hub: it opens and closes the screen by name from now on. */
  protected register(hub: ScreenHub): void {
    this.hub = hub;
    hub.register(this.screen, this);
  }

  get isOpen(): boolean {
    return this.openNow;
  }

  open(): void {
    if (!this.hub || this.openNow) return;
    this.openNow = true;
    this.opened();
    this.setShown(true);
  }

  close(): void {
    if (!this.openNow) return;
    this.openNow = false;
    this.closed();
    this.setShown(false);
  }

  /** What QA reads of the screen (window.streamsyncTv.state().screens). */
  abstract qa(): unknown;

  /** Runs as the screen opens (load, focus the first row, listen). */
  protected opened(): void {}

  /** Runs as the screen closes (stop listening, clear what was typed). */
  protected closed(): void {}

  /** Shows or hides the screen (the whole component by default). */
  protected setShown(on: boolean): void {
    this.alpha = on ? 1 : 0;
  }

  /** A key of the app's own names the screen handles (ChannelUp, Digit5...): true when handled. */
  protected namedKey(_name: string): boolean {
    return false;
  }

  override _handleBack(): boolean {
    this.hub?.close(this.screen);
    return true;
  }

  override _handleKey(event: KeyboardEvent): boolean {
    const hub = this.hub;
    if (!hub) return true;
    const name = hub.keyName(event);
    if (isScreenName(name)) {
      if (name === this.screen) hub.close(name);
      else hub.open(name);
      return true;
    }
    if (name && this.namedKey(name)) return true;
    if (this.forwardsKeys) hub.forwardKey(event);
    return true;
  }
}
