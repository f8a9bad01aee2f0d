import { expect } from 'chai';
import { intentFor, type ScreenState } from '../../../src/lib/remote/remote-intents.js';
import type { RemoteAction } from '../../../src/lib/remote/remote-keys.js';

const plain: ScreenState = { entryActive: false, bannerShown: false, hasPrevious: true };
const back: RemoteAction = { kind: 'back' };

describe('lib/remote-intents (focus paths of the player page)', () => {
  it('Back closes the top overlay first: digit entry, then the banner, then previous channel', () => {
    expect(intentFor(back, { entryActive: true, bannerShown: true, hasPrevious: true })).to.deep.equal({ kind: 'entryBackspace' });
    expect(intentFor(back, { entryActive: false, bannerShown: true, hasPrevious: true })).to.deep.equal({ kind: 'hideBanner' });
    expect(intentFor(back, plain)).to.deep.equal({ kind: 'previousChannel' });
  });

  it('Back with nowhere to go shows the banner (Back always leads somewhere)', () => {
    expect(intentFor(back, { ...plain, hasPrevious: false })).to.deep.equal({ kind: 'showBanner' });
  });

  it('OK commits typed digits, otherwise toggles the banner; Info toggles the banner', () => {
    expect(intentFor({ kind: 'ok' }, { ...plain, entryActive: true })).to.deep.equal({ kind: 'entryCommit' });
    expect(intentFor({ kind: 'ok' }, plain)).to.deep.equal({ kind: 'showBanner' });
    expect(intentFor({ kind: 'ok' }, { ...plain, bannerShown: true })).to.deep.equal({ kind: 'hideBanner' });
    expect(intentFor({ kind: 'info' }, plain)).to.deep.equal({ kind: 'showBanner' });
    expect(intentFor({ kind: 'info' }, { ...plain, bannerShown: true })).to.deep.equal({ kind: 'hideBanner' });
  });

  it('zaps whatever overlay is up, and digits always go to the entry buffer', () => {
    expect(intentFor({ kind: 'channelStep', delta: -1 }, { entryActive: true, bannerShown: true, hasPrevious: false })).to.deep.equal({ kind: 'zap', delta: -1 });
    expect(intentFor({ kind: 'digit', digit: 4 }, { ...plain, bannerShown: true })).to.deep.equal({ kind: 'entryDigit', digit: 4 });
  });

  it('later screens answer with a notice and arrows with the banner: no dead keys', () => {
    expect(intentFor({ kind: 'screen', screen: 'Guide' }, plain)).to.deep.equal({ kind: 'notice', screen: 'Guide' });
    expect(intentFor({ kind: 'left' }, plain).kind).to.equal('showBanner');
    expect(intentFor({ kind: 'right' }, plain).kind).to.equal('showBanner');
  });

  it('the Favorite key toggles the tuned channel, whatever is up', () => {
    expect(intentFor({ kind: 'favorite' }, plain)).to.deep.equal({ kind: 'toggleFavorite' });
    expect(intentFor({ kind: 'favorite' }, { entryActive: true, bannerShown: true, hasPrevious: true })).to.deep.equal({ kind: 'toggleFavorite' });
  });
});

describe('lib/remote-intents over the parental lock', () => {
  const locked = { entryActive: false, bannerShown: false, hasPrevious: true, locked: true, pinOpen: false };

  it('OK opens the PIN prompt; its digits are the PIN, Back erases them (then closes it)', () => {
    expect(intentFor({ kind: 'ok' }, locked)).to.deep.equal({ kind: 'openPin' });
    expect(intentFor({ kind: 'digit', digit: 3 }, locked), 'prompt closed: a channel number').to.deep.equal({ kind: 'entryDigit', digit: 3 });
    const prompting = { ...locked, pinOpen: true };
    expect(intentFor({ kind: 'digit', digit: 3 }, prompting)).to.deep.equal({ kind: 'pinDigit', digit: 3 });
    expect(intentFor({ kind: 'back' }, prompting)).to.deep.equal({ kind: 'pinBackspace' });
    expect(intentFor({ kind: 'channelStep', delta: 1 }, prompting), 'a locked channel never traps the remote').to.deep.equal({ kind: 'zap', delta: 1 });
    expect(intentFor({ kind: 'ok' }, { ...locked, locked: false }).kind, 'unlocked: the banner').to.equal('showBanner');
  });
});

describe('lib/remote-intents with start-over', () => {
  const shifted = { entryActive: false, bannerShown: false, hasPrevious: true, shifted: true };

  it('Start-over, LIVE and play/pause have their intents; Back returns to live once the banner is closed', () => {
    expect(intentFor({ kind: 'startOver' }, shifted)).to.deep.equal({ kind: 'startOver' });
    expect(intentFor({ kind: 'live' }, shifted)).to.deep.equal({ kind: 'goLive' });
    expect(intentFor({ kind: 'playPause' }, shifted)).to.deep.equal({ kind: 'playPause' });
    expect(intentFor({ kind: 'captions' }, shifted)).to.deep.equal({ kind: 'cycleCaptions' });
    expect(intentFor({ kind: 'audioTrack' }, shifted)).to.deep.equal({ kind: 'cycleAudio' });
    expect(intentFor({ kind: 'back' }, shifted)).to.deep.equal({ kind: 'goLive' });
    expect(intentFor({ kind: 'back' }, { ...shifted, bannerShown: true })).to.deep.equal({ kind: 'hideBanner' });
    expect(intentFor({ kind: 'back' }, { ...shifted, shifted: false })).to.deep.equal({ kind: 'previousChannel' });
  });
});
