import { expect } from 'chai';
import { clampIndex, followIndex, stepIndex } from '../../../src/lib/screens/list-window.js';

describe('lib/list-window (focusable lists)', () => {
  it('steps with wrap-around or clamping', () => {
    expect(stepIndex(0, -1, 5, { wrap: true })).to.equal(4);
    expect(stepIndex(4, 1, 5, { wrap: true })).to.equal(0);
    expect(stepIndex(0, -8, 5)).to.equal(0);
    expect(stepIndex(2, 8, 5)).to.equal(4);
    expect(stepIndex(3, 1, 0)).to.equal(0);
    expect(clampIndex(9, 3)).to.equal(2);
  });

  it('the first shown item follows the index with the least scrolling', () => {
    expect(followIndex(0, 3, 20, 8)).to.equal(0);
    expect(followIndex(0, 8, 20, 8)).to.equal(1);
    expect(followIndex(5, 2, 20, 8)).to.equal(2);
    expect(followIndex(15, 19, 20, 8)).to.equal(12);
    expect(followIndex(-3, 0, 3, 8)).to.equal(0);
  });
});
