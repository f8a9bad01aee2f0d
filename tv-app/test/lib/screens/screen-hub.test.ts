import { expect } from 'chai';
import { Topics } from '../../../src/core/protocol.js';
import type { ApiClient } from '../../../src/lib/net/api-client.js';
import { BrokerSession } from '../../../src/lib/net/broker-session.js';
import { ChannelTalk } from '../../../src/lib/net/channel-talk.js';
import { DevicePrefs } from '../../../src/lib/screens/device-prefs.js';
import { QualityControl } from '../../../src/lib/player/quality.js';
import { Favorites } from '../../../src/lib/remote/favorites.js';
import { ParentalControl } from '../../../src/lib/parental/parental-control.js';
import { KeyMap } from '../../../src/lib/remote/remote-keys.js';
import { ScreenHub, type ScreenPanel } from '../../../src/lib/screens/screen-hub.js';
import type { TvServices } from '../../../src/lib/util/tv-services.js';
import { FakeMqtt } from '../fake-mqtt.js';
import type { ChannelSummary } from '../../../src/core/wire.js';

class Panel implements ScreenPanel {
  isOpen = false;
  open() {
    this.isOpen = true;
  }
  close() {
    this.isOpen = false;
  }
  qa() {
    return { open: this.isOpen };
  }
}

function build() {
  const mqtt = new FakeMqtt();
  const chats: unknown[] = [];
  const reactions: unknown[] = [];
  let hub: ScreenHub | null = null;
  const talk = new ChannelTalk({
    session: new BrokerSession({ url: 'ws://x/ws', clientId: 'tv-1', connect: () => mqtt }),
    events: { chat: (m) => hub?.deliverChat(m), reactions: (r) => hub?.deliverReactions(r), connection: () => {} },
  });
  const focus: string[] = [];
  const keys = new KeyMap({ '37': 'Left', '71': 'Guide' });
  const services = { keys } as unknown as TvServices; // only the key map is read by the hub
  hub = new ScreenHub({
    services,
    api: {} as ApiClient,
    talk,
    quality: new QualityControl(() => []),
    prefs: new DevicePrefs(null),
    focus: { widget: (n) => focus.push(`widget:${n}`), page: () => focus.push('page') },
    reactionIds: ['like'],
  });
  hub.onChat((m) => chats.push(m));
  hub.onReactions((r) => reactions.push(r));
  let current: ChannelSummary | null = { id: 'one', number: 1, name: 'One', logoUrl: null, group: '' };
  const tuned: string[] = [];
  // Like the player page: a tune selects the channel and tells the screens at once.
  hub.attachPlayer({
    tune: (id) => {
      tuned.push(id);
      hub?.channelChanged();
    },
    current: () => current,
    channels: () => [],
    favorites: new Favorites(null),
    parental: new ParentalControl({ storage: null, salt: () => 'salt' }),
    tracks: () => null,
    key: () => true,
    syncStats: () => null,
  });
  return { hub, mqtt, focus, chats, reactions, tuned, setCurrent: (c: ChannelSummary | null) => (current = c) };
}

describe('lib/screen-hub and lib/channel-talk (screens over the player)', () => {
  it('one screen on top: opening another closes it; its own key and close() give focus back to the player', () => {
    const { hub, focus } = build();
    const guide = new Panel();
    const chat = new Panel();
    hub.register('Guide', guide);
    hub.register('Chat', chat);
    expect(hub.open('Settings')).to.equal(false); // no such screen: the player says so itself
    hub.open('Guide');
    hub.open('Chat');
    expect(guide.isOpen).to.equal(false);
    expect(chat.isOpen).to.equal(true);
    expect(hub.top).to.equal('Chat');
    hub.open('Chat'); // the same key again closes
    expect(chat.isOpen).to.equal(false);
    expect(hub.top).to.equal(null);
    expect(focus).to.deep.equal(['widget:Guide', 'widget:Chat', 'page']);
    expect(hub.qaState()).to.deep.include({ top: null, guide: { open: false }, chat: { open: false } });
    hub.dispose();
  });

  it('follows the tuned channel: subscribes its chat and reactions, delivers them, publishes posts and reactions', () => {
    const { hub, mqtt, chats, reactions, setCurrent } = build();
    mqtt.connected = true;
    mqtt.emit('connect');
    expect(mqtt.subscribed).to.deep.equal([Topics.chat('one'), Topics.reactions('one')]);
    mqtt.deliver(Topics.chat('one'), { v: 1, id: 'm1', channelId: 'one', from: 'Viewer 0A1B', text: 'hi', serverTimeMs: 5, offsetMs: null, programId: null });
    mqtt.deliver(Topics.chat('one'), { v: 1, id: 'bad' });
    mqtt.deliver(Topics.reactions('one'), { v: 1, channelId: 'one', windowStartMs: 1, windowMs: 1000, counts: { like: 2 } });
    mqtt.deliver(Topics.reactions('two'), { v: 1, channelId: 'two', windowStartMs: 1, windowMs: 1000, counts: { like: 9 } });
    expect(chats).to.have.length(1);
    expect(reactions).to.have.length(1);
    expect(hub.talk.say('Hello')).to.equal(true);
    expect(hub.talk.react('like')).to.equal(true);
    expect(mqtt.published).to.deep.equal([
      { topic: Topics.chatPost('one', 'tv-1'), message: JSON.stringify({ v: 1, text: 'Hello' }) },
      { topic: Topics.react('one', 'tv-1'), message: JSON.stringify({ v: 1, id: 'like' }) },
    ]);
    setCurrent({ id: 'two', number: 2, name: 'Two', logoUrl: null, group: '' });
    hub.tune('two');
    expect(mqtt.unsubscribed).to.deep.equal([Topics.chat('one'), Topics.reactions('one')]);
    expect(mqtt.subscribed.slice(2)).to.deep.equal([Topics.chat('two'), Topics.reactions('two')]);
    expect(hub.channelId).to.equal('two');
    mqtt.connected = false;
    expect(hub.talk.say('x')).to.equal(false);
    hub.dispose();
  });

  it('moves chat and reactions the moment the player says its channel changed, not at a later tick', () => {
    const { hub, mqtt, setCurrent } = build();
    mqtt.up();
    const channels: Array<string | null> = [];
    hub.onChannel((id) => channels.push(id));
    setCurrent({ id: 'two', number: 2, name: 'Two', logoUrl: null, group: '' }); // the player zapped...
    hub.channelChanged(); // ...and says so
    expect(hub.say('Hello')).to.equal(true);
    expect(hub.react('like')).to.equal(true);
    expect(mqtt.published.map((p) => p.topic)).to.deep.equal([Topics.chatPost('two', 'tv-1'), Topics.react('two', 'tv-1')]);
    expect(mqtt.subscribed.slice(-2)).to.deep.equal([Topics.chat('two'), Topics.reactions('two')]);
    expect(channels).to.deep.equal(['two']); // the chat log starts over for the new channel
    setCurrent(null); // the lineup lost the channel
    hub.channelChanged();
    expect(channels).to.deep.equal(['two', null]);
    expect(hub.channelId).to.equal(null);
    hub.dispose();
  });

  it('names keys from the key map and takes them from the browser', () => {
    const { hub } = build();
    let prevented = 0;
    const event = { keyCode: 71, preventDefault: () => prevented++ } as unknown as KeyboardEvent;
    expect(hub.keyName(event)).to.equal('Guide');
    expect(prevented).to.equal(1);
    expect(hub.keyName({ keyCode: 999, preventDefault: () => prevented++ } as unknown as KeyboardEvent)).to.equal(null);
    expect(prevented).to.equal(1);
    hub.dispose();
  });
});
