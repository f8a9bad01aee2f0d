import { expect } from 'chai';
import { BrokerSession, type SessionUser } from '../../../src/lib/net/broker-session.js';
import { FakeMqtt } from '../fake-mqtt.js';

function user(topics: string[]): SessionUser & { got: string[]; ups: boolean[] } {
  const got: string[] = [];
  const ups: boolean[] = [];
  return { got, ups, topics: () => topics, message: (t) => got.push(t), connection: (up) => ups.push(up) };
}

describe('lib/broker-session (the TV\'s one MQTT connection)', () => {
  it('connects once whoever starts it, subscribes every user\'s topics on each connect, and hands every user the messages', () => {
    const client = new FakeMqtt();
    let connects = 0;
    const session = new BrokerSession({ url: 'ws://tv/ws', clientId: 'tv-1', connect: () => (connects++, client) });
    const player = user(['ss/v1/time', 'ss/v1/lineup']);
    const chat = user(['ss/v1/channels/one/chat']);
    session.attach(player);
    session.attach(chat);
    session.start();
    session.start();
    expect(connects).to.equal(1);
    client.up();
    expect(client.subscribed).to.deep.equal(['ss/v1/time', 'ss/v1/lineup', 'ss/v1/channels/one/chat']);
    client.deliver('ss/v1/time', {});
    expect(player.got).to.deep.equal(['ss/v1/time']);
    expect(chat.got).to.deep.equal(['ss/v1/time']); // each user picks its own topics out
    client.down();
    client.up(); // a clean session keeps nothing: all subscribed again
    expect(client.subscribed.slice(3)).to.deep.equal(['ss/v1/time', 'ss/v1/lineup', 'ss/v1/channels/one/chat']);
    expect(player.ups).to.deep.equal([true, false, true]);
    expect(chat.ups).to.deep.equal([true, false, true]);
  });

  it('subscribes a user attached while connected at once, and unsubscribes it when it leaves', () => {
    const client = new FakeMqtt();
    const session = new BrokerSession({ url: 'ws://tv/ws', clientId: 'tv-1', connect: () => client });
    session.start();
    client.up();
    const chat = user(['ss/v1/channels/two/chat']);
    const detach = session.attach(chat);
    expect(client.subscribed).to.deep.equal(['ss/v1/channels/two/chat']);
    detach();
    detach();
    expect(client.unsubscribed).to.deep.equal(['ss/v1/channels/two/chat']);
    client.deliver('ss/v1/channels/two/chat', {});
    expect(chat.got).to.deep.equal([]);
  });

  it('publishes only while connected', () => {
    const client = new FakeMqtt();
    const session = new BrokerSession({ url: 'ws://tv/ws', clientId: 'tv-1', connect: () => client });
    expect(session.publish('t', 'm', { qos: 0, retain: false })).to.equal(false);
    session.start();
    expect(session.publish('t', 'm', { qos: 0, retain: false })).to.equal(false);
    client.up();
    expect(session.publish('t', 'm', { qos: 0, retain: false })).to.equal(true);
    expect(client.published).to.deep.equal([{ topic: 't', message: 'm' }]);
  });
});
