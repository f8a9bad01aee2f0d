// The text-track step with a fake ffmpeg (nothing spawned): a stream ffmpeg cannot convert is left out
// and reported with ffmpeg's last line, the others are segmented and kept; a sidecar is checked before
// ffmpeg sees it; a cancelled run is not a track issue but the job's.
import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaToolError, type MediaRunner, type RunResult } from '../../src/ffmpeg/runner.js';
import { sidecarOf, type Sidecar } from '../../src/ingest/sidecars.js';
import type { SubtitleStreamInfo } from '../../src/media/tracks.js';
import { packageTextTracks, type TextPackageOptions } from '../../src/worker/package-tracks.js';
import { tempContent, type TempContent } from '../support/media.js';

const VTT = 'WEBVTT\n\n00:00:00.200 --> 00:00:01.400\nConverted\n';
const failure = (opts: { cancelled?: boolean } = {}) =>
  new MediaToolError('ffmpeg exited with code 1', {
    tool: 'ffmpeg', commandLine: 'ffmpeg ...', exitCode: opts.cancelled ? null : 1, signal: null, cancelled: opts.cancelled ?? false, spawnFailed: false,
    stderrTail: '[ass @ 0x1] Invalid header\nError while decoding stream #0:2: Invalid data found when processing input',
  });

/** A runner whose ffmpeg writes VTT to its last argument, or fails for the stream `failStream` (`0:s:N`). */
function fakeRunner(options: { failStream?: number; cancelled?: boolean }): MediaRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const done: RunResult = { stdout: '', stderr: '', elapsedMs: 1 };
  return {
    calls,
    binary: (tool) => tool,
    ffprobe: async () => done,
    ffmpeg: async (args) => {
      calls.push(args);
      if (options.failStream !== undefined && args.includes(`0:s:${options.failStream}`)) throw failure(options);
      await writeFile(args.at(-1) ?? '', VTT);
      return done;
    },
  };
}

const stream = (index: number, over: Partial<SubtitleStreamInfo> = {}): SubtitleStreamInfo => ({ index, codec: 'subrip', lang: 'en', title: null, kind: 'subtitles', bitmap: false, ...over });

describe('worker/package-tracks (fake ffmpeg)', () => {
  let t: TempContent;
  let options: TextPackageOptions;
  beforeEach(async () => {
    t = await tempContent();
    options = {
      sourcePath: join(t.inbox, 'Film.mkv'),
      inboxDir: t.inbox,
      subtitleStreams: [stream(0, { codec: 'ass', lang: 'de' }), stream(1, { codec: 'dvb_subtitle', lang: 'fi', bitmap: true }), stream(2, { codec: 'mov_text', lang: 'it' })],
      sidecars: [],
      outDir: t.contentDir,
      workDir: join(t.contentDir, '.text-work'),
      segmentSeconds: 1,
      durationMs: 2000,
      timelineStartMs: 0,
    };
  });
  afterEach(() => t.cleanup());

  it('leaves out a stream ffmpeg cannot convert, says why, and keeps the others (bitmap ones reported, never run)', async () => {
    const runner = fakeRunner({ failStream: 0 });
    const { tracks, issues } = await packageTextTracks(runner, options);
    expect(runner.calls.map((a) => a[a.indexOf('-map') + 1])).to.deep.equal(['0:s:0', '0:s:2']);
    expect(tracks).to.deep.equal([{ id: 'text-0', lang: 'it', label: 'Italian', kind: 'subtitles', source: 'stream' }]);
    expect(issues.map((i) => [i.code, i.streamIndex, i.codec, i.lang])).to.deep.equal([
      ['SS_TEXT_BITMAP_NOT_CONVERTED', 1, 'dvb_subtitle', 'fi'],
      ['SS_TEXT_CONVERT_FAILED', 0, 'ass', 'de'],
    ]);
    expect(issues[1]?.message).to.equal('Subtitle stream 0 (de, ass) is left out: ffmpeg could not convert it (Error while decoding stream #0:2: Invalid data found when processing input).');
    const files = await readdir(t.contentDir);
    expect(files.filter((f) => f.startsWith('text-')).sort()).to.deep.equal(['text-0-00001.vtt', 'text-0-00002.vtt', 'text-0.m3u8']);
    expect(files).to.not.include('.text-work');
    expect(await readFile(join(t.contentDir, 'text-0-00002.vtt'), 'utf8')).to.include('Converted');
  });

  it('checks sidecars before ffmpeg: a broken one is reported and never converted, a good one kept', async () => {
    await writeFile(join(t.inbox, 'Film.fr.srt'), '1\n00:00:00,500 --> 00:00:01,000\nSalut\n');
    await writeFile(join(t.inbox, 'Film.es.srt'), Buffer.from([0xff, 0xfe, 0x00]));
    const sidecars = ['Film.es.srt', 'Film.fr.srt'].map((n) => sidecarOf('Film.mkv', n)).filter((s): s is Sidecar => s !== null);
    const runner = fakeRunner({});
    const { tracks, issues } = await packageTextTracks(runner, { ...options, subtitleStreams: [], sidecars });
    expect(runner.calls).to.have.length(1);
    expect(runner.calls[0]).to.include(`file:${join(t.inbox, 'Film.fr.srt')}`);
    expect(tracks.map((x) => [x.id, x.lang, x.source])).to.deep.equal([['text-0', 'fr', 'sidecar']]);
    expect(issues.map((i) => [i.code, i.file, i.streamIndex])).to.deep.equal([['SS_TEXT_INVALID_UTF8', 'Film.es.srt', null]]);
  });

  it('a cancelled conversion stops the job (not a track issue)', async () => {
    let thrown: unknown = null;
    await packageTextTracks(fakeRunner({ failStream: 0, cancelled: true }), options).catch((err: unknown) => {
      thrown = err;
    });
    expect(thrown).to.be.instanceOf(MediaToolError);
    expect(await readdir(t.contentDir)).to.not.include('.text-work');
  });
});
