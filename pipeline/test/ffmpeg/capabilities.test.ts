// The media-tool check the start-up preflight runs: Debian's ffmpeg has everything the pipeline uses;
// a build without libx264 or loudnorm, or a missing ffprobe, is named.
import { expect } from 'chai';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMediaTools, parseComponentList } from '../../src/ffmpeg/capabilities.js';
import { createMediaRunner } from '../../src/ffmpeg/runner.js';

describe('media tool capabilities', function () {
  this.timeout(20_000);
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-caps-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('parses encoder, filter and muxer lists, not their legends', () => {
    const names = parseComponentList([
      'Encoders:', ' V..... = Video', ' ------', ' V....D libx264   libx264 H.264', ' A..... aac    AAC',
      '  T.. = Timeline support', ' T.C drawtext   V->V  Draw text', ' D. = Demuxing supported', '  E dash   DASH Muxer',
    ].join('\n'));
    expect([...names].sort()).to.deep.equal(['aac', 'dash', 'drawtext', 'libx264']);
  });

  it("Debian's ffmpeg and ffprobe have everything", async () => {
    expect(await checkMediaTools(createMediaRunner())).to.deep.equal({ problems: [], unavailable: [] });
  });

  it('names what a build lacks, and a program that cannot start', async () => {
    const fake = join(dir, 'ffmpeg-without-x264');
    // Lists everything but libx264 and loudnorm.
    await writeFile(fake, `#!/bin/sh\nffmpeg "$@" | grep -v -e ' libx264 ' -e ' loudnorm '\n`);
    await chmod(fake, 0o755);
    const lacking = await checkMediaTools(createMediaRunner({ ffmpegPath: fake }));
    expect(lacking.problems).to.have.length(1);
    expect(lacking.problems[0]).to.include('lacks the libx264 encoder, the loudnorm filter');
    const missing = await checkMediaTools(createMediaRunner({ ffprobePath: join(dir, 'no-ffprobe') }));
    expect(missing.unavailable).to.deep.equal(['ffprobe']);
    expect(missing.problems[0]).to.match(/^ffprobe .*could not be started/);
  });
});
