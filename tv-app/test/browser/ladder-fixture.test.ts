import { expect } from 'chai';
import { LADDER_FIXTURE, ladderArgs } from './ladder-fixture.js';

describe('browser test fixture: ladder arguments', () => {
  it('one decode split into one encode per rung, keyframes on segment boundaries, DASH + HLS', () => {
    const args = ladderArgs('/tmp/x/manifest.mpd', { seconds: 10, hue: 0, title: 'T!', rungs: LADDER_FIXTURE.rungs });
    const filter = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(filter).to.match(/drawtext=.*text='T %\{frame_num\}'.*split=3\[s0\]\[s1\]\[s2\]/);
    expect(filter).to.contain('[s2]scale=640:360[v2]');
    expect(args.filter((a) => a === 'libx264')).to.have.length(3);
    expect(args).to.include.members(['-b:v:0', '120k', '-b:v:2', '1000k', '-sc_threshold', '0', '-hls_playlist', '1']);
    expect(args[args.indexOf('-g') + 1]).to.equal(String(LADDER_FIXTURE.fps * LADDER_FIXTURE.segmentSeconds));
    expect(args[args.length - 1]).to.equal('/tmp/x/manifest.mpd');
    expect(() => ladderArgs('/x', { seconds: 1, hue: 0, title: 't', rungs: [] })).to.throw(/at least one rung/);
  });
});
