// A program resolved against its asset: the rating it airs with is the program's, else the asset's, else none.
import { expect } from 'chai';
import { toAiring } from '../../../src/services/lineup/airing.js';
import { makeAsset, makeProgram } from '../../store/builders.js';

describe('services/lineup/airing', () => {
  const tv14 = { scheme: 'us-tv', value: 'TV-14' } as const;
  const pg = { scheme: 'mpaa', value: 'PG' } as const;

  it("carries the program's own rating over its asset's", () => {
    const asset = makeAsset({ rating: tv14 });
    expect(toAiring(makeProgram({ assetId: asset.id, rating: pg }), asset).rating).to.deep.equal(pg);
  });

  it("carries the asset's rating when the program has none", () => {
    const asset = makeAsset({ rating: tv14 });
    expect(toAiring(makeProgram({ assetId: asset.id }), asset).rating).to.deep.equal(tv14);
  });

  it('has no rating at all when neither is rated (absent, not null, as the wire schema wants)', () => {
    for (const asset of [makeAsset(), makeAsset({ rating: null }), undefined]) {
      const airing = toAiring(makeProgram({ assetId: asset?.id ?? 'gone' }), asset);
      expect(airing).to.not.have.property('rating');
    }
    expect(toAiring(makeProgram({ rating: pg }), undefined).rating).to.deep.equal(pg); // asset gone, the program's own stays
  });
});
