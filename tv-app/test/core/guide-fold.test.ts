// One guide entry per program: parts, breaks and trailing filler fold into it.
import { expect } from 'chai';
import { foldIntoPrograms, type GuideAiring } from '../../src/core/guide-fold.js';

const a = (id: string, startMs: number, endMs: number, kind?: GuideAiring['kind'], part?: number) => ({ id, startMs, endMs, kind, part });

describe('core/guide-fold', () => {
  it('folds a program with its break, second part and padding; the next program starts a new entry', () => {
    const folded = foldIntoPrograms([
      a('lead', 0, 10, 'filler'),
      a('p1', 10, 70, 'program', 1),
      a('ad', 70, 75, 'break'),
      a('p2', 75, 90, 'program', 2),
      a('promo', 90, 100, 'filler'),
      a('slate', 100, 120, 'slate'),
      a('news', 120, 150, 'program', 1),
    ]);
    expect(folded.map((f) => [f.id, f.startMs, f.endMs])).to.deep.equal([
      ['lead', 0, 10],
      ['p1', 10, 120],
      ['news', 120, 150],
    ]);
  });

  it('keeps explicit schedules (no kind) and gaps as they are', () => {
    const plain = [a('x', 0, 30), a('y', 30, 60), a('z', 90, 100)];
    expect(foldIntoPrograms(plain)).to.deep.equal(plain);
    expect(foldIntoPrograms([a('p', 0, 10, 'program', 1), a('f', 20, 30, 'filler')]).map((f) => f.id)).to.deep.equal(['p', 'f']);
  });
});
