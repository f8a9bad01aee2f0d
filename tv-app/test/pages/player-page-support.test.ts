import { expect } from 'chai';
import { badgeFor } from '../../src/pages/player-page-support.js';

describe('pages/player-page-support', () => {
  it('shows offline whenever the broker is away, in sync only when locked', () => {
    expect(badgeFor({ brokerUp: false, playback: 'locked' })).to.equal('offline');
    expect(badgeFor({ brokerUp: true, playback: 'locked' })).to.equal('in-sync');
    for (const s of ['idle', 'joining', 'locking', 'correcting', 'stalled'] as const) {
      expect(badgeFor({ brokerUp: true, playback: s })).to.equal('correcting');
    }
  });
});
