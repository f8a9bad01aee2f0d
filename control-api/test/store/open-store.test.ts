import { expect } from 'chai';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../../src/config/load-settings.js';
import { openStore } from '../../src/store/open-store.js';
import type { LineupStore } from '../../src/contracts/lineup-store.js';
import { makeChannel } from './builders.js';
import { TempDirs } from './temp-dirs.js';
import { silentLogger } from '../../src/contracts/logger.js';

const SETTINGS = fileURLToPath(new URL('../../../settings.json', import.meta.url));

describe('openStore', () => {
  const temp = new TempDirs();
  let store: LineupStore | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
    await temp.removeAll();
  });

  it('opens the embedded store in the data directory (created) when no MongoDB URL is set', async () => {
    const dataDir = join(await temp.make(), 'nested', 'data');
    const settings = loadSettings(SETTINGS, { STREAMSYNC_DATA_DIR: dataDir });
    expect(settings.services.store.mongodbUrl).to.equal(null);
    store = await openStore(settings, { logger: silentLogger() });
    expect(store.kind).to.equal('embedded');
    const channel = makeChannel();
    await store.createChannel(channel);
    expect((await stat(join(dataDir, 'channels.db'))).isFile()).to.equal(true);
    await store.close();
    store = await openStore(settings, { logger: silentLogger() });
    expect(await store.getChannel(channel.id)).to.deep.equal(channel);
  });

  it('chooses MongoDB when MONGODB_URL is set (and fails clearly when no server answers)', async () => {
    const settings = loadSettings(SETTINGS, { MONGODB_URL: 'mongodb://127.0.0.1:1/streamsync?serverSelectionTimeoutMS=300' });
    let error: unknown = null;
    try {
      store = await openStore(settings);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).name).to.match(/^Mongo/);
  });
});
