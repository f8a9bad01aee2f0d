import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { KeyMap, KeyMapError, actionForKeyName } from '../../../src/lib/remote/remote-keys.js';

const rootSettings = JSON.parse(readFileSync(new URL('../../../../settings.json', import.meta.url), 'utf8')) as {
  appSettings: { keys: Record<string, string> };
};

describe('lib/remote-keys', () => {
  const map = new KeyMap(rootSettings.appSettings.keys);

  it('maps the settings.json keys: arrows and CH+/CH- zap, PageUp is up, PageDown is down', () => {
    expect(map.actionForCode(38)).to.deep.equal({ kind: 'channelStep', delta: 1 });
    expect(map.actionForCode(40)).to.deep.equal({ kind: 'channelStep', delta: -1 });
    expect(map.actionForCode(33)).to.deep.equal({ kind: 'channelStep', delta: 1 });
    expect(map.actionForCode(34)).to.deep.equal({ kind: 'channelStep', delta: -1 });
  });

  it('maps digits from the top row and the keypad', () => {
    for (let d = 0; d <= 9; d++) {
      expect(map.actionForCode(48 + d)).to.deep.equal({ kind: 'digit', digit: d });
      expect(map.actionForCode(96 + d)).to.deep.equal({ kind: 'digit', digit: d });
    }
  });

  it('maps OK, Info, and both Backspace and Escape to Back', () => {
    expect(map.actionForCode(13)).to.deep.equal({ kind: 'ok' });
    expect(map.actionForCode(73)).to.deep.equal({ kind: 'info' });
    expect(map.actionForCode(8)).to.deep.equal({ kind: 'back' });
    expect(map.actionForCode(27)).to.deep.equal({ kind: 'back' });
  });

  it('maps F and the yellow key of TV remotes (405) to Favorite', () => {
    expect(map.actionForCode(70)).to.deep.equal({ kind: 'favorite' });
    expect(map.actionForCode(405)).to.deep.equal({ kind: 'favorite' });
    expect(map.nameForCode(405)).to.equal('Favorite');
  });

  it('maps O and the red key to Start-over, V and the green key to LIVE, P and the media keys to play/pause', () => {
    for (const code of [79, 403]) expect(map.actionForCode(code)).to.deep.equal({ kind: 'startOver' });
    for (const code of [86, 404]) expect(map.actionForCode(code)).to.deep.equal({ kind: 'live' });
    for (const code of [80, 19, 179, 415]) expect(map.actionForCode(code)).to.deep.equal({ kind: 'playPause' });
  });

  it('maps K and the remote CC key (460) to Captions, A to the audio language', () => {
    for (const code of [75, 460]) expect(map.actionForCode(code)).to.deep.equal({ kind: 'captions' });
    expect(map.actionForCode(65)).to.deep.equal({ kind: 'audioTrack' });
  });

  it('leaves no key in settings.json without an action (no dead keys)', () => {
    for (const [code, name] of Object.entries(rootSettings.appSettings.keys)) {
      expect(map.actionForCode(Number(code)), `${code} ${name}`).to.not.equal(null);
    }
    expect(map.names()).to.include.members(['Back', 'Enter', 'Info', 'ChannelUp', 'ChannelDown', 'Up', 'Down']);
  });

  it('sends the later screens to screen actions', () => {
    expect(map.actionForCode(71)).to.deep.equal({ kind: 'screen', screen: 'Guide' });
    expect(actionForKeyName('ChannelList')).to.deep.equal({ kind: 'screen', screen: 'ChannelList' });
  });

  it('returns null for unmapped codes and unknown names', () => {
    expect(map.actionForCode(999)).to.equal(null);
    expect(actionForKeyName('Rewind')).to.equal(null);
    expect(actionForKeyName('Digit10')).to.equal(null);
  });

  it('refuses a key map with an unknown name or a bad code, with a coded error', () => {
    expect(() => new KeyMap({ '13': 'Launch' })).to.throw(KeyMapError, /Launch/);
    expect(() => new KeyMap({ abc: 'Enter' })).to.throw(KeyMapError, /key code/);
    try {
      new KeyMap({ '13': 42 });
      expect.fail('should throw');
    } catch (err) {
      expect((err as KeyMapError).code).to.equal('SS_TV_KEYMAP_INVALID');
    }
  });
});
