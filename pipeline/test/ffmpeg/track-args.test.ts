// Argument builders for audio languages and text tracks: several loudness-normalized audio renditions,
// each its own AdaptationSet with its language; subtitle streams and sidecars converted to WebVTT.
import { expect } from 'chai';
import { ladderArgs, loudnessMeasureArgs, sidecarToVttArgs, subtitleToVttArgs, type LadderArgsOptions } from '../../src/ffmpeg/args.js';
import { planLadder } from '../../src/ffmpeg/ladder-plan.js';

const ladder = [
  { name: '240p', height: 240, videoKbps: 400, profile: 'main' as const, level: '3.0' },
  { name: '144p', height: 144, videoKbps: 150, profile: 'main' as const, level: '3.0' },
];
const base = (over: Partial<LadderArgsOptions> = {}): LadderArgsOptions => ({
  input: '/in/film.mkv',
  outDir: '/out/stage',
  plan: planLadder({ width: 320, height: 240, sar: { num: 1, den: 1 }, fps: { num: 30, den: 1 } }, { ladder, maxFps: 60, segmentSeconds: 1 }),
  audio: { kind: 'source', measured: null },
  loudness: { integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 },
  audioKbps: 64,
  preset: 'ultrafast',
  posterAtSec: 1,
  threads: 0,
  ...over,
});
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
const measured = { inputI: -20, inputTp: -3, inputLra: 2, inputThresh: -30, targetOffset: 0 };

describe('ffmpeg/args: audio languages and text tracks', () => {
  it('measures the loudness of any audio stream (the first by default, as before)', () => {
    const target = { integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 };
    expect(after(loudnessMeasureArgs('/x.mkv', target), '-map')).to.equal('0:a:0');
    expect(after(loudnessMeasureArgs('/x.mkv', target, 2), '-map')).to.equal('0:a:2');
  });

  it('a single audio plan (or a list of one, untagged) gives the same arguments as before', () => {
    const one = ladderArgs(base());
    expect(ladderArgs(base({ audio: [{ kind: 'source', measured: null }] }))).to.deep.equal(one);
    expect(after(one, '-adaptation_sets')).to.equal('id=0,streams=v id=1,streams=a');
    expect(one.filter((a) => a.startsWith('-metadata'))).to.deep.equal([]);
    expect(one).to.include('[aout]');
  });

  it('several audio streams: each normalized on its own, mapped in order, tagged with its language, one AdaptationSet each', () => {
    const args = ladderArgs(
      base({
        audio: [
          { kind: 'source', measured, language: 'en' },
          { kind: 'source-silent', stream: 1, language: 'fr' },
          { kind: 'source', measured: null, stream: 2 },
        ],
      }),
    );
    const graph = after(args, '-filter_complex') ?? '';
    expect(graph).to.match(/\[0:a:0\]loudnorm=I=-23:TP=-1:LRA=11:measured_I=-20\.00[^;]*,aresample=48000\[aout0\]/);
    expect(graph).to.include('[0:a:1]aresample=48000[aout1]');
    expect(graph).to.include('[0:a:2]loudnorm=I=-23:TP=-1:LRA=11,aresample=48000[aout2]');
    const maps = args.flatMap((a, i) => (a === '-map' ? [args[i + 1]] : []));
    expect(maps).to.deep.equal(['[v0]', '[v1]', '[aout0]', '[aout1]', '[aout2]', '[poster]']);
    expect(after(args, '-metadata:s:a:0')).to.equal('language=en');
    expect(after(args, '-metadata:s:a:1')).to.equal('language=fr');
    expect(args).to.not.include('-metadata:s:a:2');
    // Output streams: two rungs (0, 1), then the audio renditions (2, 3, 4).
    expect(after(args, '-adaptation_sets')).to.equal('id=0,streams=v id=1,streams=2 id=2,streams=3 id=3,streams=4');
  });

  it("refuses a 'silent' plan beside others", () => {
    expect(() => ladderArgs(base({ audio: [{ kind: 'silent', durationSec: 3 }, { kind: 'source', measured: null }] }))).to.throw(/alone/);
  });

  it('converts one subtitle stream, or a sidecar read as UTF-8, to a WebVTT file', () => {
    expect(subtitleToVttArgs('/in/a:b.mkv', 1, '/w/text-0.vtt')).to.deep.equal([
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', 'file:/in/a:b.mkv', '-map', '0:s:1', '-c:s', 'webvtt', '-f', 'webvtt', '/w/text-0.vtt',
    ]);
    const side = sidecarToVttArgs('/in/Film.fr.srt', 'srt', '/w/text-1.vtt');
    expect(after(side, '-f')).to.equal('srt');
    expect(after(side, '-sub_charenc')).to.equal('UTF-8');
    expect(after(side, '-i')).to.equal('file:/in/Film.fr.srt');
    expect(side.slice(-5)).to.deep.equal(['-c:s', 'webvtt', '-f', 'webvtt', '/w/text-1.vtt']);
  });
});
