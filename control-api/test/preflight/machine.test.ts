// The real machine behind the preflight: PATH lookup, and apt-get's output turned into progress lines.
import { expect } from 'chai';
import { aptProgress, machineLookup } from '../../src/preflight/machine.js';
import { SAMPLE_DEFAULTS } from '#pipeline/sample/sample-sources.js';
import { loadSystemPackages } from '../../src/preflight/system-packages.js';
import { captureLogger } from '../../src/logging/capture-logger.js';

describe('preflight machine', () => {
  it('finds programs on PATH and in /usr/sbin, and not elsewhere', () => {
    const m = machineLookup({ PATH: '/usr/bin:/bin' });
    expect(m.which('sh')).to.match(/\/(usr\/)?bin\/sh$/);
    expect(m.which('definitely-not-a-program-here')).to.equal(null);
    expect(machineLookup({ PATH: '' }).which('sh')).to.equal(null);
  });

  it('counts apt-get install progress in steps and always shows the last package', () => {
    const captured = captureLogger();
    const feed = aptProgress(captured.logger, 50);
    feed('0 upgraded, 4 newly installed, 0 to remove and 0 not upgraded.');
    for (const p of ['liba', 'libb', 'libc', 'ffmpeg']) feed(`Setting up ${p} (1.0) ...`);
    expect(captured.records.map((r) => r.msg)).to.deep.equal([
      'apt-get: 4 packages to install',
      'apt-get: 1/4 set up (25%) — liba',
      'apt-get: 2/4 set up (50%) — libb',
      'apt-get: 4/4 set up (100%) — ffmpeg',
    ]);
    expect(captured.records.at(-1)).to.include({ level: 'info', done: 4, total: 4, percent: 100, package: 'ffmpeg' });
  });

  it('the sample font is the file the run list checks for', () => {
    const files = loadSystemPackages().run.flatMap((p) => p.files ?? []);
    expect(files).to.include(SAMPLE_DEFAULTS.fontPath);
  });
});
