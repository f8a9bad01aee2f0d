// The broker over an in-memory duplex pair (no sockets): the time exchange with a fake clock is
// exact, a forbidden publish ends that connection, and what the broker says goes to the logger it got.
import { expect } from 'chai';
import { Duplex } from 'node:stream';
import { MqttClient } from 'mqtt';
import { createBrokerNode, type BrokerNode } from '../../src/broker/broker-node.js';
import { Topics, encode, parseTimeResponse, type TimeResponse } from '#core/protocol.js';
import { FakeLineup, brokerSettings, testSettings } from './helpers.js';
import { captureLogger } from '../../src/logging/capture-logger.js';

function duplexPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (other: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk, _enc, cb) {
        other().push(chunk);
        cb();
      },
      final(cb) {
        other().push(null);
        cb();
      },
      destroy(err, cb) {
        other().destroy(); // a closed connection closes both ends, like a socket
        cb(err);
      },
    });
  const a = make(() => sides[1] as Duplex);
  const b = make(() => sides[0] as Duplex);
  sides.push(a, b);
  return [a, b];
}

describe('broker over an in-memory stream', () => {
  let node: BrokerNode;
  let ticks = 0;
  const clients: MqttClient[] = [];
  const log = captureLogger();

  before(async () => {
    // Fake clock: every reading advances 1 ms, so stamps show the order they were taken in.
    node = await createBrokerNode({ settings: brokerSettings(testSettings()), now: new FakeLineup(['ch1'], 60_000), store: null, clock: () => 1_000_000 + ticks++, beacon: false, logger: log.logger.child({ component: 'broker' }) });
  });
  after(async () => {
    for (const c of clients) c.end(true);
    await node.close();
  });

  function connectInMemory(clientId: string): Promise<MqttClient> {
    const [serverSide, clientSide] = duplexPair();
    node.handle(serverSide);
    const client = new MqttClient(() => clientSide, { clientId, protocolVersion: 4, reconnectPeriod: 0 });
    clients.push(client);
    return new Promise((resolve) => client.once('connect', () => resolve(client)));
  }

  it('answers time/req on time/res with t0 echoed and t1 <= t2 stamped by the server clock', async () => {
    const c = await connectInMemory('mem-1');
    await new Promise<void>((r) => c.subscribe(Topics.timeResponse('mem-1'), () => r()));
    const res = new Promise<TimeResponse>((resolve) =>
      c.on('message', (topic, payload) => {
        const parsed = parseTimeResponse(payload);
        if (topic === Topics.timeResponse('mem-1') && parsed.ok) resolve(parsed.value);
      }),
    );
    const before = ticks;
    c.publish(Topics.timeRequest('mem-1'), encode({ v: 1, t0: 42.25 }));
    const { t0, t1, t2 } = await res;
    expect(t0).to.equal(42.25);
    expect(t1).to.be.at.least(1_000_000 + before);
    expect(t2).to.be.above(t1); // stamped after t1, right before the write
  });

  it('ends the connection of a client publishing where it may not', async () => {
    const c = await connectInMemory('mem-2');
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(Topics.time, encode({ v: 1, serverTimeMs: 0, seq: 0, lineupVersion: 0 }));
    await closed;
    const warning = log.at('warn').find((r) => r.clientId === 'mem-2');
    expect(warning, JSON.stringify(log.records)).to.include({ component: 'broker', msg: 'viewer disconnected', topic: Topics.time });
    expect(warning?.code).to.match(/^SS_MQTT_/);
  });

  it('refuses a subscription outside what a viewer may read, saying so on its logger (info, coded)', async () => {
    const c = await connectInMemory('mem-3');
    // SUBACK 0x80: mqtt.js reports it as a subscribe error; the connection stays.
    const err = await new Promise<Error | null>((resolve) => c.subscribe(Topics.timeResponse('someone-else'), (e) => resolve(e ?? null)));
    expect(err?.message).to.match(/Subscribe error/);
    expect(c.connected).to.equal(true);
    const refused = log.records.filter((r) => r.clientId === 'mem-3');
    expect(refused).to.have.length(1);
    expect(refused[0]).to.include({ component: 'broker', level: 'info', code: 'SS_MQTT_SUBSCRIBE_REFUSED', topic: Topics.timeResponse('someone-else') });
  });
});
