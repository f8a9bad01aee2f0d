import { expect } from 'chai';
import { tsRemuxArgs } from '../../../src/services/live-ts/remux-args.js';

describe('services/live-ts/remux-args', () => {
  const video = 'http://127.0.0.1:8080/live/news/720p.m3u8';
  const audio = 'http://127.0.0.1:8080/live/news/audio.m3u8';
  const args = tsRemuxArgs({ video, audio }, { inputTimeoutMs: 15_000 });
  const after = (flag: string, list = args) => list[list.indexOf(flag) + 1];

  it('copies video and audio, read as two inputs, to MPEG-TS on stdout without transcoding', () => {
    expect(args.filter((_, i) => args[i - 1] === '-i')).to.deep.equal([video, audio]);
    expect(args.filter((_, i) => args[i - 1] === '-map')).to.deep.equal(['0:v:0', '1:a:0']);
    expect(after('-c')).to.equal('copy');
    expect(after('-f')).to.equal('mpegts');
    expect(args.at(-1)).to.equal('pipe:1');
    expect(args.some((a) => a.startsWith('-c:v') || a.startsWith('-vcodec') || a === 'libx264')).to.equal(false);
  });

  it('gives up on a stalled input (an input option, in microseconds) and never reads stdin', () => {
    expect(args).to.include('-nostdin');
    expect(args.filter((_, i) => args[i - 1] === '-rw_timeout')).to.deep.equal(['15000000', '15000000']);
    expect(args[args.indexOf(video) - 3]).to.equal('-rw_timeout');
    expect(args[args.indexOf(audio) - 3]).to.equal('-rw_timeout');
  });

  it('takes the audio of the video input when there is no separate rendition (if it has any)', () => {
    const muxed = tsRemuxArgs({ video, audio: null }, { inputTimeoutMs: 1000 });
    expect(muxed.filter((_, i) => muxed[i - 1] === '-i')).to.deep.equal([video]);
    expect(muxed.filter((_, i) => muxed[i - 1] === '-map')).to.deep.equal(['0:v:0', '0:a:0?']);
  });
});
