// The remux with the real ffmpeg: a short clip packaged by the pipeline's own ladder builder (CMAF
// segments, HLS playlists over them) into a temp folder, its playlists looped twice with an
// EXT-X-DISCONTINUITY between the airings (as the live routes stitch a schedule: every airing restarts
// its asset's timestamps), served by a tiny HTTP server and remuxed to MPEG-TS for two viewers sharing
// one process. ffprobe must read what they got, with audio and video over both airings (regression: with
// the multivariant playlist as ONE ffmpeg input, the audio stopped at the first discontinuity).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { PIPELINE_DEFAULTS } from '#pipeline/defaults.js';
import { ladderArgs } from '#pipeline/ffmpeg/args.js';
import { planLadder } from '#pipeline/ffmpeg/ladder-plan.js';
import { createMediaRunner } from '#pipeline/ffmpeg/runner.js';
import { parseHlsMaster, parseHlsMedia } from '#pipeline/media/manifest.js';
import { probeSource } from '#pipeline/media/probe.js';
import { systemTimers } from '../../../src/broker/timers.js';
import { captureLogger } from '../../../src/logging/capture-logger.js';
import { ffmpegSpawner } from '../../../src/services/live-ts/ffmpeg-spawner.js';
import { httpText, resolveHlsInputs } from '../../../src/services/live-ts/hls-inputs.js';
import { TsRemux, type RemuxSpawner } from '../../../src/services/live-ts/ts-remux.js';
import { collect } from './fake-ffmpeg.js';

const run = promisify(execFile);

const CLIP = {
  seconds: 4, // seconds of test pattern and tone
  airings: 2, // times the clip plays in the looped playlists
  ladder: [{ name: '144p', height: 144, videoKbps: 150, profile: 'main' as const, level: '3.0' }],
  segmentSeconds: 2, // seconds per CMAF segment
};

/**
 * Writes `loop-<name>` beside each playlist of a packaged folder: every media playlist plays its
 * segments `airings` times, each airing after an EXT-X-DISCONTINUITY with its EXT-X-MAP again, and
 * `loop-master.m3u8` names those. Returns the looped master's file name.
 */
async function loopPlaylists(dir: string, airings: number): Promise<string> {
  let master = await readFile(join(dir, 'master.m3u8'), 'utf8');
  const parsed = parseHlsMaster(master);
  for (const uri of [...parsed.variants.map((v) => v.uri), ...parsed.audio.map((a) => a.uri)]) {
    const media = parseHlsMedia(await readFile(join(dir, uri), 'utf8'));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${Math.ceil(media.targetDuration)}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
    for (let airing = 0; airing < airings; airing++) {
      if (airing > 0) lines.push('#EXT-X-DISCONTINUITY');
      if (media.map) lines.push(`#EXT-X-MAP:URI="${media.map}"`);
      for (const segment of media.segments) lines.push(`#EXTINF:${segment.durationSec.toFixed(6)},`, segment.uri);
    }
    lines.push('#EXT-X-ENDLIST', '');
    await writeFile(join(dir, `loop-${uri}`), lines.join('\n'));
    master = master.replaceAll(uri, `loop-${uri}`);
  }
  await writeFile(join(dir, 'loop-master.m3u8'), master);
  return 'loop-master.m3u8';
}

/** Serves a folder read-only over HTTP on 127.0.0.1 (any free port). */
async function serveFolder(root: string): Promise<{ server: Server; base: string }> {
  const types: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.m4s': 'video/iso.segment', '.mpd': 'application/dash+xml' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    if (path.startsWith('..')) return void res.writeHead(403).end();
    const file = join(root, path);
    stat(file).then(
      (s) => {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': s.size });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('services/live-ts/ts-remux with the real ffmpeg', function () {
  this.timeout(120_000);
  let dir: string;
  let served: { server: Server; base: string } | null = null;
  let masterPath = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-live-ts-'));
    const runner = createMediaRunner();
    const source = join(dir, 'clip.mp4');
    await runner.ffmpeg([
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
      '-f', 'lavfi', '-i', `testsrc2=size=256x144:rate=25:duration=${CLIP.seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:duration=${CLIP.seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', source,
    ]);
    const limits = { maxDurationSeconds: 3600, maxWidth: 3840, maxHeight: 2160, maxBytes: 2_000_000_000 };
    const info = await probeSource(runner, source, { sizeBytes: (await stat(source)).size, limits });
    const plan = planLadder(info.video, { ladder: CLIP.ladder, maxFps: 30, segmentSeconds: CLIP.segmentSeconds });
    const out = join(dir, 'media', 'clip');
    await mkdir(out, { recursive: true });
    await runner.ffmpeg(
      ladderArgs({
        input: source,
        outDir: out,
        plan,
        audio: { kind: 'source', measured: null },
        loudness: { integratedLufs: -23, truePeakDbtp: PIPELINE_DEFAULTS.truePeakDbtp, rangeLu: PIPELINE_DEFAULTS.loudnessRangeLu },
        audioKbps: 64,
        preset: 'ultrafast',
        posterAtSec: 1,
        threads: 1,
      }),
    );
    masterPath = `/clip/${await loopPlaylists(out, CLIP.airings)}`;
    served = await serveFolder(join(dir, 'media'));
  });

  after(async () => {
    if (served) await new Promise((resolve) => served?.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('copies the HLS, across a discontinuity, into one MPEG-TS for two viewers of one ffmpeg; ffprobe reads it', async () => {
    const base = served?.base ?? '';
    const spawned: string[][] = [];
    const real = ffmpegSpawner();
    const spawn: RemuxSpawner = (args) => {
      spawned.push(args);
      return real(args);
    };
    const log = captureLogger('debug');
    const remux = new TsRemux({
      spawn,
      inputs: async () => resolveHlsInputs(`${base}${masterPath}`, httpText({ timeoutMs: 10_000 })),
      timers: systemTimers({ keepAlive: false }),
      logger: log.logger,
    });
    try {
      const viewers = [remux.open('clip'), remux.open('clip')];
      const got = viewers.map((v) => collect(v));
      expect(await Promise.all(got.map((g) => g.done))).to.deep.equal(['end', 'end']); // the VOD input ends
      expect(spawned).to.have.length(1);
      expect(log.at('error'), JSON.stringify(log.at('error'))).to.deep.equal([]);

      const [first, second] = got.map((g) => g.bytes());
      expect(first?.length).to.be.above(10_000);
      expect(first?.equals(second ?? Buffer.alloc(0))).to.equal(true);
      expect((first?.length ?? 0) % 188).to.equal(0);
      const file = join(dir, 'out.ts');
      await writeFile(file, first ?? Buffer.alloc(0));
      const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_packets', file]);
      const probe = JSON.parse(stdout) as {
        format: { format_name: string; duration: string };
        streams: Array<{ index: number; codec_type: string; codec_name: string; height?: number }>;
        packets: Array<{ stream_index: number; pts_time: string; duration_time?: string }>;
      };
      expect(probe.format.format_name).to.equal('mpegts');
      expect(probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).to.deep.equal(['audio:aac', 'video:h264']);
      expect(probe.streams.find((s) => s.codec_type === 'video')?.height).to.equal(144); // copied, not scaled
      const total = CLIP.seconds * CLIP.airings;
      expect(Number(probe.format.duration)).to.be.within(total - 0.5, total + 0.5);
      // both tracks play through both airings: no track stops at the discontinuity, none leaves a hole
      for (const type of ['video', 'audio']) {
        const index = probe.streams.find((s) => s.codec_type === type)?.index;
        const times = probe.packets.filter((p) => p.stream_index === index).map((p) => Number(p.pts_time)).sort((a, b) => a - b);
        const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
        const widestGap = Math.max(...times.slice(1).map((t, i) => t - (times[i] ?? t)));
        expect(span, `${type} span`).to.be.within(total - 0.5, total + 0.1);
        expect(widestGap, `${type} widest gap`).to.be.below(0.1);
      }
    } finally {
      await remux.close();
    }
  });
});
