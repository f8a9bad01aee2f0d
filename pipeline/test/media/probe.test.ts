import { expect } from 'chai';
import { PipelineError } from '../../src/errors.js';
import { describeProbeFailure, interpretProbe, looksLikeMedia, probeSource } from '../../src/media/probe.js';
import { createMediaRunner } from '../../src/ffmpeg/runner.js';
import { parseLoudnormJson } from '../../src/media/loudness.js';

const limits = { maxDurationSeconds: 3600, maxWidth: 1920, maxHeight: 1080, maxBytes: 1e9 };
const probe = (streams: unknown[], duration = '10.0') => JSON.stringify({ format: { format_name: 'mov,mp4', duration }, streams });
const video = { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001', r_frame_rate: '30000/1001', sample_aspect_ratio: '1:1' };
const audio = { codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '48000' };

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PipelineError) return `${err.code}:${err.permanent}`;
    throw err;
  }
  return 'no error';
};

describe('media/probe', () => {
  it('reads size, frame rate, duration and audio', () => {
    const info = interpretProbe(probe([video, audio]), limits);
    expect(info).to.deep.include({ durationSec: 10, formatName: 'mov,mp4' });
    expect(info.video).to.deep.include({ width: 1280, height: 720, fps: { num: 30000, den: 1001 }, sar: { num: 1, den: 1 } });
    expect(info.audio).to.deep.equal({ codec: 'aac', channels: 2, sampleRate: 48000 });
    expect(interpretProbe(probe([video]), limits).audio).to.equal(null);
  });

  it('falls back to r_frame_rate when the average is unusable', () => {
    expect(interpretProbe(probe([{ ...video, avg_frame_rate: '0/0', r_frame_rate: '25/1' }]), limits).video.fps).to.deep.equal({ num: 25, den: 1 });
  });

  it('refuses sources without video, with a cover picture only, or beyond the limits (permanently)', () => {
    expect(codeOf(() => interpretProbe(probe([audio]), limits))).to.equal('SS_SOURCE_NO_VIDEO:true');
    expect(codeOf(() => interpretProbe(probe([audio, { ...video, disposition: { attached_pic: 1 } }]), limits))).to.equal('SS_SOURCE_NO_VIDEO:true');
    expect(codeOf(() => interpretProbe(probe([video], '7200'), limits))).to.equal('SS_SOURCE_TOO_LONG:true');
    expect(codeOf(() => interpretProbe(probe([{ ...video, width: 3840, height: 2160 }]), limits))).to.equal('SS_SOURCE_TOO_BIG_FRAME:true');
    expect(codeOf(() => interpretProbe(probe([video], 'N/A'), limits))).to.equal('SS_SOURCE_TRUNCATED:true');
    expect(codeOf(() => interpretProbe('{}', limits))).to.equal('SS_SOURCE_NOT_MEDIA:true');
    expect(codeOf(() => interpretProbe('not json', limits))).to.equal('SS_SOURCE_NOT_MEDIA:true');
  });

  it('refuses empty and over-large files before spawning anything', async () => {
    let spawned = 0;
    const runner = createMediaRunner({ onSpawn: () => (spawned += 1) });
    const fail = (sizeBytes: number) => probeSource(runner, '/nonexistent.mp4', { sizeBytes, limits: { ...limits, maxBytes: 5e9 } }).then(() => 'ok', (e: unknown) => (e as PipelineError).code);
    expect(await fail(0)).to.equal('SS_SOURCE_EMPTY');
    expect(await fail(6e9)).to.equal('SS_SOURCE_TOO_LARGE');
    expect(spawned).to.equal(0);
  });

  it('tells a cut-short MP4 from a file that never was media', () => {
    const mp4Head = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom')]);
    const stderr = 'moov atom not found\nInvalid data found when processing input';
    expect(looksLikeMedia(mp4Head)).to.equal(true);
    expect(looksLikeMedia(Buffer.from('Running order for Monday'))).to.equal(false);
    expect(describeProbeFailure(stderr, mp4Head).code).to.equal('SS_SOURCE_TRUNCATED');
    expect(describeProbeFailure(stderr, Buffer.from('Running order')).code).to.equal('SS_SOURCE_NOT_MEDIA');
  });
});

describe('media/loudness', () => {
  it('parses the measurement loudnorm prints', () => {
    const stderr = `[Parsed_loudnorm_0 @ 0x1] \n{\n\t"input_i" : "-21.82",\n\t"input_tp" : "-17.68",\n\t"input_lra" : "0.00",\n\t"input_thresh" : "-31.82",\n\t"output_i" : "-23.00",\n\t"target_offset" : "-0.10"\n}\n`;
    expect(parseLoudnormJson(stderr)).to.deep.equal({ inputI: -21.82, inputTp: -17.68, inputLra: 0, inputThresh: -31.82, targetOffset: -0.1 });
    expect(parseLoudnormJson('no json here')).to.equal(null);
    expect(parseLoudnormJson('{"input_i" : "-inf", "input_tp" : "-inf", "input_lra" : "0.00", "input_thresh" : "-70.00", "target_offset" : "inf"}')?.inputI).to.equal(Number.NEGATIVE_INFINITY);
  });
});
