import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { readdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { MEDIA_DEFAULTS } from '../../../src/routes/media/index.js';
import type { LineupStore } from '../../../src/contracts/lineup-store.js';
import {
  ASSET,
  ASSET_FILES,
  SECRET,
  SEGMENT_BYTES,
  buildMediaApp,
  makeMediaLibrary,
  patternBytes,
  type MediaLibrary,
} from './fixtures.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SEGMENT = `/media/${ASSET}/seg-0-00001.m4s`;
const segmentBytes = patternBytes(SEGMENT_BYTES);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/** A real HTTP request with the path sent exactly as given (no client-side normalization). */
function rawHttp(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes a request line byte for byte on a socket (for paths an HTTP client refuses to send). */
function rawSocket(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

// Malformed percent-encoding is refused by Fastify's router before any route runs; the app's
// `frameworkErrors` handler answers it as SS_BAD_URL.
const MALFORMED_URL_CODE = /^SS_BAD_URL$/;

function expectJsonError(answer: Answer, statuses: number[], codePattern: RegExp = /^SS_[A-Z_]+$/): void {
  expect(statuses, `status ${answer.status}: ${answer.body.toString()}`).to.include(answer.status);
  expect(String(answer.headers['content-type'])).to.match(/^application\/json/);
  const body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
  expect(body.statusCode).to.equal(answer.status);
  expect(body.code).to.be.a('string').and.match(codePattern);
  expect(body.message).to.be.a('string');
  expect(answer.body.toString('latin1')).to.not.include(SECRET);
}

async function inject(app: FastifyInstance, url: string, options: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await app.inject({ method: options.method ?? 'GET', url, headers: options.headers });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

// Paths that must never reach a file outside content/media/ (or a hidden one inside it).
const TRAVERSAL: string[] = [
  '/media/../secret.txt',
  '/media/../../outside/secret.m4s',
  '/media/%2e%2e/secret.txt',
  '/media/%2E%2E/secret.txt',
  '/media/.%2e/secret.txt',
  '/media/%2e./secret.txt',
  '/media/..%2fsecret.txt',
  '/media/..%2Fsecret.txt',
  '/media/%2e%2e%2fsecret.txt',
  '/media/%2e%2e%2f%2e%2e%2foutside%2fsecret.m4s',
  '/media/%252e%252e/secret.txt',
  '/media/%252e%252e%252fsecret.txt',
  '/media/%25252e%25252e/secret.txt',
  '/media/..%5csecret.txt',
  '/media/..%5Csecret.txt',
  '/media/..\\secret.txt',
  '/media/%5c..%5csecret.txt',
  `/media/${ASSET}/..\\..\\secret.txt`,
  `/media/${ASSET}/../../secret.txt`,
  `/media/${ASSET}/%2e%2e/%2e%2e/secret.txt`,
  `/media/${ASSET}/..%2f..%2fsecret.txt`,
  `/media/${ASSET}/init-0.m4s/../../secret.txt`,
  `/media/${ASSET}/poster.jpg/..`,
  `/media/${ASSET}%2fposter.jpg`,
  '/media//etc/passwd',
  '/media/%2fetc%2fpasswd',
  '/media/%2Fetc/passwd',
  `/media/${ASSET}/init-0.m4s%00.txt`,
  `/media/${ASSET}/init-0.m4s%00`,
  '/media/%00../secret.txt',
  '/media/.staging/seg.m4s',
  '/media/../.staging/seg.m4s',
  '/media/%2e%2e/.staging/seg.m4s',
  '/media/../inbox/source.mp4',
  '/media/%2e%2e/inbox/source.mp4',
  '/media/.publishing-x/seg.m4s',
  `/media/${ASSET}/escape.m4s`,
  `/media/${ASSET}/relative-escape.m4s`,
  `/media/${ASSET}/to-content.txt`,
  '/media/linked-dir/secret.m4s',
  '/media/linked-dir/',
  `/media/${ASSET}/`,
  `/media/${ASSET}`,
  `/media/${ASSET}/sub`,
  `/media/${ASSET}/sub/`,
  '/media/',
  `/media/${ASSET}/missing.m4s`,
  `/media/${ASSET}/poster.jpg/`,
  `/media/${'a/'.repeat(40)}x.m4s`,
  `/media/${'x'.repeat(5000)}.m4s`,
];

// Not valid percent-encoding at all (overlong UTF-8, %u, bare %): 400, whoever answers.
const MALFORMED: string[] = [
  '/media/%c0%ae%c0%ae/secret.txt',
  '/media/%c0%af',
  '/media/%e0%80%ae%e0%80%ae/secret.txt',
  '/media/%uff0e%uff0e/secret.txt',
  '/media/%',
  '/media/%zz',
  `/media/${ASSET}/%ff.m4s`,
];

// Dot segments an HTTP client would normalize away (inject does too): only meaningful on a real socket.
const DOT_SEGMENTS: string[] = [`/media/./${ASSET}/poster.jpg`, `/media/${ASSET}/./poster.jpg`, `/media/${ASSET}/.`];

describe('routes/media (media origin)', () => {
  let library: MediaLibrary;
  let app: FastifyInstance;
  let store: LineupStore | undefined;
  let port = 0;

  before(async () => {
    library = await makeMediaLibrary();
    ({ app, store } = await buildMediaApp(library));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await library?.cleanup();
  });

  describe('media types, caching and CORS', () => {
    for (const [name, [type, content]] of Object.entries(ASSET_FILES)) {
      it(`serves ${name} as ${type} with immutable caching`, async () => {
        const res = await inject(app, `/media/${ASSET}/${name}`);
        expect(res.status).to.equal(200);
        expect(res.headers['content-type']).to.equal(type);
        expect(res.headers['content-length']).to.equal(String(content.length));
        expect(res.body.equals(content)).to.equal(true);
        expect(res.headers['cache-control']).to.equal(IMMUTABLE);
        expect(res.headers['access-control-allow-origin']).to.equal('*');
        expect(res.headers['accept-ranges']).to.equal('bytes');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(res.headers.etag).to.match(/^"[0-9a-f]+-[0-9a-f]+"$/);
        expect(Date.parse(String(res.headers['last-modified']))).to.not.be.NaN;
      });
    }

    it('gives files directly in media/ (not content-addressed) only short caching', async () => {
      const res = await inject(app, '/media/loose.json');
      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal(MEDIA_DEFAULTS.looseCacheControl);
      expect(res.headers['cache-control']).to.not.match(/immutable/);
    });

    it('ignores the query string', async () => {
      const res = await inject(app, `/media/${ASSET}/poster.jpg?v=1&x=../../secret.txt`);
      expect(res.status).to.equal(200);
      expect(res.body.equals(ASSET_FILES['poster.jpg']?.[1] ?? Buffer.alloc(0))).to.equal(true);
    });

    it('refuses a symlink into a hidden folder inside media/ (a publish in progress)', async () => {
      await symlink('../.publishing-x/seg.m4s', join(library.contentDir, 'media', ASSET, 'to-publishing.m4s'));
      expectJsonError(await inject(app, `/media/${ASSET}/to-publishing.m4s`), [404]);
    });

    it('serves a symlink whose target stays inside media/', async () => {
      const res = await inject(app, `/media/${ASSET}/alias.m4s`);
      expect(res.status).to.equal(200);
      expect(res.body.equals(patternBytes(800))).to.equal(true);
    });

    it('answers a CORS preflight', async () => {
      const res = await app.inject({ method: 'OPTIONS', url: SEGMENT, headers: { origin: 'http://tv.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' } });
      expect(res.statusCode).to.equal(204);
      expect(res.headers['access-control-allow-origin']).to.equal('*');
      expect(String(res.headers['access-control-allow-headers'])).to.match(/Range/);
      expect(String(res.headers['access-control-allow-methods'])).to.match(/GET/);
    });

    it('errors carry CORS and are never cached', async () => {
      const res = await inject(app, `/media/${ASSET}/missing.m4s`);
      expectJsonError(res, [404]);
      expect(JSON.parse(res.body.toString())).to.deep.equal({ statusCode: 404, code: 'SS_MEDIA_NOT_FOUND', message: 'Media file not found' });
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['access-control-allow-origin']).to.equal('*');
    });
  });

  describe('HEAD', () => {
    it('answers headers without a body (inject)', async () => {
      const res = await inject(app, SEGMENT, { method: 'HEAD' });
      expect(res.status).to.equal(200);
      expect(res.headers['content-length']).to.equal(String(SEGMENT_BYTES));
      expect(res.headers['content-type']).to.equal('video/iso.segment');
      expect(res.headers['cache-control']).to.equal(IMMUTABLE);
      expect(res.body.length).to.equal(0);
    });

    it('answers headers without a body (real HTTP), ranges included', async () => {
      const full = await rawHttp(port, SEGMENT, { method: 'HEAD' });
      expect(full.status).to.equal(200);
      expect(full.headers['content-length']).to.equal(String(SEGMENT_BYTES));
      expect(full.body.length).to.equal(0);
      const part = await rawHttp(port, SEGMENT, { method: 'HEAD', headers: { range: 'bytes=10-19' } });
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes 10-19/${SEGMENT_BYTES}`);
      expect(part.headers['content-length']).to.equal('10');
      const missing = await rawHttp(port, `/media/${ASSET}/nope.m4s`, { method: 'HEAD' });
      expect(missing.status).to.equal(404);
    });
  });

  describe('Range', () => {
    const N = SEGMENT_BYTES;
    const partial: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      ['bytes=0-0', 0, 0],
      ['bytes=-500', N - 500, N - 1],
      ['bytes=-1', N - 1, N - 1],
      [`bytes=-${N * 10}`, 0, N - 1],
      [`bytes=${N - 100}-`, N - 100, N - 1],
      ['bytes=0-', 0, N - 1],
      [`bytes=${N - 10}-${N * 100}`, N - 10, N - 1],
      [`bytes=100-${'9'.repeat(40)}`, 100, N - 1],
      ['bytes=1000-1999', 1000, 1999],
      [' bytes=5-9 ', 5, 9],
    ];
    for (const [range, start, end] of partial) {
      it(`${JSON.stringify(range)} -> 206 bytes ${start}-${end}`, async () => {
        const res = await inject(app, SEGMENT, { headers: { range } });
        expect(res.status).to.equal(206);
        expect(res.headers['content-range']).to.equal(`bytes ${start}-${end}/${N}`);
        expect(res.headers['content-length']).to.equal(String(end - start + 1));
        expect(res.body.equals(segmentBytes.subarray(start, end + 1))).to.equal(true);
        expect(res.headers['cache-control']).to.equal(IMMUTABLE);
      });
    }

    const unsatisfiable = [`bytes=${N}-`, `bytes=${N}-${N + 10}`, 'bytes=99999-100000', 'bytes=-0', `bytes=${'9'.repeat(40)}-`];
    for (const range of unsatisfiable) {
      it(`${JSON.stringify(range)} -> 416 with Content-Range bytes */size`, async () => {
        const res = await inject(app, SEGMENT, { headers: { range } });
        expectJsonError(res, [416]);
        expect(JSON.parse(res.body.toString()).code).to.equal('SS_RANGE_NOT_SATISFIABLE');
        expect(res.headers['content-range']).to.equal(`bytes */${N}`);
        expect(res.headers['cache-control']).to.equal('no-store');
      });
    }

    it('any range of an empty file is unsatisfiable; the whole empty file is fine', async () => {
      const ranged = await inject(app, `/media/${ASSET}/empty.m4s`, { headers: { range: 'bytes=0-' } });
      expect(ranged.status).to.equal(416);
      expect(ranged.headers['content-range']).to.equal('bytes */0');
      const whole = await inject(app, `/media/${ASSET}/empty.m4s`);
      expect(whole.status).to.equal(200);
      expect(whole.headers['content-length']).to.equal('0');
    });

    const ignored = ['bytes=abc', 'items=0-1', 'bytes=5-2', 'bytes=0-1,5-6', 'bytes=', 'bytes=-', 'bytes=1.5-2', 'bytes=0x10-', '=0-1'];
    for (const range of ignored) {
      it(`ignores the invalid Range ${JSON.stringify(range)} and sends the whole file`, async () => {
        const res = await inject(app, SEGMENT, { headers: { range } });
        expect(res.status).to.equal(200);
        expect(res.headers['content-range']).to.equal(undefined);
        expect(res.body.equals(segmentBytes)).to.equal(true);
      });
    }

    it('serves ranges over real HTTP', async () => {
      const first = await rawHttp(port, SEGMENT, { headers: { range: 'bytes=0-1023' } });
      expect(first.status).to.equal(206);
      expect(first.body.equals(segmentBytes.subarray(0, 1024))).to.equal(true);
      const suffix = await rawHttp(port, SEGMENT, { headers: { range: 'bytes=-256' } });
      expect(suffix.status).to.equal(206);
      expect(suffix.body.equals(segmentBytes.subarray(N - 256))).to.equal(true);
      const open = await rawHttp(port, SEGMENT, { headers: { range: 'bytes=4096-' } });
      expect(open.status).to.equal(206);
      expect(open.headers['content-range']).to.equal(`bytes 4096-${N - 1}/${N}`);
      expect(open.body.equals(segmentBytes.subarray(4096))).to.equal(true);
      const bad = await rawHttp(port, SEGMENT, { headers: { range: `bytes=${N}-` } });
      expectJsonError(bad, [416]);
    });

    it('If-Range with the current ETag keeps the range; a stale one sends the whole file', async () => {
      const etag = String((await inject(app, SEGMENT)).headers.etag);
      const kept = await inject(app, SEGMENT, { headers: { range: 'bytes=0-9', 'if-range': etag } });
      expect(kept.status).to.equal(206);
      const stale = await inject(app, SEGMENT, { headers: { range: 'bytes=0-9', 'if-range': '"stale-1"' } });
      expect(stale.status).to.equal(200);
      expect(stale.body.length).to.equal(N);
      const weak = await inject(app, SEGMENT, { headers: { range: 'bytes=0-9', 'if-range': `W/${etag}` } });
      expect(weak.status).to.equal(200);
    });
  });

  describe('ETag and conditional requests', () => {
    it('answers 304 without a body to a matching If-None-Match, keeping validators and caching', async () => {
      const first = await inject(app, SEGMENT);
      const etag = String(first.headers.etag);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
        const res = await inject(app, SEGMENT, { headers: { 'if-none-match': ifNoneMatch } });
        expect(res.status, ifNoneMatch).to.equal(304);
        expect(res.body.length).to.equal(0);
        expect(res.headers.etag).to.equal(etag);
        expect(res.headers['cache-control']).to.equal(IMMUTABLE);
        expect(res.headers['access-control-allow-origin']).to.equal('*');
      }
      const other = await inject(app, SEGMENT, { headers: { 'if-none-match': '"something-else"' } });
      expect(other.status).to.equal(200);
      expect(other.body.equals(segmentBytes)).to.equal(true);
    });

    it('answers 304 over real HTTP', async () => {
      const first = await rawHttp(port, SEGMENT);
      const res = await rawHttp(port, SEGMENT, { headers: { 'if-none-match': String(first.headers.etag) } });
      expect(res.status).to.equal(304);
      expect(res.body.length).to.equal(0);
    });

    it('honours If-Modified-Since when there is no If-None-Match', async () => {
      const later = new Date(Date.now() + 3600_000).toUTCString();
      const earlier = new Date(0).toUTCString();
      expect((await inject(app, SEGMENT, { headers: { 'if-modified-since': later } })).status).to.equal(304);
      expect((await inject(app, SEGMENT, { headers: { 'if-modified-since': earlier } })).status).to.equal(200);
      expect((await inject(app, SEGMENT, { headers: { 'if-modified-since': 'not a date' } })).status).to.equal(200);
      const mismatch = await inject(app, SEGMENT, { headers: { 'if-none-match': '"x"', 'if-modified-since': later } });
      expect(mismatch.status).to.equal(200);
    });

    it('compares If-Modified-Since at one-second resolution (Last-Modified has no milliseconds)', async () => {
      const path = join(library.contentDir, 'media', ASSET, 'subsecond.json');
      await writeFile(path, '{}');
      const mtime = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 700));
      await utimes(path, mtime, mtime);
      const url = `/media/${ASSET}/subsecond.json`;
      const sameSecond = new Date(Date.UTC(2026, 0, 1)).toUTCString();
      const secondBefore = new Date(Date.UTC(2025, 11, 31, 23, 59, 59)).toUTCString();
      expect((await inject(app, url)).headers['last-modified']).to.equal(sameSecond);
      expect((await inject(app, url, { headers: { 'if-modified-since': sameSecond } })).status).to.equal(304);
      expect((await inject(app, url, { headers: { 'if-modified-since': secondBefore } })).status).to.equal(200);
    });

    it('If-Range with a date keeps the range only for the exact Last-Modified', async () => {
      const lastModified = String((await inject(app, SEGMENT)).headers['last-modified']);
      const kept = await inject(app, SEGMENT, { headers: { range: 'bytes=0-9', 'if-range': lastModified } });
      expect(kept.status).to.equal(206);
      expect(kept.body.equals(segmentBytes.subarray(0, 10))).to.equal(true);
      const later = new Date(Date.parse(lastModified) + 3600_000).toUTCString();
      const stale = await inject(app, SEGMENT, { headers: { range: 'bytes=0-9', 'if-range': later } });
      expect(stale.status).to.equal(200);
      expect(stale.body.length).to.equal(SEGMENT_BYTES);
    });

    it('answers a failed If-Match or If-Unmodified-Since with a coded 412, never cached', async () => {
      for (const headers of [{ 'if-match': '"other"' }, { 'if-unmodified-since': new Date(0).toUTCString() }] as Array<Record<string, string>>) {
        const res = await inject(app, SEGMENT, { headers });
        expectJsonError(res, [412]);
        expect(JSON.parse(res.body.toString()).code).to.equal('SS_PRECONDITION_FAILED');
        expect(res.headers['cache-control']).to.equal('no-store');
        expect(res.headers['access-control-allow-origin']).to.equal('*');
      }
      const etag = String((await inject(app, SEGMENT)).headers.etag);
      expect((await inject(app, SEGMENT, { headers: { 'if-match': etag } })).status).to.equal(200);
    });

    it('changes the ETag when a file changes', async () => {
      const path = join(library.contentDir, 'media', ASSET, 'rewritten.json');
      await writeFile(path, '{"v":1}');
      await utimes(path, new Date(1_700_000_000_000), new Date(1_700_000_000_000));
      const before = String((await inject(app, `/media/${ASSET}/rewritten.json`)).headers.etag);
      await writeFile(path, '{"v":22}');
      await utimes(path, new Date(1_700_000_100_000), new Date(1_700_000_100_000));
      const res = await inject(app, `/media/${ASSET}/rewritten.json`, { headers: { 'if-none-match': before } });
      expect(res.status).to.equal(200);
      expect(res.headers.etag).to.not.equal(before);
      expect(res.body.toString()).to.equal('{"v":22}');
    });
  });

  describe('no path outside content/media/ (inject)', () => {
    for (const path of TRAVERSAL) {
      it(`refuses ${path.length > 80 ? `${path.slice(0, 60)}... (${path.length} chars)` : path}`, async () => {
        const res = await inject(app, path);
        expectJsonError(res, [400, 404]);
      });
    }
    for (const path of MALFORMED) {
      it(`refuses the malformed ${path} with 400`, async () => {
        expectJsonError(await inject(app, path), [400], MALFORMED_URL_CODE);
      });
    }
  });

  describe('no path outside content/media/ (real HTTP)', () => {
    for (const path of TRAVERSAL) {
      it(`refuses ${path.length > 80 ? `${path.slice(0, 60)}... (${path.length} chars)` : path}`, async () => {
        const res = await rawHttp(port, path);
        expectJsonError(res, [400, 404]);
      });
    }
    for (const path of MALFORMED) {
      it(`refuses the malformed ${path} with 400`, async () => {
        expectJsonError(await rawHttp(port, path), [400], MALFORMED_URL_CODE);
      });
    }
    for (const path of DOT_SEGMENTS) {
      it(`refuses the dot segment in ${path} with 400`, async () => {
        const res = await rawHttp(port, path);
        expectJsonError(res, [400]);
        expect(JSON.parse(res.body.toString()).code).to.equal('SS_MEDIA_BAD_PATH');
      });
    }

    for (const path of ['/media/a\u0000/../../secret.txt', '/media/../secret.txt\u0000', '/media/ ../secret.txt', '/media/\u00ff/../../secret.txt']) {
      it(`refuses the raw request line ${JSON.stringify(path)} without a 500`, async () => {
        const text = await rawSocket(port, path);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
        expect([400, 404]).to.include(status);
        expect(text).to.not.include(SECRET);
      });
    }
  });

  describe('robustness', () => {
    it('never answers 500 and never leaks a secret for random path soup', async () => {
      const alphabet = ['/', '.', '..', '%2e', '%2f', '%5c', '\\', '%00', '%25', '%', 'secret.txt', ASSET, 'outside', '.staging', 'media', '%c0%ae', 'a', '~', ';', ':'];
      let seed = 12345;
      const next = () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed;
      };
      for (let i = 0; i < 300; i++) {
        const parts = Array.from({ length: 1 + (next() % 8) }, () => alphabet[next() % alphabet.length]);
        const path = `/media/${parts.join('')}`;
        const res = await inject(app, path);
        expect(res.status, path).to.not.equal(500);
        expect(res.body.toString('latin1'), path).to.not.include(SECRET);
        if (res.status >= 400) expectJsonError(res, [400, 404]);
      }
    });

    it('closes the file when a client goes away mid-download', async () => {
      const big = join(library.contentDir, 'media', ASSET, 'big.mp4');
      await writeFile(big, Buffer.alloc(8 * 1024 * 1024, 1));
      const openFds = async () => (await readdir('/proc/self/fd')).length;
      const baseline = await openFds();
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: `/media/${ASSET}/big.mp4`, agent: false }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve() : reject(err)));
        req.end();
      });
      const deadline = Date.now() + 3000;
      while ((await openFds()) > baseline && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await openFds()).to.be.at.most(baseline);
    });

    it('serves many concurrent range requests correctly over real HTTP', async () => {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => rawHttp(port, SEGMENT, { headers: { range: `bytes=${i * 100}-${i * 100 + 99}` } })),
      );
      answers.forEach((res, i) => {
        expect(res.status).to.equal(206);
        expect(res.body.equals(segmentBytes.subarray(i * 100, i * 100 + 100))).to.equal(true);
      });
    });
  });
});
