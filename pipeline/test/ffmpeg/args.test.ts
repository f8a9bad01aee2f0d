import { expect } from 'chai';
import { commandLine, ladderArgs, loudnessMeasureArgs, loudnormFilter, probeArgs, type LadderArgsOptions } from '../../src/ffmpeg/args.js';
import { capFrameRate, ladderProfileKey, parseRational, planLadder, type SourceVideo } from '../../src/ffmpeg/ladder-plan.js';
import { testPipelineSettings } from '../support/media.js';

const settingsLadder = [
  { name: '1080p', height: 1080, videoKbps: 5000, profile: 'high' as const, level: '4.1' },
  { name: '720p', height: 720, videoKbps: 3000, profile: 'high' as const, level: '3.1' },
  { name: '480p', height: 480, videoKbps: 1400, profile: 'main' as const, level: '3.1' },
  { name: '240p', height: 240, videoKbps: 400, profile: 'baseline' as const, level: '3.0' },
];
const source = (over: Partial<SourceVideo> = {}): SourceVideo => ({
  width: 1920,
  height: 1080,
  sar: { num: 1, den: 1 },
  fps: { num: 30, den: 1 },
  ...over,
});
const plan = (src: SourceVideo, maxFps = 60, segmentSeconds = 2) => planLadder(src, { ladder: settingsLadder, maxFps, segmentSeconds });

/** Value following `flag` in an argument list. */
const after = (args: string[], flag: string) => {
  const i = args.indexOf(flag);
  expect(i, `${flag} present`).to.be.greaterThan(-1);
  return args[i + 1];
};

describe('ffmpeg/ladder-plan', () => {
  it('keeps every rung at or below the source height and never upscales', () => {
    expect(plan(source()).rungs.map((r) => r.height)).to.deep.equal([1080, 720, 480, 240]);
    expect(plan(source({ width: 1280, height: 720 })).rungs.map((r) => r.height)).to.deep.equal([720, 480, 240]);
    const odd = plan(source({ width: 1279, height: 719 }));
    expect(odd.rungs.map((r) => r.height)).to.deep.equal([480, 240]);
    for (const r of odd.rungs) {
      expect(r.width % 2).to.equal(0);
      expect(r.width).to.be.at.most(1279);
    }
  });

  it('gives a source smaller than every rung one rung at its own even height', () => {
    const p = plan(source({ width: 321, height: 181 }));
    expect(p.rungs).to.have.length(1);
    expect(p.rungs[0]).to.include({ height: 180, width: 320, videoKbps: 400, profile: 'baseline' });
  });

  it('keeps the display aspect ratio of anamorphic sources', () => {
    const p = plan(source({ width: 720, height: 576, sar: { num: 64, den: 45 } }));
    expect(p.rungs.map((r) => [r.width, r.height])).to.deep.equal([[854, 480], [426, 240]]);
  });

  it('keeps fractional frame rates and caps at maxFps by an integer divisor', () => {
    expect(plan(source({ fps: { num: 24000, den: 1001 } })).fps).to.deep.equal({ num: 24000, den: 1001 });
    expect(plan(source({ fps: { num: 60000, den: 1001 } })).fps).to.deep.equal({ num: 60000, den: 1001 });
    expect(capFrameRate({ num: 120000, den: 1001 }, 60)).to.deep.equal({ num: 60000, den: 1001 });
    expect(capFrameRate({ num: 100, den: 1 }, 60)).to.deep.equal({ num: 50, den: 1 });
    expect(capFrameRate({ num: 60, den: 1 }, 30)).to.deep.equal({ num: 30, den: 1 });
  });

  it('sets the GOP to frames per segment, rounded up for fractional rates', () => {
    expect(plan(source()).gop).to.equal(60);
    expect(plan(source({ fps: { num: 25, den: 1 } }), 60, 2).gop).to.equal(50);
    expect(plan(source({ fps: { num: 24000, den: 1001 } })).gop).to.equal(48);
    expect(plan(source({ fps: { num: 30000, den: 1001 } }), 60, 4).gop).to.equal(120);
  });

  it('parses ffprobe rationals and rejects 0/0', () => {
    expect(parseRational('30000/1001')).to.deep.equal({ num: 30000, den: 1001 });
    expect(parseRational('25')).to.deep.equal({ num: 25, den: 1 });
    expect(parseRational('0/0')).to.equal(null);
    expect(parseRational('abc')).to.equal(null);
  });

  it('changes the profile key when anything that changes the bytes changes', () => {
    const base = { ladder: settingsLadder, maxFps: 60, segmentSeconds: 2, loudnessLufs: -23, preset: 'veryfast', audioKbps: 128, formatVersion: 1 };
    const key = ladderProfileKey(base);
    expect(ladderProfileKey({ ...base })).to.equal(key);
    expect(ladderProfileKey({ ...base, segmentSeconds: 4 })).to.not.equal(key);
    expect(ladderProfileKey({ ...base, loudnessLufs: -16 })).to.not.equal(key);
    expect(ladderProfileKey({ ...base, ladder: settingsLadder.slice(1) })).to.not.equal(key);
  });
});

describe('ffmpeg/args', () => {
  const base = (over: Partial<LadderArgsOptions> = {}): LadderArgsOptions => ({
    input: "/in/it's a $(test) & file.mp4",
    outDir: '/out/stage',
    plan: plan(source({ fps: { num: 30000, den: 1001 } })),
    audio: { kind: 'source', measured: null },
    loudness: { integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 },
    audioKbps: 128,
    preset: 'veryfast',
    posterAtSec: 2,
    threads: 0,
    ...over,
  });

  it('probes with JSON output and a literal file: input', () => {
    expect(probeArgs('/a b/c:d.mp4')).to.deep.equal(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', 'file:/a b/c:d.mp4']);
  });

  it('decodes once: one input, one split feeding every rung and the poster', () => {
    const args = ladderArgs(base());
    expect(args.filter((a) => a === '-i')).to.have.length(1);
    expect(after(args, '-i')).to.equal("file:/in/it's a $(test) & file.mp4");
    const graph = after(args, '-filter_complex') ?? '';
    expect(graph.match(/split=/g)).to.have.length(1);
    expect(graph).to.include('fps=30000/1001');
    expect(graph).to.include('split=5[s0][s1][s2][s3][sp]');
    for (const [w, h] of [[1920, 1080], [1280, 720], [854, 480], [426, 240]]) expect(graph).to.include(`scale=${w}:${h}`);
    expect(args.filter((a) => /^\[v\d\]$/.test(a))).to.deep.equal(['[v0]', '[v1]', '[v2]', '[v3]']);
  });

  it('forces closed GOPs of exactly one segment with no scene-cut keyframes', () => {
    const args = ladderArgs(base());
    expect(after(args, '-g')).to.equal('60');
    expect(after(args, '-keyint_min')).to.equal('60');
    expect(after(args, '-sc_threshold')).to.equal('0');
    expect(after(args, '-force_key_frames')).to.equal('expr:gte(t,n_forced*2)');
    expect(after(args, '-flags:v')).to.equal('+cgop');
  });

  it('sets bitrate, profile and level per rung', () => {
    const args = ladderArgs(base());
    expect(after(args, '-b:v:0')).to.equal('5000k');
    expect(after(args, '-profile:v:0')).to.equal('high');
    expect(after(args, '-level:v:0')).to.equal('4.1');
    expect(after(args, '-b:v:3')).to.equal('400k');
    expect(after(args, '-profile:v:3')).to.equal('baseline');
    expect(after(args, '-level:v:2')).to.equal('3.1');
  });

  it('encodes AAC-LC stereo 48 kHz at the configured bitrate with loudness normalization', () => {
    const args = ladderArgs(base());
    expect(after(args, '-c:a')).to.equal('aac');
    expect(after(args, '-profile:a')).to.equal('aac_low');
    expect(after(args, '-b:a')).to.equal('128k');
    expect(after(args, '-ac')).to.equal('2');
    expect(after(args, '-ar')).to.equal('48000');
    expect(after(args, '-filter_complex')).to.include('[0:a:0]loudnorm=I=-23:TP=-1:LRA=11,aresample=48000[aout]');
  });

  it('applies a measured first pass as a linear loudnorm', () => {
    const f = loudnormFilter({ integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 }, { inputI: -12.345, inputTp: -3, inputLra: 1.5, inputThresh: -22.5, targetOffset: 0.1 });
    expect(f).to.equal('loudnorm=I=-23:TP=-1:LRA=11:measured_I=-12.35:measured_TP=-3.00:measured_LRA=1.50:measured_thresh=-22.50:offset=0.10:linear=true');
    expect(loudnessMeasureArgs('/x.mp4', { integratedLufs: -16, truePeakDbtp: -1, rangeLu: 11 })).to.include('loudnorm=I=-16:TP=-1:LRA=11:print_format=json');
  });

  it('generates a silent stereo track for a source without audio', () => {
    const args = ladderArgs(base({ audio: { kind: 'silent', durationSec: 12.5 } }));
    const graph = after(args, '-filter_complex') ?? '';
    expect(graph).to.include('anullsrc=channel_layout=stereo:sample_rate=48000,atrim=duration=12.500[aout]');
    expect(graph).to.not.include('[0:a');
    expect(args).to.include('[aout]');
  });

  it('packages CMAF DASH with a SegmentTimeline and HLS playlists over the same files, plus a poster', () => {
    const args = ladderArgs(base());
    expect(after(args, '-f')).to.equal('dash');
    expect(after(args, '-seg_duration')).to.equal('2');
    expect(after(args, '-use_template')).to.equal('1');
    expect(after(args, '-use_timeline')).to.equal('1');
    expect(after(args, '-hls_playlist')).to.equal('1');
    expect(after(args, '-dash_segment_type')).to.equal('mp4');
    expect(args).to.include('/out/stage/manifest.mpd');
    expect(args.at(-1)).to.equal('/out/stage/poster.jpg');
    expect(after(args, '-frames:v')).to.equal('1');
  });

  it('takes segment length and threads from the options', () => {
    const p = planLadder(source(), { ladder: testPipelineSettings().ladder, maxFps: 60, segmentSeconds: 1 });
    const args = ladderArgs(base({ plan: p, threads: 2 }));
    expect(after(args, '-seg_duration')).to.equal('1');
    expect(after(args, '-force_key_frames')).to.equal('expr:gte(t,n_forced*1)');
    expect(after(args, '-threads')).to.equal('2');
  });

  it('quotes a command line for people without changing plain words', () => {
    expect(commandLine('ffmpeg', ['-i', "file:/a b/it's.mp4", '-y'])).to.equal("ffmpeg -i 'file:/a b/it'\\''s.mp4' -y");
  });
});
