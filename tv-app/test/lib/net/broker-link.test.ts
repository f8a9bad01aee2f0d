import { expect } from 'chai';
import { BrokerLink, type BrokerEvents } from '../../../src/lib/net/broker-link.js';
import { presenceWill } from '../../../src/core/protocol.js';
import { BrokerSession, SESSION_DEFAULTS } from '../../../src/lib/net/broker-session.js';
import { FakeMqtt } from '../fake-mqtt.js';

function build({ presence = false } = {}) {
  const client = new FakeMqtt();
  const seen: Array<[keyof BrokerEvents, unknown]> = [];
  const events: BrokerEvents = {
    connection: (c) => seen.push(['connection', c]),
    timeResponse: (r) => seen.push(['timeResponse', r]),
    beacon: (b) => seen.push(['beacon', b]),
    lineupVersion: (v) => seen.push(['lineupVersion', v]),
    channelNow: (n) => seen.push(['channelNow', n.channel.id]),
    controlSync: (s) => seen.push(['controlSync', s.channelId]),
  };
  let connectArgs: { url: string; options: Record<string, unknown> } | null = null;
  const session = new BrokerSession({
    url: 'ws://tv/ws',
    clientId: 'tv-abc',
    connect: (url, options) => {
      connectArgs = { url, options };
      return client;
    },
    ...(presence ? { will: presenceWill } : {}),
  });
  const link = new BrokerLink({ session, events, presence });
  return { link, session, client, seen, connectArgs: () => connectArgs };
}

describe('lib/broker-link', () => {
  it('connects with MQTT 3.1.1 and subscribes to its time replies, beacon, lineup, control and the watched channel', () => {
    const { link, client, connectArgs } = build();
    link.watchChannel('one');
    link.start();
    expect(connectArgs()?.url).to.equal('ws://tv/ws');
    expect(connectArgs()?.options).to.include({ clientId: 'tv-abc', protocolVersion: 4 });
    client.up();
    expect(client.subscribed).to.have.members(['ss/v1/time/res/tv-abc', 'ss/v1/time', 'ss/v1/lineup', 'ss/v1/control/sync', 'ss/v1/channels/one/now']);
  });

  it('switches the channel subscription on a tune', () => {
    const { link, client } = build();
    link.start();
    client.up();
    link.watchChannel('one');
    link.watchChannel('two');
    expect(client.unsubscribed).to.deep.equal(['ss/v1/channels/one/now']);
    expect(client.subscribed.slice(-1)).to.deep.equal(['ss/v1/channels/two/now']);
  });

  it('on a standard broker, keeps a retained presence of the channel watched, cleared by its will or on stop', () => {
    const { link, client, connectArgs } = build({ presence: true });
    link.watchChannel('one');
    link.start();
    expect(connectArgs()?.options.will).to.deep.equal({ topic: 'ss/v1/presence/tv-abc', payload: '', qos: 0, retain: true });
    expect(client.published, 'nothing before the connection').to.deep.equal([]);
    client.up();
    link.watchChannel('two');
    link.watchChannel('two');
    link.stop();
    expect(client.published).to.deep.equal([
      { topic: 'ss/v1/presence/tv-abc', message: '{"v":1,"channelId":"one"}' },
      { topic: 'ss/v1/presence/tv-abc', message: '{"v":1,"channelId":"two"}' },
      { topic: 'ss/v1/presence/tv-abc', message: '' },
    ]);
    expect(client.retained).to.have.length(3);
  });

  it('keeps no presence on the built-in broker (it counts subscriptions)', () => {
    const { link, client, connectArgs } = build();
    link.watchChannel('one');
    link.start();
    client.up();
    link.watchChannel('two');
    link.stop();
    expect(connectArgs()?.options.will).to.equal(undefined);
    expect(client.published).to.deep.equal([]);
  });

  it('publishes time requests only while connected', () => {
    const { link, client } = build();
    link.start();
    expect(link.sendTimeRequest(1)).to.equal(false);
    client.up();
    expect(link.sendTimeRequest(12.5)).to.equal(true);
    expect(client.published).to.deep.equal([{ topic: 'ss/v1/time/req/tv-abc', message: '{"v":1,"t0":12.5}' }]);
  });

  it('dispatches valid payloads and drops malformed or foreign ones', () => {
    const { link, client, seen } = build();
    link.watchChannel('one');
    link.start();
    client.up();
    client.deliver('ss/v1/time/res/tv-abc', { v: 1, t0: 1, t1: 2, t2: 3 });
    client.deliver('ss/v1/time/res/tv-abc', 'not json');
    client.deliver('ss/v1/time/res/someone-else', { v: 1, t0: 1, t1: 2, t2: 3 });
    client.deliver('ss/v1/lineup', { v: 1, version: 7 });
    client.deliver('ss/v1/control/sync', { v: 1, serverTimeMs: 5, channelId: null });
    client.deliver('ss/v1/channels/two/now', { v: 1 });
    expect(seen).to.deep.equal([
      ['connection', true],
      ['timeResponse', { v: 1, t0: 1, t1: 2, t2: 3 }],
      ['lineupVersion', 7],
      ['controlSync', null],
    ]);
  });

  it('backs off reconnects exponentially up to a ceiling and resets once connected', () => {
    const { link, session, client, seen } = build();
    link.start();
    const periods: Array<number | undefined> = [];
    for (let i = 0; i < 8; i++) {
      client.down();
      periods.push(client.options.reconnectPeriod);
    }
    expect(periods[0]).to.equal(SESSION_DEFAULTS.minReconnectMs * 2);
    expect(periods.at(-1)).to.equal(SESSION_DEFAULTS.maxReconnectMs);
    client.up();
    expect(client.options.reconnectPeriod).to.equal(SESSION_DEFAULTS.minReconnectMs);
    expect(seen.filter(([k]) => k === 'connection').map(([, v]) => v)).to.deep.equal([false, false, false, false, false, false, false, false, true]);
    link.stop();
    session.stop();
    expect(client.ended).to.equal(true);
  });
});
