import { expect } from 'chai';
import { PlaybackController } from '../../../src/core/sync/playback-controller.js';
import { PLAYBACK_MEMORY, recallLearning, rememberLearning } from '../../../src/lib/player/playback-memory.js';

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
}

describe('lib/playback-memory', () => {
  it('remembers the learned delays and hands them to the next session’s controller', () => {
    const storage = new MemoryStorage();
    rememberLearning(storage, { startLagMs: 81, seekLatencyMs: 140, joinLeadSec: 2.5 }, 1_000);
    const recalled = recallLearning(storage, 2_000);
    expect(recalled).to.deep.equal({ startLagMs: 81, seekLatencyMs: 140 }); // delays only, not the lead
    const next = new PlaybackController();
    if (recalled) next.adoptLearning(recalled);
    expect(next.stats().startLagMs).to.equal(81);
    expect(next.stats().seekLatencyMs).to.equal(140);
  });

  it('ignores nothing stored, garbage, missing fields, old entries, and a storage that throws', () => {
    const storage = new MemoryStorage();
    expect(recallLearning(storage, 0)).to.equal(null);
    storage.setItem(PLAYBACK_MEMORY.key, '{not json');
    expect(recallLearning(storage, 0)).to.equal(null);
    storage.setItem(PLAYBACK_MEMORY.key, JSON.stringify({ startLagMs: 80 }));
    expect(recallLearning(storage, 0)).to.equal(null);
    rememberLearning(storage, { startLagMs: 80, seekLatencyMs: 120 }, 0);
    expect(recallLearning(storage, PLAYBACK_MEMORY.maxAgeMs + 1)).to.equal(null);
    const broken = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('full'); } };
    expect(recallLearning(broken, 0)).to.equal(null);
    expect(() => rememberLearning(broken, { startLagMs: 80, seekLatencyMs: 120 }, 0)).to.not.throw();
    expect(recallLearning(null, 0)).to.equal(null);
  });
});
