import { expect } from 'chai';
import { keyIdentity, keyboardEventInit, labelFor, remoteKeys } from '../../emulator/src/key-events.js';

describe('emulator/key-events', () => {
  it('gives one remote key per name of the map, with every code kept and the lowest code pressed', () => {
    const keys = remoteKeys({ '49': 'Digit1', '97': 'Digit1', '33': 'ChannelUp', '13': 'Enter', x: 'Nope', '50': 7 });
    expect(keys.map((k) => k.name)).to.deep.equal(['Enter', 'ChannelUp', 'Digit1']);
    const digit = keys.find((k) => k.name === 'Digit1');
    expect(digit?.keyCode).to.equal(49);
    expect(digit?.keyCodes).to.deep.equal([49, 97]);
    expect(digit?.label).to.equal('1');
  });

  it('labels remote keys like a remote, unknown names by their name', () => {
    expect(labelFor('ChannelDown')).to.equal('CH−');
    expect(labelFor('Enter')).to.equal('OK');
    expect(labelFor('Digit0')).to.equal('0');
    expect(labelFor('Mystery')).to.equal('Mystery');
  });

  it('builds the key/code a keyboard reports for a key code', () => {
    expect(keyIdentity(38)).to.deep.equal({ key: 'ArrowUp', code: 'ArrowUp' });
    expect(keyIdentity(53)).to.deep.equal({ key: '5', code: 'Digit5' });
    expect(keyIdentity(101)).to.deep.equal({ key: '5', code: 'Numpad5' });
    expect(keyIdentity(73)).to.deep.equal({ key: 'i', code: 'KeyI' });
    expect(keyIdentity(250).key).to.equal('Unidentified');
    const init = keyboardEventInit(33);
    expect(init).to.include({ key: 'PageUp', keyCode: 33, which: 33, bubbles: true });
  });
});
