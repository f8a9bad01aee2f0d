import { expect } from 'chai';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moveToFailed } from '../../src/worker/failed-folder.js';
import { tempContent, type TempContent } from '../support/media.js';

describe('worker/failed-folder', () => {
  let t: TempContent;
  beforeEach(async () => {
    t = await tempContent();
  });
  afterEach(() => t.cleanup());

  const report = { jobId: 'job-1', source: 'Film.mp4', code: 'SS_SOURCE_NOT_MEDIA', message: 'no', attempts: 1, failedAt: '2026-01-01T00:00:00.000Z', stderrTail: null };

  it('moves the sidecars with their source, renamed after it when the source is renamed', async () => {
    const failedDir = join(t.contentDir, 'failed');
    await mkdir(failedDir, { recursive: true });
    await writeFile(join(failedDir, 'Film.mp4'), 'an earlier failure');
    for (const name of ['Film.mp4', 'Film.fr.srt', 'Film.vtt', 'Other.srt']) await writeFile(join(t.inbox, name), name);
    const name = await moveToFailed({ inboxDir: t.inbox, failedDir, source: 'Film.mp4', sidecars: ['Film.fr.srt', 'Film.vtt', 'Film.gone.srt'], report });
    expect(name).to.equal('Film (2).mp4');
    expect((await readdir(failedDir)).sort()).to.deep.equal(['Film (2).fr.srt', 'Film (2).mp4', 'Film (2).mp4.error.json', 'Film (2).vtt', 'Film.mp4']);
    expect(await readdir(t.inbox)).to.deep.equal(['Other.srt']);
  });
});
