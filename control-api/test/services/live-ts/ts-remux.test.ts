// The remux manager with a fake ffmpeg and a fake clock: one process per watched channel shared by its
// viewers, stopped when the last leaves, late joiners starting at a PAT, a stalled viewer dropped while
// the others go on, a failing ffmpeg ending every viewer (logged with its code), and shutdown.
import { expect } from 'chai';
import { captureLogger, type CapturedLog } from '../../../src/logging/capture-logger.js';
import { LiveTsErrors } from '../../../src/services/live-ts/errors.js';
import { TS_REMUX_DEFAULTS, TsRemux, type TsRemuxConfig } from '../../../src/services/live-ts/ts-remux.js';
import { TS_PACKET_BYTES } from '../../../src/services/live-ts/ts-packets.js';
import type { TsClient } from '../../../src/services/live-ts/ts-client.js';
import { FakeClock, settle } from '../../fake-time.js';
import { FakeSpawner, chunked, collect, patPacket, tsStream, videoPacket } from './fake-ffmpeg.js';

interface Rig {
  remux: TsRemux;
  spawner: FakeSpawner;
  clock: FakeClock;
  log: CapturedLog;
  inputs: string[];
}

function rig(config: Partial<TsRemuxConfig> = {}, options: { exitOnKill?: boolean } = {}): Rig {
  const spawner = new FakeSpawner({ exitOnKill: options.exitOnKill ?? false });
  const clock = new FakeClock();
  const log = captureLogger('debug');
  const inputs: string[] = [];
  const remux = new TsRemux({
    spawn: spawner.spawn,
    inputs: async (channelId) => {
      inputs.push(channelId);
      return { video: `http://127.0.0.1:9/live/${channelId}/720p.m3u8`, audio: `http://127.0.0.1:9/live/${channelId}/audio.m3u8` };
    },
    timers: clock,
    logger: log.logger,
    config,
  });
  return { remux, spawner, clock, log, inputs };
}

const errorCode = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'resolved',
    (err: unknown) => (err as { code?: string }).code ?? 'no code',
  );

describe('services/live-ts/ts-remux', () => {
  it("runs one ffmpeg per watched channel, shared by all its viewers, copying the channel's playlists", async () => {
    const { remux, spawner, inputs } = rig();
    const a = [remux.open('news'), remux.open('news'), remux.open('news')];
    const other = remux.open('kids');
    await spawner.spawned(2);
    await settle();
    expect(spawner.children).to.have.length(2);
    expect(inputs).to.deep.equal(['news', 'kids']);
    const args = spawner.children[0]?.args ?? [];
    expect(args).to.include.members(['http://127.0.0.1:9/live/news/720p.m3u8', 'http://127.0.0.1:9/live/news/audio.m3u8']);
    expect(args.join(' ')).to.contain('-c copy').and.contain('-f mpegts');
    expect(args.at(-1)).to.equal('pipe:1');

    const got = a.map((viewer) => collect(viewer));
    const bytes = tsStream(3);
    for (const chunk of chunked(bytes, [100, 500, 77])) await spawner.children[0]?.write(chunk);
    for (const g of got) expect(g.bytes().equals(bytes)).to.equal(true);
    await Promise.all(a.map((viewer) => viewer.ready));
    expect(remux.running().map((r) => [r.channelId, r.viewers])).to.deep.equal([['news', 3], ['kids', 1]]);
    other.destroy();
  });

  it('stops the process when the last viewer leaves: SIGTERM, SIGKILL after the grace period', async () => {
    const { remux, spawner, clock } = rig();
    const first = remux.open('news');
    const second = remux.open('news');
    const child = await spawner.spawned(1);
    await child.write(tsStream(1));

    first.destroy();
    await settle();
    expect(child.signals).to.deep.equal([]);
    second.destroy();
    await settle();
    expect(child.signals).to.deep.equal(['SIGTERM']);
    expect(remux.running()).to.deep.equal([]);

    clock.advance(TS_REMUX_DEFAULTS.killGraceMs - 1);
    expect(child.signals).to.deep.equal(['SIGTERM']);
    clock.advance(1);
    expect(child.signals).to.deep.equal(['SIGTERM', 'SIGKILL']);
    await child.exit(null, 'SIGKILL');
    expect(clock.pendingCount).to.equal(0);

    remux.open('news');
    await spawner.spawned(2); // the next viewer starts a new process
  });

  it('an exit after SIGTERM cancels the SIGKILL and is no failure', async () => {
    const { remux, spawner, clock, log } = rig({}, { exitOnKill: true });
    const viewer = remux.open('news');
    const child = await spawner.spawned(1);
    await child.write(tsStream(1));
    viewer.destroy();
    await settle();
    await settle();
    expect(child.signals).to.deep.equal(['SIGTERM']);
    expect(clock.pendingCount).to.equal(0);
    expect(log.at('error')).to.deep.equal([]);
  });

  it('starts a viewer joining a running process at the next packet that opens a PAT', async () => {
    const { remux, spawner } = rig();
    const early = collect(remux.open('news'));
    const child = await spawner.spawned(1);
    const bytes = tsStream(4, 7);
    const chunks = chunked(bytes, [250, 333, 1000]);
    await child.write(chunks[0] ?? Buffer.alloc(0)); // 250 bytes: mid-packet
    const late = remux.open('news');
    const lateGot = collect(late);
    for (const chunk of chunks.slice(1)) await child.write(chunk);

    const groupBytes = 9 * TS_PACKET_BYTES; // PAT, PMT, 7 video packets
    const lateBytes = lateGot.bytes();
    expect(early.bytes().equals(bytes)).to.equal(true);
    expect(lateBytes.length).to.equal(bytes.length - groupBytes); // from the second PAT on
    expect(lateBytes.subarray(0, TS_PACKET_BYTES).equals(patPacket())).to.equal(true);
    expect(lateBytes.equals(bytes.subarray(groupBytes))).to.equal(true);
    await late.ready;
  });

  it('drops a viewer that stops reading, while a fast viewer and ffmpeg go on', async () => {
    const limit = 20 * TS_PACKET_BYTES;
    const { remux, spawner, log } = rig({ maxClientBufferBytes: limit });
    const slow = remux.open('news'); // never read
    const fast = remux.open('news');
    const fastGot = collect(fast);
    const child = await spawner.spawned(1);
    let slowClosed = false;
    slow.once('close', () => (slowClosed = true));

    const sent: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      const chunk = Buffer.concat([patPacket(), videoPacket(i), videoPacket(i + 1)]);
      sent.push(chunk);
      await child.write(chunk);
      // the fast viewer has everything written so far, whatever the slow one does
      expect(fastGot.bytes().length).to.equal(sent.reduce((n, c) => n + c.length, 0));
    }
    expect(slowClosed).to.equal(true);
    expect(fastGot.bytes().equals(Buffer.concat(sent))).to.equal(true);
    expect(child.stdout.isPaused()).to.equal(false);
    expect(child.stdout.readableLength).to.equal(0); // ffmpeg's output is read as it comes
    expect(child.signals).to.deep.equal([]); // the fast viewer still watches
    const dropped = log.at('warn').filter((r) => r.code === 'SS_LIVE_TS_CLIENT_TOO_SLOW');
    expect(dropped).to.have.length(1);
    expect(dropped[0]?.bufferedBytes).to.be.above(limit);
  });

  it('ends every viewer when ffmpeg crashes, logs SS_LIVE_TS_FAILED with stderr, and starts afresh for the next', async () => {
    const { remux, spawner, log } = rig();
    const watching = remux.open('news');
    const got = collect(watching);
    const child = await spawner.spawned(1);
    await child.write(tsStream(1));
    const waiting = remux.open('news'); // joined, no PAT yet
    await child.printError('[hls] Opening segment failed\nhttp://127.0.0.1:9/live/news/v0.m3u8: Server returned 404 Not Found\n');
    await child.exit(1);

    expect(await got.done).to.equal('end'); // the response ends after what was sent
    expect(got.bytes().equals(tsStream(1))).to.equal(true);
    expect(await errorCode(waiting.ready)).to.equal('SS_LIVE_TS_FAILED');
    const failures = log.at('error').filter((r) => r.code === 'SS_LIVE_TS_FAILED');
    expect(failures).to.have.length(1);
    expect(String(failures[0]?.stderrTail)).to.contain('404 Not Found');
    expect(JSON.stringify(failures[0]?.err)).to.contain('code 1');
    expect(remux.running()).to.deep.equal([]);

    remux.open('news');
    await spawner.spawned(2);
  });

  it('fails a viewer with SS_LIVE_TS_FAILED when ffmpeg cannot be started', async () => {
    const { remux, spawner, log } = rig();
    const viewer = remux.open('news');
    await (await spawner.spawned(1)).failToStart();
    const err = await viewer.ready.then(() => null, (e: unknown) => e as { code: string; statusCode: number; message: string });
    expect(err?.code).to.equal('SS_LIVE_TS_FAILED');
    expect(err?.statusCode).to.equal(502);
    expect(err?.message).to.contain('could not be started');
    expect(log.at('error').map((r) => r.code)).to.deep.equal(['SS_LIVE_TS_FAILED']);
  });

  it('fails the viewers when the spawner throws', async () => {
    const log = captureLogger('debug');
    const remux = new TsRemux({
      spawn: () => {
        throw new Error('EAGAIN');
      },
      inputs: async () => ({ video: 'http://127.0.0.1:9/v.m3u8', audio: null }),
      timers: new FakeClock(),
      logger: log.logger,
    });
    const viewer = remux.open('news');
    const err = await viewer.ready.then(() => null, (e: unknown) => e as Error & { code: string });
    expect(err?.code).to.equal('SS_LIVE_TS_FAILED');
    expect(err?.message).to.contain('EAGAIN');
    expect(remux.running()).to.deep.equal([]);
  });

  it("fails the viewers when the channel's HLS cannot be read, keeping a coded cause as it is", async () => {
    const log = captureLogger('debug');
    const spawner = new FakeSpawner();
    const failures: Error[] = [new Error('GET http://127.0.0.1:9/live/news/master.m3u8 answered 404'), new LiveTsErrors.NoInput()];
    const remux = new TsRemux({
      spawn: spawner.spawn,
      inputs: async () => {
        throw failures.shift();
      },
      timers: new FakeClock(),
      logger: log.logger,
    });
    const first = await remux.open('news').ready.then(() => null, (e: unknown) => e as Error & { code: string });
    expect(first?.code).to.equal('SS_LIVE_TS_FAILED');
    expect(first?.message).to.contain('answered 404');
    expect(await errorCode(remux.open('news').ready)).to.equal('SS_LIVE_TS_NO_INPUT');
    expect(spawner.children).to.have.length(0);
    expect(log.at('error').map((r) => r.code)).to.deep.equal(['SS_LIVE_TS_FAILED', 'SS_LIVE_TS_NO_INPUT']);
  });

  it('starts no process when the last viewer leaves while the playlists are read', async () => {
    const spawner = new FakeSpawner();
    let resolveInputs: (inputs: { video: string; audio: string | null }) => void = () => undefined;
    const remux = new TsRemux({
      spawn: spawner.spawn,
      inputs: async () => new Promise((resolve) => (resolveInputs = resolve)),
      timers: new FakeClock(),
      logger: captureLogger('debug').logger,
    });
    const viewer = remux.open('news');
    const closing = remux.close(); // also waits for the session that has no process yet
    viewer.destroy();
    resolveInputs({ video: 'http://127.0.0.1:9/v.m3u8', audio: null });
    await closing;
    expect(spawner.children).to.have.length(0);
  });

  it('stops a process that writes nothing within the start timeout', async () => {
    const { remux, spawner, clock, log } = rig({ startTimeoutMs: 5_000 });
    const viewer = remux.open('news');
    await spawner.spawned(1);
    clock.advance(4_999);
    expect(spawner.last.signals).to.deep.equal([]);
    clock.advance(1);
    expect(spawner.last.signals).to.deep.equal(['SIGTERM']);
    expect(await errorCode(viewer.ready)).to.equal('SS_LIVE_TS_FAILED');
    expect(log.at('warn').map((r) => r.code)).to.deep.equal(['SS_LIVE_TS_START_TIMEOUT']);
  });

  it('does not time out a process that wrote in time', async () => {
    const { remux, spawner, clock } = rig({ startTimeoutMs: 5_000 });
    remux.open('news');
    await (await spawner.spawned(1)).write(tsStream(1));
    clock.advance(60_000);
    expect(spawner.last.signals).to.deep.equal([]);
  });

  it('close() stops every process, ends the viewers, waits for the exits and refuses new viewers', async () => {
    const { remux, spawner } = rig({}, { exitOnKill: true });
    const viewers: TsClient[] = [remux.open('news'), remux.open('kids')];
    await spawner.spawned(2);
    for (const child of spawner.children) await child.write(tsStream(1));
    const ends = viewers.map((v) => collect(v).done);
    await remux.close();
    expect(spawner.children.map((c) => c.signals)).to.deep.equal([['SIGTERM'], ['SIGTERM']]);
    expect(spawner.children.map((c) => c.exitCode === null)).to.deep.equal([true, true]);
    expect(await Promise.all(ends)).to.deep.equal(['end', 'end']);
    expect(() => remux.open('news')).to.throw().with.property('code', 'SS_LIVE_TS_CLOSED');
  });

  it('refuses a configuration with a non-positive limit', () => {
    expect(() => rig({ maxClientBufferBytes: 0 })).to.throw(RangeError, /maxClientBufferBytes/);
  });
});
