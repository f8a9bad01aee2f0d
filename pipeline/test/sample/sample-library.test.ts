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
import { SAMPLE_CHANNELS, SAMPLE_DEFAULTS, escapeDrawtext, sampleSourceArgs } from '../../src/sample/sample-sources.js';
import { listDir } from '../support/harness.js';
import { tempContent, testPipelineSettings, type TempContent } from '../support/media.js';
import { silentLogger } from '#contracts/logger.js';

describe('sample content', function () {
  this.timeout(120_000);

  it('builds sources with a distinct pattern per channel, burned-in frame number, timecode, name and a tone', () => {
    expect(new Set(SAMPLE_CHANNELS.map((c) => c.pattern)).size).to.equal(SAMPLE_CHANNELS.length);
    for (const c of SAMPLE_CHANNELS) expect(c.durationSec).to.be.within(60, 120);
    const spec = SAMPLE_CHANNELS[0];
    if (!spec) throw new Error('no sample channel');
    const args = sampleSourceArgs({ spec, out: '/tmp/x.mp4', width: 640, height: 360, fps: 30, fontPath: SAMPLE_DEFAULTS.fontPath, threads: 0 });
    const video = args[args.indexOf('-i') + 1] ?? '';
    expect(video).to.match(new RegExp(`^${spec.pattern}=`));
    expect(video).to.include("text='%{frame_num}'");
    expect(video).to.include("text='%{pts\\:hms}'");
    expect(video).to.include(`fontfile=${SAMPLE_DEFAULTS.fontPath}`);
    expect(video).to.include(escapeDrawtext(`${spec.number}  ${spec.name}`));
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
    const specs = [
      { id: 'demo-a', number: 7, name: 'Alpha: One', pattern: 'smptehdbars', toneHz: 440, durationSec: 2 },
      { id: 'demo-b', number: 8, name: 'Beta', pattern: 'cellauto', patternOptions: 'rule=110:seed=20250101', blockScale: 4, toneHz: 660, durationSec: 3 },
    ];
    const run = () =>
      generateSampleLibrary({
        settings: { contentDir: t.contentDir, services: { pipeline: testPipelineSettings() } } as Parameters<typeof generateSampleLibrary>[0]['settings'],
        store: throughLineup(store, lineup),
        lineup,
        runner: createMediaRunner({ onSpawn: (tool) => spawns.push(tool) }),
        channels: specs,
        width: 320,
        height: 180,
        fps: 25,
        tuning: { threads: 2 },
      });

    before(async () => {
      t = await tempContent();
      store = await EmbeddedStore.open({ dataDir: join(t.root, 'data'), logger: silentLogger() });
      lineup = new LineupService({ store, clock: Date.now });
      await lineup.init();
    });
    after(async () => {
      await store.close();
      await t.cleanup();
    });

    it('packages every sample and creates looping channels over the ready assets', async () => {
      expect(await isLibraryEmpty(store)).to.equal(true);
      const result = await run();
      expect(await isLibraryEmpty(store)).to.equal(false);
      const channels = await store.listChannels();
      expect(channels.map((c) => [c.id, c.number, c.name, c.enabled])).to.deep.equal([
        ['demo-a', 7, 'Alpha: One', true],
        ['demo-b', 8, 'Beta', true],
      ]);
      for (const c of channels) {
        const assetId = c.loop?.items[0]?.assetId ?? '';
        const asset = await store.getAsset(assetId);
        expect(asset?.status).to.equal('ready');
        expect(c.loop?.epochMs).to.equal(SAMPLE_DEFAULTS.loopEpochMs);
        expect(await listDir(join(t.contentDir, 'media', assetId))).to.include.members(['manifest.mpd', 'master.m3u8', 'poster.jpg']);
      }
      expect(result.assets.map((a) => Math.round(a.durationMs / 1000))).to.deep.equal([2, 3]);
      expect(await listDir(join(t.contentDir, '.staging'))).to.deep.equal([]);
    });

    it('is idempotent: a second run keeps the sources already in the inbox and spawns no ffmpeg', async () => {
      const before = spawns.length;
      await run();
      // The sources are in the inbox and their jobs done: nothing generated, nothing encoded.
      expect(spawns.slice(before).filter((s) => s === 'ffmpeg')).to.have.length(0);
      expect((await store.listChannels()).length).to.equal(2);
      expect((await store.listAssets()).length).to.equal(2);
    });
  });
});
