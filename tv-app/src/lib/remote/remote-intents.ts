// What a remote action does, given what is on screen: the focus rules of the player page in one
// pure function. The top overlay takes a key first; Back always leads somewhere (close the top
// overlay, else the previous channel, else the banner); no key is dead.
import type { RemoteAction, ScreenName } from './remote-keys.js';

export interface ScreenState {
  /** Digits are being typed. */
  entryActive: boolean;
  /** The info banner is up. */
  bannerShown: boolean;
  /** A previous channel exists. */
  hasPrevious: boolean;
}

export type Intent =
  | { kind: 'zap'; delta: 1 | -1 }
  | { kind: 'entryDigit'; digit: number }
  | { kind: 'entryCommit' }
  | { kind: 'entryBackspace' }
  | { kind: 'showBanner' }
  | { kind: 'hideBanner' }
  | { kind: 'previousChannel' }
  | { kind: 'toggleFavorite' }
  | { kind: 'notice'; screen: ScreenName };

export function intentFor(action: RemoteAction, screen: ScreenState): Intent {
  switch (action.kind) {
    case 'digit':
      return { kind: 'entryDigit', digit: action.digit };
    case 'ok':
      if (screen.entryActive) return { kind: 'entryCommit' };
      return screen.bannerShown ? { kind: 'hideBanner' } : { kind: 'showBanner' };
    case 'info':
      return screen.bannerShown ? { kind: 'hideBanner' } : { kind: 'showBanner' };
    case 'back':
      if (screen.entryActive) return { kind: 'entryBackspace' };
      if (screen.bannerShown) return { kind: 'hideBanner' };
      return screen.hasPrevious ? { kind: 'previousChannel' } : { kind: 'showBanner' };
    case 'channelStep':
      return { kind: 'zap', delta: action.delta };
    case 'left':
    case 'right':
      // Nothing to move between on the player yet: the banner answers, so the key is not dead.
      return { kind: 'showBanner' };
    case 'favorite':
      return { kind: 'toggleFavorite' };
    case 'screen':
      return { kind: 'notice', screen: action.screen };
  }
}
