// GET /live/:channelId.ts over real HTTP with a fake ffmpeg: 404 for unknown and disabled channels,
// bytes as ffmpeg writes them, the process stopped when the client goes, a coded 502 when ffmpeg cannot
// start (and the server goes on serving), ffmpeg reading the API's own HLS master at its listening
// address, and the app closing with a stream open. Clients are node:http requests without an agent
// (one connection each, destroyed to leave), so no pooled connection outlives a test.
import { expect } from 'chai';
import { once } from 'node:events';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { listen } from '../../../src/server.js';
import { startHarness, type Harness } from '../../app/harness.js';
import { FakeSpawner, collect, tsStream } from '../../services/live-ts/fake-ffmpeg.js';

interface Client {
  /** Resolves with the response head (status, headers). */
  response: Promise<IncomingMessage>;
  /** The client leaves: its connection is destroyed. */
  leave(): void;
}

function open(url: string): Client {
  const request = httpGet(url, { agent: false });
  request.on('error', () => undefined); // leaving destroys the socket: not a test failure
  const response = once(request, 'response').then(([res]) => res as IncomingMessage);
  return { response, leave: () => request.destroy() };
}

async function bodyOf(res: IncomingMessage): Promise<Buffer> {
  const got = collect(res);
  await got.done;
  return got.bytes();
}

/** What the live routes answer at /live/{id}/master.m3u8 (served here by the fake fetch: those routes are not under test). */
const MASTER = '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",URI="audio.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=528000,AUDIO="audio"\n240p.m3u8\n';

describe('routes/live-ts', () => {
  let h: Harness;
  let spawner: FakeSpawner;
  let fetched: string[];
  let base: string;
  let closed = false;
  beforeEach(async () => {
    spawner = new FakeSpawner({ exitOnKill: true });
    fetched = [];
    const fetchText = async (url: string) => {
      fetched.push(url);
      return MASTER;
    };
    h = await startHarness({ liveTs: { spawn: spawner.spawn, fetchText } }); // the default input URL: this server's own
    ({ baseUrl: base } = await listen(h.app, { host: '127.0.0.1', port: 0 }));
    closed = false;
    await h.createChannel({ id: 'news', number: 1, name: 'News' });
    await h.createChannel({ id: 'off', number: 2, name: 'Off', enabled: false });
  });
  afterEach(async () => {
    if (!closed) await h.close();
  });

  it('answers a coded 404 for an unknown (SS_CHANNEL_NOT_FOUND) or disabled (SS_CHANNEL_DISABLED) channel, starting no ffmpeg', async () => {
    for (const [id, code] of [['nope', 'SS_CHANNEL_NOT_FOUND'], ['off', 'SS_CHANNEL_DISABLED']]) {
      const res = await open(`${base}/live/${id}.ts`).response;
      expect([res.statusCode, (JSON.parse((await bodyOf(res)).toString()) as { code: string }).code], id).to.deep.equal([404, code]);
    }
    expect(spawner.children).to.have.length(0);
  });

  it("streams what ffmpeg writes as video/mp2t, ffmpeg reading the API's own HLS master; the client leaving stops it", async () => {
    const client = open(`${base}/live/news.ts`);
    const child = await spawner.spawned(1);
    const port = new URL(base).port;
    expect(fetched).to.deep.equal([`http://127.0.0.1:${port}/live/news/master.m3u8`]);
    expect(child.args).to.include.members([`http://127.0.0.1:${port}/live/news/240p.m3u8`, `http://127.0.0.1:${port}/live/news/audio.m3u8`]);
    const bytes = tsStream(2);
    await child.write(bytes);
    const res = await client.response;
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('video/mp2t');
    expect(res.headers['cache-control']).to.equal('no-store');
    const got = collect(res);
    while (got.bytes().length < bytes.length) await once(res, 'data');
    expect(got.bytes().equals(bytes)).to.equal(true);

    const killed = child.nextKill();
    client.leave();
    expect(await killed).to.equal('SIGTERM');
  });

  it('shares one ffmpeg between two clients of a channel; the second starts at a PAT', async () => {
    const first = open(`${base}/live/news.ts`);
    const child = await spawner.spawned(1);
    await child.write(tsStream(1));
    expect((await first.response).statusCode).to.equal(200);
    let answered = false;
    const second = open(`${base}/live/news.ts`);
    void second.response.then(() => (answered = true));
    // ffmpeg goes on writing (a PAT opens every group): the second client starts at one of them
    while (!answered) await child.write(tsStream(1));
    const res = await second.response;
    expect(res.statusCode).to.equal(200);
    expect(spawner.children).to.have.length(1);
    const [head] = (await once(res, 'data')) as [Buffer];
    expect(head.subarray(0, 188).equals(tsStream(1).subarray(0, 188))).to.equal(true); // a PAT packet
    first.leave();
    second.leave();
  });

  it('answers 502 SS_LIVE_TS_FAILED when ffmpeg cannot start, and goes on serving', async () => {
    const client = open(`${base}/live/news.ts`);
    const child = await spawner.spawned(1);
    await child.failToStart();
    const res = await client.response;
    expect(res.statusCode).to.equal(502);
    expect((JSON.parse((await bodyOf(res)).toString()) as { code: string }).code).to.equal('SS_LIVE_TS_FAILED');
    expect((await h.inject({ url: '/v1/channels' })).statusCode).to.equal(200);
    const again = open(`${base}/live/news.ts`); // the next viewer starts a new ffmpeg
    const next = await spawner.spawned(2);
    await next.write(tsStream(1));
    expect((await again.response).statusCode).to.equal(200);
    again.leave();
  });

  it('ends the response when ffmpeg exits mid-stream', async () => {
    const client = open(`${base}/live/news.ts`);
    const child = await spawner.spawned(1);
    await child.write(tsStream(1));
    const res = await client.response;
    const body = bodyOf(res);
    await child.exit(1);
    expect((await body).equals(tsStream(1))).to.equal(true); // resolved: the response ended
  });

  it('closes the app with a stream open: the response ends and ffmpeg is stopped', async () => {
    const client = open(`${base}/live/news.ts`);
    const child = await spawner.spawned(1);
    await child.write(tsStream(1));
    const body = bodyOf(await client.response);
    closed = true;
    await h.close();
    expect(child.signals).to.deep.equal(['SIGTERM']);
    expect((await body).equals(tsStream(1))).to.equal(true);
  });
});
