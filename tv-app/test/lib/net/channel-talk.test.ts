import { expect } from 'chai';
import { ChannelTalk } from '../../../src/lib/net/channel-talk.js';
import { BrokerSession, SESSION_DEFAULTS } from '../../../src/lib/net/broker-session.js';
import { Topics, type ChatMessagePayload, type ReactionsPayload } from '../../../src/core/protocol.js';
import { FakeMqtt } from '../fake-mqtt.js';

function build(password: string | null = null) {
  const client = new FakeMqtt();
  const chats: ChatMessagePayload[] = [];
  const reactions: ReactionsPayload[] = [];
  const connection: boolean[] = [];
  let options: Record<string, unknown> = {};
  const session = new BrokerSession({
    url: 'ws://tv/ws',
    clientId: 'tv-talk',
    password,
    connect: (_url, o) => {
      options = o;
      return client;
    },
  });
  const talk = new ChannelTalk({
    session,
    events: { chat: (m) => chats.push(m), reactions: (r) => reactions.push(r), connection: (up) => connection.push(up) },
  });
  return { talk, session, client, chats, reactions, connection, options: () => options };
}

const chat = (channelId: string, text: string): ChatMessagePayload => ({ v: 1, id: `m-${text}`, channelId, from: 'Viewer 0A1B', text, serverTimeMs: 1_000, offsetMs: null, programId: null });

describe('lib/channel-talk (chat and reactions session)', () => {
  it('connects as a clean MQTT 3.1.1 viewer session, with the viewer token when there is one', () => {
    const { talk, options } = build('secret');
    talk.start();
    expect(options()).to.include({ clientId: 'tv-talk', protocolVersion: 4, clean: true, reconnectPeriod: SESSION_DEFAULTS.minReconnectMs, username: 'viewer', password: 'secret' });
    const anonymous = build();
    anonymous.talk.start();
    expect(anonymous.options()).to.not.have.property('password');
  });

  it("subscribes to the watched channel's topics on connect, and moves them when the channel changes", () => {
    const { talk, client, connection } = build();
    talk.watch('one'); // before connecting: remembered
    talk.start();
    expect(client.subscribed).to.deep.equal([]);
    client.up();
    expect(client.subscribed).to.deep.equal([Topics.chat('one'), Topics.reactions('one')]);
    talk.watch('two');
    expect(client.unsubscribed).to.deep.equal([Topics.chat('one'), Topics.reactions('one')]);
    expect(client.subscribed.slice(2)).to.deep.equal([Topics.chat('two'), Topics.reactions('two')]);
    talk.watch(null);
    expect(client.unsubscribed.slice(2)).to.deep.equal([Topics.chat('two'), Topics.reactions('two')]);
    expect(client.subscribed).to.have.length(4);
    client.down();
    expect(connection).to.deep.equal([true, false]);
  });

  it("hands on only the watched channel's well-formed messages", () => {
    const { talk, client, chats, reactions } = build();
    talk.start();
    client.up();
    talk.watch('one');
    client.deliver(Topics.chat('one'), chat('one', 'hello'));
    client.deliver(Topics.chat('one'), '{"v":1,"text":"no id"}');
    client.deliver(Topics.chat('two'), chat('two', 'elsewhere'));
    client.deliver(Topics.reactions('one'), { v: 1, channelId: 'one', windowStartMs: 0, windowMs: 500, counts: { heart: 3 } });
    client.deliver(Topics.reactions('one'), { v: 1, channelId: 'two', windowStartMs: 0, windowMs: 500, counts: { heart: 1 } });
    expect(chats.map((m) => m.text)).to.deep.equal(['hello']);
    expect(reactions.map((r) => r.counts)).to.deep.equal([{ heart: 3 }]);
  });

  it('posts chat and reactions to the watched channel, and refuses when it cannot send', () => {
    const { talk, session, client, chats } = build();
    talk.start();
    expect(talk.say('hi')).to.equal(false); // offline
    client.up();
    expect(talk.react('heart')).to.equal(false); // no channel
    talk.watch('one');
    expect(talk.say('   ')).to.equal(false); // blank
    expect(talk.say('hi')).to.equal(true);
    expect(talk.react('heart')).to.equal(true);
    expect(client.published.map((p) => [p.topic, JSON.parse(p.message) as unknown])).to.deep.equal([
      [Topics.chatPost('one', 'tv-talk'), { v: 1, text: 'hi' }],
      [Topics.react('one', 'tv-talk'), { v: 1, id: 'heart' }],
    ]);
    talk.stop(); // the session is the TV's: it stays up for the player, the talk hears nothing more
    expect(client.ended).to.equal(false);
    expect(client.unsubscribed).to.deep.equal([Topics.chat('one'), Topics.reactions('one')]);
    client.deliver(Topics.chat('one'), chat('one', 'late'));
    expect(chats).to.deep.equal([]);
    session.stop();
    expect(client.ended).to.equal(true);
  });
});
