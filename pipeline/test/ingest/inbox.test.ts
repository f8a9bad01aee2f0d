import { expect } from 'chai';
import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InboxScanner, isCandidateName } from '../../src/ingest/inbox.js';
import { tempContent, type TempContent } from '../support/media.js';

describe('ingest/inbox', () => {
  let t: TempContent;
  beforeEach(async () => {
    t = await tempContent();
  });
  afterEach(() => t.cleanup());

  const all = async () => true;

  it('skips hidden files, folders and the partial names of copy tools', async () => {
    expect(isCandidateName('show.mp4')).to.equal(true);
    for (const name of ['.show.mp4', 'show.mp4.part', 'show.mp4.crdownload', 'show.tmp', 'show.mp4.error.json']) expect(isCandidateName(name), name).to.equal(false);
    await writeFile(join(t.inbox, 'a.mp4'), 'x');
    await writeFile(join(t.inbox, '.hidden.mp4'), 'x');
    await writeFile(join(t.inbox, 'b.mp4.part'), 'x');
    await mkdir(join(t.inbox, 'folder.mp4'));
    const scanner = new InboxScanner({ inboxDir: t.inbox, settleMs: 0, sleep: async () => {} });
    expect((await scanner.look()).map((e) => e.name)).to.deep.equal(['a.mp4']);
  });

  it('does not take a file that is still growing, and takes it once its size is stable', async () => {
    const file = join(t.inbox, 'growing.mp4');
    await writeFile(file, 'first bytes');
    let sleeps = 0;
    const scanner = new InboxScanner({
      inboxDir: t.inbox,
      settleMs: 1234,
      sleep: async (ms) => {
        expect(ms).to.equal(1234);
        sleeps += 1;
        if (sleeps === 1) await appendFile(file, ' more bytes'); // the copy goes on during the first wait
      },
    });
    expect(await scanner.completeFiles(all)).to.deep.equal([]);
    const second = await scanner.completeFiles(all);
    expect(second.map((e) => [e.name, e.sizeBytes])).to.deep.equal([['growing.mp4', 22]]);
    // Stable since the previous look: no wait needed this time.
    expect(sleeps).to.equal(1);
  });

  it('takes a file renamed into the inbox at the first pass', async () => {
    await writeFile(join(t.root, 'ready.mp4'), 'complete file');
    await rename(join(t.root, 'ready.mp4'), join(t.inbox, 'ready.mp4'));
    const scanner = new InboxScanner({ inboxDir: t.inbox, settleMs: 10, sleep: async () => {} });
    expect((await scanner.completeFiles(all)).map((e) => e.name)).to.deep.equal(['ready.mp4']);
  });

  it('does not wait at all when no file is worth a look', async () => {
    await writeFile(join(t.inbox, 'done.mp4'), 'x');
    let slept = false;
    const scanner = new InboxScanner({ inboxDir: t.inbox, settleMs: 10_000, sleep: async () => { slept = true; } });
    expect(await scanner.completeFiles(async () => false)).to.deep.equal([]);
    expect(slept).to.equal(false);
  });

  it('treats a missing inbox as empty', async () => {
    const scanner = new InboxScanner({ inboxDir: join(t.root, 'nope'), settleMs: 0, sleep: async () => {} });
    expect(await scanner.completeFiles(all)).to.deep.equal([]);
  });
});
