import { expect } from 'chai';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiKeyError, resolveApiKey } from '../../src/api-key.js';
import { TempDirs } from '../store/temp-dirs.js';

describe('api-key', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());
  const settings = (dataDir: string, apiKey: string | null) => ({ dataDir, services: { apiKey } as never });

  it('uses the configured key and writes nothing', async () => {
    const dir = await temp.make();
    const got = await resolveApiKey(settings(dir, 'k'.repeat(32)));
    expect(got).to.deep.equal({ key: 'k'.repeat(32), source: 'settings', path: null });
  });

  it('generates a key on first start, stores it 0600, and reuses it on the next start', async () => {
    const dir = join(await temp.make(), 'data');
    const first = await resolveApiKey(settings(dir, null));
    expect(first.source).to.equal('generated');
    expect(first.key).to.match(/^[A-Za-z0-9_-]{32}$/);
    const path = join(dir, 'broadcaster-key');
    expect((await readFile(path, 'utf8')).trim()).to.equal(first.key);
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    const second = await resolveApiKey(settings(dir, null));
    expect(second).to.deep.equal({ key: first.key, source: 'file', path });
  });

  it('refuses a key file that holds no usable key', async () => {
    const dir = await temp.make();
    await writeFile(join(dir, 'broadcaster-key'), 'short\n');
    try {
      await resolveApiKey(settings(dir, null));
      expect.fail('expected an error');
    } catch (err) {
      expect(err).to.be.instanceOf(ApiKeyError);
      expect((err as Error).message).to.match(/broadcaster-key/);
    }
  });
});
