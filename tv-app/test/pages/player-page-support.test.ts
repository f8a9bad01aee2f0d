import { expect } from 'chai';
import { badgeFor, describeMediaError, isSupersededLoad } from '../../src/pages/player-page-support.js';

describe('pages/player-page-support', () => {
  it('shows offline whenever the broker is away, in sync only when locked', () => {
    expect(badgeFor({ brokerUp: false, playback: 'locked' })).to.equal('offline');
    expect(badgeFor({ brokerUp: true, playback: 'locked' })).to.equal('in-sync');
    for (const s of ['idle', 'joining', 'locking', 'correcting', 'stalled'] as const) {
      expect(badgeFor({ brokerUp: true, playback: s })).to.equal('correcting');
    }
  });

  it('treats interrupted loads (Shaka 7000/7003, a newer tune) as no error', () => {
    expect(isSupersededLoad({ code: 7000 })).to.equal(true);
    expect(isSupersededLoad({ code: 7003 })).to.equal(true);
    expect(isSupersededLoad({ code: 'SS_TV_TUNE_SUPERSEDED' })).to.equal(true);
    expect(isSupersededLoad({ code: 1001 })).to.equal(false);
    expect(isSupersededLoad(null)).to.equal(false);
  });

  it('describes Shaka and DOM media errors for the log', () => {
    expect(describeMediaError({ category: 1, code: 1001 })).to.equal('shaka category 1 code 1001');
    expect(describeMediaError(new Error('boom'))).to.equal('boom');
    expect(describeMediaError({ type: 'error' })).to.equal('media event error');
    expect(describeMediaError('x')).to.equal('x');
  });
});
