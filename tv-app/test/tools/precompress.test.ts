import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { PRECOMPRESS_DEFAULTS, precompress } from '../../tools/precompress.js';

describe('tools/precompress', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-precompress-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes .br and .gz copies of the shipped text files that decompress to the same bytes; small, binary and dot files stay alone', async () => {
    const big = 'function f(){return "streamsync"}\n'.repeat(200);
    await writeFile(join(dir, 'appBundle.js'), big);
    await mkdir(join(dir, 'lib'));
    await writeFile(join(dir, 'lib', 'lightning.js'), big);
    await writeFile(join(dir, 'settings.json'), '{"a":1}'); // below minBytes
    await writeFile(join(dir, 'icon.png'), Buffer.alloc(4096, 7));
    await mkdir(join(dir, '.build-tmp'));
    await writeFile(join(dir, '.build-tmp', 'x.js'), big);
    const done = await precompress(dir);
    expect(done.map((p) => p.slice(dir.length + 1)).sort()).to.deep.equal(['appBundle.js', 'lib/lightning.js']);
    expect(brotliDecompressSync(await readFile(join(dir, 'appBundle.js.br'))).toString()).to.equal(big);
    expect(gunzipSync(await readFile(join(dir, 'lib', 'lightning.js.gz'))).toString()).to.equal(big);
    expect((await readFile(join(dir, 'appBundle.js.br'))).length).to.be.below(big.length / 10);
    expect((await readdir(dir)).sort()).to.deep.equal(['.build-tmp', 'appBundle.js', 'appBundle.js.br', 'appBundle.js.gz', 'icon.png', 'lib', 'settings.json']);
    expect(await readdir(join(dir, '.build-tmp'))).to.deep.equal(['x.js']);
    expect(PRECOMPRESS_DEFAULTS.minBytes).to.be.above('{"a":1}'.length);
  });
});
