import { expect } from 'chai';
import { BrokerSession, type SessionCredentials, type SessionIdentity, type SessionUser } from '../../../src/lib/net/broker-session.js';
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

describe('lib/broker-session with a device identity', () => {
  /** An identity the test steers: credentials as set, a ready promise it settles, refusals recorded. */
  function identity(initial: SessionCredentials) {
    let creds = initial;
    let settle: () => void = () => {};
    let waiting: Promise<void> | null = null;
    const refusals: SessionCredentials[] = [];
    let refreshes = 0;
    let answer: (again: boolean) => void = () => {};
    const id: SessionIdentity = {
      credentials: () => creds,
      ready: () => waiting,
      refresh: () => void refreshes++,
      refused: (used) => {
        refusals.push(used);
        return new Promise<boolean>((r) => (answer = r));
      },
    };
    return {
      id,
      set: (c: SessionCredentials) => (creds = c),
      wait: () => (waiting = new Promise<void>((r) => (settle = r))),
      settle: () => settle(),
      answer: (again: boolean) => answer(again),
      refusals,
      refreshes: () => refreshes,
    };
  }
  const dev = { clientId: 'd111111111111111111111111-aaaaaa', username: 'd111111111111111111111111', password: 'tok', name: 'Viewer 0001' };
  const anon = { clientId: 'tv-0123', name: null };
  const flush = () => Promise.resolve().then(() => undefined);

  it('connects with the device credentials, after the identity is ready when it was not', async () => {
    const ident = identity(anon);
    const waiting = ident.wait();
    const options: Array<Record<string, unknown>> = [];
    const client = new FakeMqtt();
    const session = new BrokerSession({ url: 'ws://tv/ws', identity: ident.id, connect: (_u, o) => (options.push(o), client) });
    session.start();
    expect(options, 'waits for the registration').to.have.length(0);
    ident.set(dev);
    ident.settle();
    await waiting;
    await flush();
    expect(options).to.have.length(1);
    expect(options[0]).to.include({ clientId: dev.clientId, username: dev.username, password: 'tok', clean: true });
    expect(session.clientId).to.equal(dev.clientId);
    expect(session.chatName).to.equal('Viewer 0001');
    client.up();
    client.down();
    expect(ident.refreshes(), 'a chance to register on every up and down').to.equal(2);
  });

  it('takes the credentials of the moment on every reconnect (an identity registered meanwhile)', () => {
    const ident = identity(anon);
    const client = new FakeMqtt();
    const session = new BrokerSession({ url: 'ws://tv/ws', identity: ident.id, connect: () => client });
    session.start();
    client.up();
    client.down();
    ident.set(dev);
    client.emit('reconnect');
    expect(client.options).to.include({ clientId: dev.clientId, username: dev.username, password: 'tok' });
    expect(session.clientId).to.equal(dev.clientId);
  });

  it('hands refused credentials (CONNACK 4 or 5) back to the identity, then connects anew with what it has', async () => {
    const ident = identity(dev);
    const clients: FakeMqtt[] = [];
    const options: Array<Record<string, unknown>> = [];
    const session = new BrokerSession({ url: 'ws://tv/ws', identity: ident.id, connect: (_u, o) => {
      const c = new FakeMqtt();
      clients.push(c);
      options.push(o);
      return c;
    } });
    const user = { topics: () => ['ss/v1/time'], message: () => {} };
    session.attach(user);
    session.start();
    clients[0]?.emit('error', Object.assign(new Error('Connection refused: Server unavailable'), { code: 3 }));
    expect(ident.refusals, 'not a credentials refusal').to.have.length(0);
    clients[0]?.emit('error', Object.assign(new Error('Connection refused: Bad username or Password'), { code: 4 }));
    expect(ident.refusals).to.deep.equal([dev]);
    const fresh = { ...dev, clientId: 'd222222222222222222222222-aaaaaa', username: 'd222222222222222222222222', password: 'tok2' };
    ident.set(fresh);
    ident.answer(true);
    await flush();
    await flush();
    expect(clients[0]?.ended).to.equal(true);
    expect(clients).to.have.length(2);
    expect(options[1]).to.include({ clientId: fresh.clientId, username: fresh.username, password: 'tok2' });
    clients[1]?.up();
    expect(clients[1]?.subscribed, 'its users subscribed on the new connection').to.deep.equal(['ss/v1/time']);
    clients[1]?.emit('error', Object.assign(new Error('Connection refused: Not authorized'), { code: 5 }));
    ident.answer(false);
    await flush();
    await flush();
    expect(clients, 'nothing else to try: stays as mqtt.js left it').to.have.length(2);
  });
});
