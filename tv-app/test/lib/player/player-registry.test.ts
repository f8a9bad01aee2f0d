import { expect } from 'chai';
import { PlayerRegistry } from '../../../src/lib/player/player-registry.js';

describe('lib/player-registry', () => {
  it('remembers every player it makes, in order, and forgets released ones', () => {
    let n = 0;
    const registry = new PlayerRegistry(() => ({ id: ++n }));
    const a = registry.create();
    const b = registry.create();
    const c = registry.create();
    expect(registry.all()).to.deep.equal([a, b, c]);
    registry.release(b);
    expect(registry.all()).to.deep.equal([a, c]);
    registry.release(b); // twice: no harm
    registry.release({ id: 99 }); // never made here: ignored
    expect(registry.all()).to.deep.equal([a, c]);
  });
});
