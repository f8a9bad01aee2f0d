import { expect } from 'chai';
import { describeMediaError, isSupersededLoad } from '../../../src/lib/player/channel-tuner.js';
import { TuneSuperseded } from '../../../src/lib/player/video-port.js';

describe('lib/channel-tuner (media errors)', () => {
  it('treats interrupted loads (Shaka 7000/7003, a newer tune) as no error', () => {
    expect(isSupersededLoad({ code: 7000 })).to.equal(true);
    expect(isSupersededLoad({ code: 7003 })).to.equal(true);
    expect(isSupersededLoad({ code: 'SS_TV_TUNE_SUPERSEDED' })).to.equal(true);
    expect(isSupersededLoad({ code: 1001 })).to.equal(false);
    expect(isSupersededLoad(null)).to.equal(false);
    expect(isSupersededLoad(new TuneSuperseded())).to.equal(true);
  });

  it('describes Shaka and DOM media errors for the log', () => {
    expect(describeMediaError({ category: 1, code: 1001 })).to.equal('shaka category 1 code 1001');
    expect(describeMediaError(new Error('boom'))).to.equal('boom');
    expect(describeMediaError({ type: 'error' })).to.equal('media event error');
    expect(describeMediaError('x')).to.equal('x');
  });
});
