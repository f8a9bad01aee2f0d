import { expect } from 'chai';
import { REACTION_DEFAULTS, ReactionFloats, reactionIds, reactionLabel } from '../../../src/lib/screens/reaction-floats.js';
import type { ReactionsPayload } from '../../../src/core/protocol.js';

const ids = ['like', 'laugh', 'wow', 'clap', 'sad'];
const burst = (counts: Record<string, number>): ReactionsPayload => ({ v: 1, channelId: 'one', windowStartMs: 1000, windowMs: 1000, counts });

describe('lib/reaction-floats (the reaction set and bubbles over the picture)', () => {
  it('takes the ids from the settings when valid, else the default set', () => {
    expect(reactionIds(['like', 'wow', 'like', 'BAD id', 3])).to.deep.equal(['like', 'wow']);
    expect(reactionIds(undefined)).to.deep.equal(REACTION_DEFAULTS.ids);
    expect(reactionIds([])).to.deep.equal(REACTION_DEFAULTS.ids);
    expect(reactionLabel('laugh')).to.equal('Ha ha');
    expect(reactionLabel('party')).to.equal('Party');
  });

  it('one bubble per id of an aggregated window, with its count; unknown ids are ignored', () => {
    const f = new ReactionFloats();
    f.add(burst({ like: 2, wow: 1, party: 9 }), 0, ids);
    const bubbles = f.frame(0);
    expect(bubbles.map((b) => [b.id, b.count])).to.deep.equal([['like', 2], ['wow', 1]]);
    expect(bubbles[0]?.x).to.not.equal(bubbles[1]?.x);
    expect(f.lastBurst?.counts).to.deep.equal({ like: 2, wow: 1 });
  });

  it('bubbles rise and fade over their life, then are gone', () => {
    const f = new ReactionFloats();
    f.add(burst({ clap: 3 }), 1000, ids);
    const start = f.frame(1000)[0];
    const mid = f.frame(1000 + REACTION_DEFAULTS.lifeMs / 2)[0];
    const late = f.frame(1000 + REACTION_DEFAULTS.lifeMs * 0.9)[0];
    expect(start?.y).to.equal(0);
    expect(mid?.y).to.be.below(start?.y ?? 0);
    expect(late?.alpha).to.be.within(0, 0.99);
    expect(f.frame(1000 + REACTION_DEFAULTS.lifeMs)).to.deep.equal([]);
  });

  it('keeps at most maxBubbles, dropping the oldest', () => {
    const f = new ReactionFloats();
    for (let i = 0; i < REACTION_DEFAULTS.maxBubbles + 3; i++) f.add(burst({ like: i + 1 }), 0, ids);
    const bubbles = f.frame(0);
    expect(bubbles).to.have.length(REACTION_DEFAULTS.maxBubbles);
    expect(bubbles[0]?.count).to.equal(4);
  });
});
