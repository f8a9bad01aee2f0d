// Debian's Mosquitto 2.0 run with the configuration `npm run broker:config -- --mosquitto` writes:
// real sockets, mqtt.js clients (MQTT 5), TCP and WebSockets.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Topics } from '#core/protocol.js';
import { mosquittoAcl, mosquittoPasswordLine } from '../../../src/broker/mosquitto/mosquitto-config.js';
import { SERVICE_PASSWORD, SERVICE_USER, runMosquitto, startMosquitto, type MosquittoServer } from './mosquitto-server.js';
import { freePort } from '../redis-server.js';

const NOT_AUTHORIZED = 0x87;

/** This process's environment without a configured service password (so the CLI makes one). */
function withoutServicePassword(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.STREAMSYNC_MQTT_PASSWORD;
  return env;
}

describe('Mosquitto with the generated configuration (Debian mosquitto, real sockets)', function () {
  this.timeout(20_000);
  let broker: MosquittoServer;
  const clients: MqttClient[] = [];

  before(async () => {
    broker = await startMosquitto({ maxPayloadBytes: 4096 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });
  after(async () => {
    await broker?.stop();
  });

  async function connect(clientId: string, extra: IClientOptions = {}, url = broker.tcpUrl): Promise<MqttClient> {
    const c = await mqtt.connectAsync(url, { clientId, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...extra });
    clients.push(c);
    return c;
  }
  const service = () => connect('streamsync-service-1', { username: SERVICE_USER, password: SERVICE_PASSWORD });

  /** Messages a client receives, by topic. */
  function inbox(c: MqttClient): Array<{ topic: string; text: string; retain: boolean }> {
    const got: Array<{ topic: string; text: string; retain: boolean }> = [];
    c.on('message', (topic, payload, packet) => got.push({ topic, text: payload.toString(), retain: packet.retain }));
    return got;
  }
  /** The reason code of a QoS 1 publish's PUBACK (mqtt.js rejects on a failure code). */
  async function publishReason(c: MqttClient, topic: string, text: string): Promise<number> {
    return c.publishAsync(topic, text, { qos: 1 }).then(
      () => 0,
      (err: Error & { code?: number }) => err.code ?? -1,
    );
  }
  /** Publishes a marker as the service and waits for `got` to hold it: whatever was refused before it would have come first. */
  async function marker(svc: MqttClient, got: Array<{ text: string }>, topic: string, text: string): Promise<void> {
    await svc.publishAsync(topic, text, { qos: 1 });
    await until(`the marker ${text}`, () => got.some((m) => m.text === text));
  }
  async function until(what: string, pred: () => boolean): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; mosquitto said: ${broker.log().slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('admits the service with its password and refuses a wrong one', async () => {
    await service();
    const wrong = mqtt.connectAsync(broker.tcpUrl, { clientId: 'imposter', protocolVersion: 5, reconnectPeriod: 0, username: SERVICE_USER, password: 'guess' });
    const err = (await wrong.then(() => null, (e: Error & { code?: number }) => e)) as (Error & { code?: number }) | null;
    expect(err?.code, String(err)).to.be.oneOf([0x86, NOT_AUTHORIZED]); // bad user name or password / not authorized
  });

  it('viewers get what the service publishes, retained now-playing included; a forged server message reaches no viewer', async () => {
    const svc = await service();
    await svc.publishAsync(Topics.channelNow('ch1'), '{"real":1}', { qos: 1, retain: true });
    const viewer = await connect('tv-viewer-1');
    const got = inbox(viewer);
    const granted = await viewer.subscribeAsync([Topics.channelNow('ch1'), Topics.time, Topics.chat('ch1')], { qos: 1 });
    expect(granted.map((g) => g.qos), 'public topics granted').to.deep.equal([1, 1, 1]);
    await until('the retained now-playing', () => got.some((m) => m.topic === Topics.channelNow('ch1') && m.retain));

    const forger = await connect('tv-forger');
    await viewer.subscribeAsync([Topics.lineup, Topics.controlSync, Topics.timeResponse('tv-viewer-1')], { qos: 1 });
    for (const topic of [Topics.channelNow('ch1'), Topics.time, Topics.chat('ch1'), Topics.lineup, Topics.controlSync, Topics.timeResponse('tv-viewer-1')]) {
      expect(await publishReason(forger, topic, '{"forged":1}'), `PUBACK of a viewer's publish to ${topic}`).to.equal(NOT_AUTHORIZED);
    }
    await marker(svc, got, Topics.time, '{"marker":1}');
    expect(got.filter((m) => m.text.includes('forged')), 'forged messages delivered').to.deep.equal([]);
  });

  it("a viewer reads only its own time responses and asks for time only as itself", async () => {
    const svc = await service();
    const requests = inbox(svc);
    await svc.subscribeAsync(`$share/streamsync/${Topics.timeRequest('+')}`, { qos: 0 });
    const viewer = await connect('tv-clock-1');
    const answers = inbox(viewer);
    // Mosquitto grants any filter and checks each message against the ACL as it is delivered.
    await viewer.subscribeAsync([Topics.timeResponse('tv-clock-2'), Topics.timeResponse('+')], { qos: 0 });
    expect(await publishReason(viewer, Topics.timeRequest('tv-clock-1'), '{"t0":1}'), 'a request as itself').to.equal(0);
    expect(await publishReason(viewer, Topics.timeRequest('tv-clock-2'), '{"t0":2}'), 'a request as another').to.equal(NOT_AUTHORIZED);
    await until('the own time request at the service', () => requests.length > 0);
    await svc.publishAsync(Topics.timeResponse('tv-clock-2'), '{"for":2}', { qos: 1 });
    await marker(svc, answers, Topics.timeResponse('tv-clock-1'), '{"for":1}');
    expect(requests.map((r) => r.topic), 'requests at the service').to.deep.equal([Topics.timeRequest('tv-clock-1')]);
    expect(answers.map((a) => `${a.topic} ${a.text}`), 'answers the viewer got through its filters (another\'s and every client\'s): its own only').to.deep.equal([`${Topics.timeResponse('tv-clock-1')} {"for":1}`]);
  });

  it('chat posts and reactions go to the service only; other topics are refused', async () => {
    const svc = await service();
    const posts = inbox(svc);
    await svc.subscribeAsync([`$share/streamsync/${Topics.chatPost('+', '+')}`, `$share/streamsync/${Topics.react('+', '+')}`], { qos: 0 });
    const viewer = await connect('tv-chat-1');
    const snoop = await connect('tv-snoop');
    const snooped = inbox(snoop);
    await snoop.subscribeAsync([Topics.chatPost('ch1', '+'), Topics.react('ch1', '+'), Topics.chat('ch1')], { qos: 0 });
    expect(await publishReason(viewer, Topics.chatPost('ch1', 'tv-chat-1'), '{"text":"hi"}')).to.equal(0);
    expect(await publishReason(viewer, Topics.react('ch1', 'tv-chat-1'), '{"emoji":"+1"}')).to.equal(0);
    expect(await publishReason(viewer, Topics.chatPost('ch1', 'tv-snoop'), '{"text":"as another"}'), "in another's name").to.equal(NOT_AUTHORIZED);
    expect(await publishReason(viewer, Topics.chatPost('ch1'), '{"text":"unnamed"}'), 'without a name').to.equal(NOT_AUTHORIZED);
    expect(await publishReason(viewer, 'somewhere/else', 'x'), 'outside the protocol').to.equal(NOT_AUTHORIZED);
    await until('the post and the reaction at the service', () => posts.length >= 2);
    expect(posts.map((p) => p.topic).sort()).to.deep.equal([Topics.chatPost('ch1', 'tv-chat-1'), Topics.react('ch1', 'tv-chat-1')].sort());
    await marker(svc, snooped, Topics.chat('ch1'), '{"moderated":1}');
    expect(snooped.map((m) => m.topic), 'what another viewer saw: the moderated chat only').to.deep.equal([Topics.chat('ch1')]);
  });

  it("a viewer keeps a presence as itself only, which the service reads and no viewer does; its will clears it", async () => {
    const svc = await service();
    const seen = inbox(svc);
    await svc.subscribeAsync(Topics.presence('+'), { qos: 0 });
    const snoop = await connect('tv-snoop-2');
    const snooped = inbox(snoop);
    await snoop.subscribeAsync([Topics.presence('+'), Topics.time], { qos: 0 });
    const will = { topic: Topics.presence('tv-here-1'), payload: Buffer.alloc(0), qos: 0 as const, retain: true };
    const viewer = await connect('tv-here-1', { will });
    expect(await publishReason(viewer, Topics.presence('tv-here-1'), '{"v":1,"channelId":"ch1"}'), 'its own presence').to.equal(0);
    expect(await publishReason(viewer, Topics.presence('tv-snoop-2'), '{"v":1,"channelId":"ch9"}'), "another's").to.equal(NOT_AUTHORIZED);
    await until('the presence at the service', () => seen.some((m) => m.text.includes('ch1')));
    viewer.stream.destroy(); // the connection drops: the broker sends the will
    await until('the will at the service', () => seen.some((m) => m.topic === Topics.presence('tv-here-1') && m.text === ''));
    await marker(svc, snooped, Topics.time, '{"marker":3}');
    expect(seen.map((m) => m.topic), 'presences at the service').to.deep.equal([Topics.presence('tv-here-1'), Topics.presence('tv-here-1')]);
    expect(snooped.map((m) => m.topic), 'what another viewer saw: the marker only').to.deep.equal([Topics.time]);
  });

  it('serves TVs over WebSockets with the same rules', async () => {
    const svc = await service();
    await svc.publishAsync(Topics.channelNow('ws1'), '{"real":2}', { qos: 1, retain: true });
    const tv = await connect('tv-ws-1', {}, broker.wsUrl);
    const got = inbox(tv);
    await tv.subscribeAsync([Topics.channelNow('ws1'), Topics.timeResponse('someone-else'), Topics.timeResponse('tv-ws-1')], { qos: 0 });
    await until('the retained now-playing over WebSockets', () => got.some((m) => m.text === '{"real":2}'));
    expect(await publishReason(tv, Topics.channelNow('ws1'), '{"forged":2}'), 'a forged now-playing over WebSockets').to.equal(NOT_AUTHORIZED);
    await svc.publishAsync(Topics.timeResponse('someone-else'), '{"not":"yours"}', { qos: 1 });
    await marker(svc, got, Topics.timeResponse('tv-ws-1'), '{"yours":1}');
    expect(got.map((m) => m.text)).to.deep.equal(['{"real":2}', '{"yours":1}']);
  });

  it('drops a viewer whose packet is over the payload limit', async () => {
    const viewer = await connect('tv-big');
    const closed = new Promise<void>((resolve) => viewer.once('close', () => resolve()));
    viewer.publish(Topics.chatPost('ch1', 'tv-big'), 'x'.repeat(4096 + 2048), { qos: 0 });
    await closed;
    expect(viewer.connected).to.equal(false);
  });

  it('writes a password line Mosquitto reads (PBKDF2-SHA512) and an ACL from the protocol topics', () => {
    // The line mosquitto_passwd 2.0.11 wrote for svc / pw with this salt.
    const salt = Buffer.from('eUM1VGP+KHCOUPOY', 'base64');
    expect(mosquittoPasswordLine('svc', 'pw', salt, 101)).to.equal('svc:$7$101$eUM1VGP+KHCOUPOY$rFOVNmutN1pfeuQ4cFZeuy6Qm/WpFWmPYo1yiqG7AAoNJtN3dtTeQS7/M6Fkze/W+PicQbZWZS3W+iG8bEj3tw==');
    expect(() => mosquittoPasswordLine('a:b', 'pw', salt)).to.throw(/may not hold/);
    expect(() => mosquittoPasswordLine('svc', 'pw', Buffer.alloc(16))).to.throw(/12 bytes, not 16/);
    const acl = mosquittoAcl('svc');
    expect(acl).to.contain(`pattern read ${Topics.timeResponse('%c')}`);
    expect(acl).to.contain(`pattern write ${Topics.timeRequest('%c')}`);
    expect(acl.split('\n').filter((l) => l.startsWith('pattern write'))).to.have.length(4);
    expect(acl).to.match(/\nuser svc\ntopic readwrite ss\/v1\/#\n/);
  });

  it('npm run broker:config -- --mosquitto writes files Mosquitto starts with, and a made service password that it admits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ss-broker-config-'));
    const [tcpPort, wsPort] = [await freePort(), await freePort()];
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'broker:config', '--', '--mosquitto', '--out', dir, '--ws-port', String(wsPort), '--run-as', userInfo().username], {
      env: { ...withoutServicePassword(), MQTT_PORT: String(tcpPort) },
    });
    expect(stdout).to.contain(`mosquitto -c ${join(dir, 'mosquitto.conf')}`);
    for (const name of ['mosquitto.conf', 'streamsync.acl', 'passwords', 'service-password']) expect((await stat(join(dir, name))).mode & 0o777, name).to.equal(0o600);
    const password = (await readFile(join(dir, 'service-password'), 'utf8')).trim();
    const made = await runMosquitto(join(dir, 'mosquitto.conf'), { tcpPort, wsPort, dir });
    try {
      const svc = await mqtt.connectAsync(made.tcpUrl, { clientId: 'svc-made', protocolVersion: 5, reconnectPeriod: 0, username: SERVICE_USER, password });
      clients.push(svc);
      const tv = await mqtt.connectAsync(made.wsUrl, { clientId: 'tv-made', protocolVersion: 5, reconnectPeriod: 0 });
      clients.push(tv);
      expect(await publishReason(tv, Topics.time, '{"forged":3}')).to.equal(NOT_AUTHORIZED);
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
      await made.stop();
    }
  });

  it('broker:config refuses bad arguments with a coded line and exit code 2', async () => {
    for (const args of [[], ['--mosquitto', '--ws-port', '99999'], ['--mosquitto', '--nope']]) {
      const err = (await promisify(execFile)('npm', ['run', '-s', 'broker:config', '--', ...args]).then(() => null, (e: Error & { code?: number; stderr?: string }) => e)) as (Error & { code?: number; stderr?: string }) | null;
      expect(err?.code, args.join(' ')).to.equal(2);
      expect(err?.stderr, args.join(' ')).to.match(/^SS_BROKER_CONFIG_USAGE: /);
    }
  });
});
