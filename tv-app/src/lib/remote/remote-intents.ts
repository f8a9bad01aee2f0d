// What a remote action does, given what is on screen: the focus rules of the player page in one
// pure function. The top overlay takes a key first; Back always leads somewhere (close the top
// overlay, else live again when the channel plays behind its schedule, else the previous channel,
// else the banner); no key is dead. Over a program the parental
// lock covers, OK opens the PIN prompt, whose digits are the PIN's until it closes.
import type { RemoteAction, ScreenName } from './remote-keys.js';

export interface ScreenState {
  /** Digits are being typed. */
  entryActive: boolean;
  /** The info banner is up. */
  bannerShown: boolean;
  /** A previous channel exists. */
  hasPrevious: boolean;
  /** The parental lock covers the program on screen. */
  locked?: boolean;
  /** The PIN prompt is open over it. */
  pinOpen?: boolean;
  /** The channel plays behind its schedule (start-over, or paused): Back returns to live. */
  shifted?: boolean;
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
  | { kind: 'openPin' }
  | { kind: 'pinDigit'; digit: number }
  | { kind: 'pinBackspace' }
  | { kind: 'startOver' }
  | { kind: 'goLive' }
  | { kind: 'playPause' }
  | { kind: 'cycleCaptions' }
  | { kind: 'cycleAudio' }
  | { kind: 'notice'; screen: ScreenName };

export function intentFor(action: RemoteAction, screen: ScreenState): Intent {
  switch (action.kind) {
    case 'digit':
      return screen.pinOpen ? { kind: 'pinDigit', digit: action.digit } : { kind: 'entryDigit', digit: action.digit };
    case 'ok':
      if (screen.entryActive) return { kind: 'entryCommit' };
      if (screen.locked && !screen.pinOpen) return { kind: 'openPin' };
      return screen.bannerShown ? { kind: 'hideBanner' } : { kind: 'showBanner' };
    case 'info':
      return screen.bannerShown ? { kind: 'hideBanner' } : { kind: 'showBanner' };
    case 'back':
      if (screen.pinOpen) return { kind: 'pinBackspace' };
      if (screen.entryActive) return { kind: 'entryBackspace' };
      if (screen.bannerShown) return { kind: 'hideBanner' };
      if (screen.shifted) return { kind: 'goLive' };
      return screen.hasPrevious ? { kind: 'previousChannel' } : { kind: 'showBanner' };
    case 'channelStep':
      return { kind: 'zap', delta: action.delta };
    case 'left':
    case 'right':
      // Nothing to move between on the player yet: the banner answers, so the key is not dead.
      return { kind: 'showBanner' };
    case 'favorite':
      return { kind: 'toggleFavorite' };
    case 'startOver':
      return { kind: 'startOver' };
    case 'live':
      return { kind: 'goLive' };
    case 'playPause':
      return { kind: 'playPause' };
    case 'captions':
      return { kind: 'cycleCaptions' };
    case 'audioTrack':
      return { kind: 'cycleAudio' };
    case 'screen':
      return { kind: 'notice', screen: action.screen };
  }
}
