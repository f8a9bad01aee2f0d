// The demo keeper with a fake generator: when the demo is wanted, that a try killed half-way is taken
// up again at the next start, and that it never throws into the pass.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_PENDING_FILE } from '../../src/defaults.js';
import { createDemoKeeper, type DemoStatus } from '../../src/sample/demo-keeper.js';
import type { SampleLibraryResult } from '../../src/sample/sample-library.js';
import { tempContent, type TempContent } from '../support/media.js';
import { captureLogger } from '#control-api/logging/capture-logger.js';

describe('demo keeper', () => {
  let t: TempContent;
  beforeEach(async () => {
    t = await tempContent();
  });
  afterEach(() => t.cleanup());

  const keeper = (o: { assets: number; fail?: number }) => {
    let tries = 0;
    const statuses: DemoStatus[] = [];
    const log = captureLogger();
    const k = createDemoKeeper({
      contentDir: t.contentDir,
      store: { listAssets: async () => Array.from({ length: o.assets }) } as never,
      logger: log.logger.child({ component: 'pipeline' }),
      generate: async (onProgress) => {
        tries += 1;
        onProgress({ done: 0, total: 4, current: { name: '01 Bars One.mp4', step: 'generating', percent: 50 } });
        if (tries <= (o.fail ?? 0)) throw new Error('No space left on device');
        onProgress({ done: 4, total: 4, current: null });
        return {} as SampleLibraryResult;
      },
      onStatus: (s) => statuses.push(s),
    });
    return { k, statuses, log, tries: () => tries };
  };

  it('a brand-new content folder that does not exist yet gets its marker', async () => {
    await t.cleanup();
    const { k } = keeper({ assets: 0 });
    expect(await k.init()).to.equal(true);
    expect(existsSync(join(t.contentDir, SAMPLE_PENDING_FILE))).to.equal(true);
  });

  it('a library with assets and no marker wants no demo', async () => {
    const { k, tries } = keeper({ assets: 2 });
    expect(await k.init()).to.equal(false);
    await k.ensure();
    expect(tries()).to.equal(0);
  });

  it('a marker left by a killed try makes the next start finish the demo, even with some assets published', async () => {
    await writeFile(join(t.contentDir, SAMPLE_PENDING_FILE), '');
    const { k, statuses } = keeper({ assets: 1 });
    expect(await k.init()).to.equal(true);
    await k.ensure();
    expect(statuses.at(-1)).to.deep.include({ state: 'ready', done: 4, total: 4 });
    expect(existsSync(join(t.contentDir, SAMPLE_PENDING_FILE))).to.equal(false);
  });

  it('a failing try is reported, keeps the marker and is tried again by the next ensure', async () => {
    const { k, statuses, log, tries } = keeper({ assets: 0, fail: 2 });
    expect(await k.init()).to.equal(true);
    await k.ensure();
    expect(statuses.at(-1)).to.deep.include({ state: 'retrying', error: 'No space left on device', done: 0, total: 4 });
    const [warning, ...more] = log.at('warn');
    expect(more).to.deep.equal([]);
    expect(warning).to.include({ component: 'pipeline', code: 'SS_PIPELINE_SAMPLE_FAILED' });
    expect(warning?.msg).to.match(/sample content failed: No space left on device/);
    await k.ensure();
    expect(existsSync(join(t.contentDir, SAMPLE_PENDING_FILE))).to.equal(true);
    await k.ensure();
    expect(tries()).to.equal(3);
    expect(k.pending).to.equal(false);
    expect(statuses.at(-1)?.state).to.equal('ready');
  });
});
