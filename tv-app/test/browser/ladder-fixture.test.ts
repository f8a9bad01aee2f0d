// The browser tests' fixtures go through the pipeline: the source's arguments, a tiny ladder packaged under the
// content layout's names with the asset document read off it, and the URL patterns tests route by.
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSET_FILES, assetFileUrl, fillSegmentTemplate, mediaSegmentName } from '#core/content-layout.js';
import { createMediaRunner, mediaToolPaths } from '#pipeline/ffmpeg/runner.js';
import { FIXTURE_LADDERS, LADDER_FIXTURE, assetUrlPattern, firstSegmentUrls, makeLadderAsset } from './ladder-fixture.js';
import { FIXTURE_SOURCE, sourceArgs } from './media-fixture.js';

describe('browser test fixtures: a generated source packaged by the pipeline', function () {
  this.timeout(60_000);

  it('the source: a hue-shifted test pattern with the title and frame number burned in, and a 440 Hz tone', () => {
    const args = sourceArgs('/tmp/x/source.mkv', { width: 640, height: 360, seconds: 10, hue: 30, title: 'T!' });
    expect(args).to.include(`testsrc2=s=640x360:r=${FIXTURE_SOURCE.fps}:d=10`);
    expect(args).to.include(`sine=f=440:sample_rate=${FIXTURE_SOURCE.sampleRate}:d=10`);
    const filter = args[args.indexOf('-vf') + 1] ?? '';
    // 45 px on 360 lines: 22 px on a 180p rung, as the single-rung fixture drew it.
    expect(filter).to.match(/^hue=h=30,drawtext=fontfile=[^:]+:text='T %\{frame_num\}':fontsize=45:x=8:y=8:/);
    expect(args.at(-1)).to.equal('/tmp/x/source.mkv');
  });

  it("packages a tiny two-rung ladder under the content layout's names, the top rung first, frame n at n/30 s", async () => {
    const root = await mkdtemp(join(tmpdir(), 'ss-ladder-fixture-'));
    try {
      const runner = createMediaRunner(mediaToolPaths(process.env));
      const seconds = 4;
      const { asset, dir } = await makeLadderAsset(runner, join(root, 'content', 'media'), { id: 'fx', title: 'Fx', seconds, hue: 90 });

      // The asset document is read off the packaged output (codecs: the rungs' profile and level, main 3.0).
      expect(asset.renditions.map((r) => [r.name, r.width, r.height, r.codecs, r.frameRate])).to.deep.equal(
        FIXTURE_LADDERS.plain.map((r) => [r.name, (r.height * 16) / 9, r.height, 'avc1.4d401e,mp4a.40.2', FIXTURE_SOURCE.fps]),
      );
      expect(asset.renditions.map((r) => r.bandwidth)).to.deep.equal(FIXTURE_LADDERS.plain.map((r) => (r.videoKbps + LADDER_FIXTURE.audioKbps) * 1000));
      expect(asset).to.include({ id: 'fx', durationMs: seconds * 1000, segmentSeconds: LADDER_FIXTURE.segmentSeconds, status: 'ready' });
      expect([asset.dashUrl, asset.hlsUrl, asset.posterUrl]).to.deep.equal([ASSET_FILES.manifest, ASSET_FILES.hlsMaster, ASSET_FILES.poster].map((f) => assetFileUrl('fx', f)));

      // The MPD lists the rungs top first, the top one as the layout's top video representation.
      const mpd = await readFile(join(dir, ASSET_FILES.manifest), 'utf8');
      const reps = [...mpd.matchAll(/<Representation id="(\d+)" mimeType="video\/mp4"[^>]* height="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
      expect(reps).to.deep.equal(FIXTURE_LADDERS.plain.map((r, i) => [String(i), r.height]));
      expect(reps[0]?.[0]).to.equal(ASSET_FILES.topVideoRepresentation);

      // Every file is named by the layout (and the HLS media playlists ffmpeg names); every video rung
      // has its init segment and one media segment per 2 s, numbered from the layout's start number.
      const files = await readdir(dir);
      const layoutNames = [ASSET_FILES.manifest, ASSET_FILES.hlsMaster, ASSET_FILES.poster, ASSET_FILES.initSegment, ASSET_FILES.mediaSegment];
      const unnamed = files.filter((f) => !/^media_\d+\.m3u8$/.test(f) && !layoutNames.some((name) => assetUrlPattern(name).test(assetFileUrl('fx', f))));
      expect(unnamed, 'files the layout does not name').to.deep.equal([]);
      const count = seconds / LADDER_FIXTURE.segmentSeconds;
      for (const [representationId] of reps) {
        const id = String(representationId);
        const segments = Array.from({ length: count }, (_, i) => mediaSegmentName(id, ASSET_FILES.startNumber + i));
        expect(files).to.include.members([fillSegmentTemplate(ASSET_FILES.initSegment, { representationId: id, number: 0 }), ...segments]);
        expect(files).not.to.include(mediaSegmentName(id, ASSET_FILES.startNumber + count));
      }

      // Frame n of the top rung is at n/30 s, a keyframe opens every segment.
      const top = join(root, 'top.mp4');
      const { init, media } = firstSegmentUrls('fx');
      const names = [init, media].map((u) => u.split('/').at(-1) ?? '');
      const rest = Array.from({ length: count - 1 }, (_, i) => mediaSegmentName(ASSET_FILES.topVideoRepresentation, ASSET_FILES.startNumber + 1 + i));
      await writeFile(top, Buffer.concat(await Promise.all([...names, ...rest].map((f) => readFile(join(dir, f))))));
      const { stdout } = await runner.ffprobe(['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', top]);
      const packets = stdout.trim().split('\n').map((l) => l.split(',')).map(([pts, flags]) => ({ pts: Number(pts), key: (flags ?? '').includes('K') })).sort((a, b) => a.pts - b.pts);
      expect(packets).to.have.length(seconds * FIXTURE_SOURCE.fps);
      packets.forEach((p, n) => expect(p.pts, `frame ${n}`).to.be.closeTo(n / FIXTURE_SOURCE.fps, 1e-3));
      expect(packets.filter((p) => p.key).map((p) => p.pts)).to.deep.equal(Array.from({ length: count }, (_, i) => i * LADDER_FIXTURE.segmentSeconds));

      // The source was a temp file next to the media folder, gone now.
      expect(await readdir(join(root, 'content'))).to.deep.equal(['media']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("URL patterns from the layout match the packaged files' URLs and nothing else", () => {
    const segment = assetUrlPattern(ASSET_FILES.mediaSegment);
    const { init, media } = firstSegmentUrls('a1');
    expect(segment.test(media)).to.equal(true);
    expect(segment.test(`http://tv:8080${assetFileUrl('a1', mediaSegmentName('12', 345))}`)).to.equal(true);
    expect(segment.test(init)).to.equal(false);
    expect(segment.test(assetFileUrl('a1', 'chunk-stream0-00001.m4s'))).to.equal(false); // ffmpeg's default name
    expect(segment.test(assetFileUrl('a1', ASSET_FILES.manifest))).to.equal(false);
    const manifest = assetUrlPattern(ASSET_FILES.manifest);
    expect(manifest.test(assetFileUrl('a1', ASSET_FILES.manifest))).to.equal(true);
    expect(manifest.test(assetFileUrl('a1', ASSET_FILES.manifest.replace('.', 'x')))).to.equal(false);
    expect(manifest.test(`/media/a/b/${ASSET_FILES.manifest}`)).to.equal(false); // one asset folder, no deeper
  });
});
