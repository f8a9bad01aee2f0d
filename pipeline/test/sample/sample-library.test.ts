import { expect } from 'chai';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '#control-api/config/load-settings.js';
import { planLadder } from '../../src/ffmpeg/ladder-plan.js';
import { EmbeddedStore } from '#control-api/store/embedded-store.js';
import { LineupService } from '#control-api/services/lineup/index.js';
import { throughLineup } from '../../src/store-port.js';
import { createMediaRunner, type Tool } from '../../src/ffmpeg/runner.js';
import { generateSampleLibrary, isLibraryEmpty } from '../../src/sample/sample-library.js';
import { SAMPLE_DEFAULTS, SAMPLE_SOURCES, escapeDrawtext, sampleSourceArgs } from '../../src/sample/sample-sources.js';
import { ProgrammingService } from '#control-api/services/programming/programming-service.js';
import { throughProgramming } from '../../src/store-port.js';
import { SMALL_DEMO, SMALL_SAMPLE, SMALL_SOURCES } from '../support/demo.js';
import { listDir } from '../support/harness.js';
import { tempContent, testPipelineSettings, type TempContent } from '../support/media.js';
import { silentLogger } from '#contracts/logger.js';

describe('sample content', function () {
  this.timeout(120_000);

  it('builds sources with a distinct pattern each, burned-in frame number, timecode, title and a tone', () => {
    expect(new Set(SAMPLE_SOURCES.map((c) => c.pattern)).size).to.equal(SAMPLE_SOURCES.length);
    expect(new Set(SAMPLE_SOURCES.map((c) => c.key)).size).to.equal(SAMPLE_SOURCES.length);
    // What a channel needs: shows of 1-3 minutes, promos and bumpers of 5-15 s, a slate; a show first.
    for (const c of SAMPLE_SOURCES.filter((x) => x.kind === 'show')) expect(c.durationSec, c.title).to.be.within(60, 180);
    for (const c of SAMPLE_SOURCES.filter((x) => x.kind === 'promo' || x.kind === 'bumper')) expect(c.durationSec, c.title).to.be.within(5, 15);
    expect(SAMPLE_SOURCES.filter((x) => x.kind === 'slate')).to.have.length(1);
    expect(SAMPLE_SOURCES[0]?.kind, 'the first source made is a show: channels go on air after it').to.equal('show');
    const spec = SAMPLE_SOURCES[0];
    if (!spec) throw new Error('no sample source');
    const args = sampleSourceArgs({ spec, out: '/tmp/x.mp4', width: 640, height: 360, fps: 30, fontPath: SAMPLE_DEFAULTS.fontPath, threads: 0 });
    const video = args[args.indexOf('-i') + 1] ?? '';
    expect(video).to.match(new RegExp(`^${spec.pattern}=`));
    expect(video).to.include("text='%{frame_num}'");
    expect(video).to.include("text='%{pts\\:hms}'");
    expect(video).to.include(`fontfile=${SAMPLE_DEFAULTS.fontPath}`);
    expect(video).to.include(escapeDrawtext(spec.title));
    expect(args.join(' ')).to.include(`sine=frequency=${spec.toneHz}`);
    expect(escapeDrawtext("a:b'c,d%")).to.equal("a\\:b\\'c\\,d\\%");
  });

  it('are 720p, so the product ladder gives them at least three rungs (720p, 480p, 360p, …)', () => {
    const settings = loadSettings(fileURLToPath(new URL('../../../settings.json', import.meta.url)), {});
    const plan = planLadder(
      { width: SAMPLE_DEFAULTS.width, height: SAMPLE_DEFAULTS.height, sar: { num: 1, den: 1 }, fps: { num: SAMPLE_DEFAULTS.fps, den: 1 } },
      settings.services.pipeline,
    );
    expect(plan.rungs.map((r) => r.height)).to.include.members([720, 480, 360]);
    expect(plan.rungs.length).to.be.at.least(3);
  });

  describe('generated through the real pipeline into a real store', () => {
    let t: TempContent;
    let store: EmbeddedStore;
    let lineup: LineupService;
    const spawns: Tool[] = [];
    let programming: ProgrammingService;
    const run = () =>
      generateSampleLibrary({
        settings: { contentDir: t.contentDir, services: { pipeline: testPipelineSettings() } } as Parameters<typeof generateSampleLibrary>[0]['settings'],
        store: throughLineup(store, lineup),
        lineup,
        programming: throughProgramming(programming),
        runner: createMediaRunner({ onSpawn: (tool) => spawns.push(tool) }),
        ...SMALL_SAMPLE,
      });

    before(async () => {
      t = await tempContent();
      store = await EmbeddedStore.open({ dataDir: join(t.root, 'data'), logger: silentLogger() });
      lineup = new LineupService({ store, clock: Date.now });
      await lineup.init();
      programming = new ProgrammingService({ lineup, store, clock: Date.now });
    });
    after(async () => {
      await store.close();
      await t.cleanup();
    });

    it('packages every sample and creates the demo lineup: collections, and channels programmed by time slot', async () => {
      expect(await isLibraryEmpty(store)).to.equal(true);
      const result = await run();
      expect(await isLibraryEmpty(store)).to.equal(false);
      const channels = await store.listChannels();
      expect(channels.map((c) => [c.id, c.number, c.name, c.enabled])).to.deep.equal([
        ['demo-a', 7, 'Alpha: One', true],
        ['demo-b', 8, 'Beta', true],
      ]);
      const [show, bump] = result.assets;
      expect(result.assets.map((a) => [a.title, Math.round(a.durationMs / 1000)])).to.deep.equal([['Alpha Show', 3], ['Beta Bumper', 2]]);
      for (const a of result.assets) {
        expect(a.status).to.equal('ready');
        expect(await listDir(join(t.contentDir, 'media', a.id))).to.include.members(['manifest.mpd', 'master.m3u8', 'poster.jpg']);
      }
      expect((await programming.collection('demo-shows')).items).to.deep.equal([show?.id]);
      expect((await programming.collection('demo-filler')).items).to.deep.equal([bump?.id]);
      for (const spec of SMALL_DEMO.channels) {
        const { current } = await programming.programming(spec.id);
        expect(current.rules.timeZone).to.equal(spec.timeZone);
        expect(current.rules.slots.map((x) => [x.start, x.collection, x.order])).to.deep.equal(spec.slots.map((x) => [x.start, x.collection, x.order]));
        expect(current.rules.padTo).to.deep.equal({ minutes: 1, filler: 'demo-filler' });
        expect(current.rules.fallback).to.equal(bump?.id);
        // The version in force knows the items the collections have now.
        expect(current.collections['demo-shows']).to.deep.equal([show?.id]);
        // On air: what plays now is one of the demo's sources.
        const now = await lineup.now(spec.id, Date.now() + 60_000);
        expect([show?.id, bump?.id]).to.include(now?.current?.assetId);
      }
      expect(await listDir(join(t.contentDir, '.staging'))).to.deep.equal([]);
      expect(SMALL_SOURCES).to.have.length(2);
    });

    it('is idempotent: a second run keeps the sources already in the inbox and spawns no ffmpeg', async () => {
      const before = spawns.length;
      const versionsBefore = new Map<string, number[]>();
      for (const spec of SMALL_DEMO.channels) versionsBefore.set(spec.id, (await programming.programming(spec.id)).versions.map((v) => v.version));
      await run();
      // The sources are in the inbox and their jobs done: nothing generated, nothing encoded.
      expect(spawns.slice(before).filter((s) => s === 'ffmpeg')).to.have.length(0);
      expect((await store.listChannels()).length).to.equal(2);
      expect((await store.listAssets()).length).to.equal(2);
      // Nothing to change: no new programming version either.
      for (const spec of SMALL_DEMO.channels) expect((await programming.programming(spec.id)).versions.map((v) => v.version)).to.deep.equal(versionsBefore.get(spec.id));
    });
  });
});
