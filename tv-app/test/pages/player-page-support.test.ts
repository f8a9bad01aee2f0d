import { expect } from 'chai';
import { badgeFor, behindText } from '../../src/pages/player-page-support.js';

describe('pages/player-page-support', () => {
  it('shows offline whenever the broker is away, in sync only when locked', () => {
    expect(badgeFor({ brokerUp: false, playback: 'locked' })).to.equal('offline');
    expect(badgeFor({ brokerUp: true, playback: 'locked' })).to.equal('in-sync');
    for (const s of ['idle', 'joining', 'locking', 'correcting', 'stalled'] as const) {
      expect(badgeFor({ brokerUp: true, playback: s })).to.equal('correcting');
    }
  });

  it('says start-over or paused while the channel plays behind live on purpose, whatever the sync', () => {
    expect(badgeFor({ brokerUp: true, playback: 'locked', timeShift: 'shifted' })).to.equal('start-over');
    expect(badgeFor({ brokerUp: false, playback: 'idle', timeShift: 'paused' })).to.equal('paused');
    expect(badgeFor({ brokerUp: true, playback: 'locked', timeShift: 'live' })).to.equal('in-sync');
  });

  it('writes how far behind live as a countdown-style time', () => {
    expect(behindText(754_000)).to.equal('−12:34');
    expect(behindText(3_723_400)).to.equal('−1:02:03');
    expect(behindText(-5)).to.equal('−0:00');
  });
});
