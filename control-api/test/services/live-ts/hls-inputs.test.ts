import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpText, resolveHlsInputs } from '../../../src/services/live-ts/hls-inputs.js';

const MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=528000,RESOLUTION=426x240,CODECS="avc1.42c01e,mp4a.40.2",AUDIO="audio"',
  '240p.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=3128000,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="audio"',
  '720p.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=1128000,RESOLUTION=854x480,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="audio"',
  '/elsewhere/480p.m3u8',
  '',
].join('\n');

describe('services/live-ts/hls-inputs', () => {
  it('picks the variant of the highest bandwidth and the audio rendition, made absolute against the master', async () => {
    const asked: string[] = [];
    const inputs = await resolveHlsInputs('http://127.0.0.1:8080/live/news/master.m3u8', async (url) => {
      asked.push(url);
      return MASTER;
    });
    expect(asked).to.deep.equal(['http://127.0.0.1:8080/live/news/master.m3u8']);
    expect(inputs).to.deep.equal({ video: 'http://127.0.0.1:8080/live/news/720p.m3u8', audio: 'http://127.0.0.1:8080/live/news/audio.m3u8' });
  });

  it('reads muxed variants as one input, and refuses a master without variants', async () => {
    const muxed = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv.m3u8\n';
    expect(await resolveHlsInputs('http://h/live/a/master.m3u8', async () => muxed)).to.deep.equal({ video: 'http://h/live/a/v.m3u8', audio: null });
    let refused: unknown = null;
    await resolveHlsInputs('http://h/m.m3u8', async () => '#EXTM3U\n').catch((err: unknown) => (refused = err));
    expect(String(refused)).to.contain('no variant');
  });

  it('fetches over HTTP and rejects a non-2xx answer', async () => {
    const server = createServer((req, res) => (req.url === '/ok' ? res.end(MASTER) : res.writeHead(404).end('nope')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const get = httpText({ timeoutMs: 5_000 });
      expect(await get(`${base}/ok`)).to.equal(MASTER);
      let refused: unknown = null;
      await get(`${base}/missing`).catch((err: unknown) => (refused = err));
      expect(String(refused)).to.contain('answered 404');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
