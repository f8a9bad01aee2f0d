import { expect } from 'chai';
import { decideRange, ifRangeHolds } from '../../../src/routes/media/http-conditional.js';

describe('routes/media/http-conditional', () => {
  describe('decideRange (file of 1000 bytes)', () => {
    const table: Array<[string | undefined, ReturnType<typeof decideRange>]> = [
      [undefined, { kind: 'full' }],
      ['bytes=0-499', { kind: 'partial', start: 0, end: 499 }],
      ['bytes=500-', { kind: 'partial', start: 500, end: 999 }],
      ['bytes=-200', { kind: 'partial', start: 800, end: 999 }],
      ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
      ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
      ['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
      ['bytes=1000-', { kind: 'unsatisfiable' }],
      ['bytes=1000-1001', { kind: 'unsatisfiable' }],
      ['bytes=-0', { kind: 'unsatisfiable' }],
      [`bytes=${'1'.repeat(400)}-`, { kind: 'unsatisfiable' }],
      [`bytes=-${'1'.repeat(400)}`, { kind: 'partial', start: 0, end: 999 }],
      ['bytes=5-2', { kind: 'full' }],
      ['bytes=0-1,4-5', { kind: 'full' }],
      ['bytes=', { kind: 'full' }],
      ['bytes=-', { kind: 'full' }],
      ['bits=0-1', { kind: 'full' }],
      ['bytes=a-b', { kind: 'full' }],
      ['bytes=+1-2', { kind: 'full' }],
    ];
    for (const [header, expected] of table) {
      it(`${JSON.stringify(header)} -> ${JSON.stringify(expected)}`, () => {
        expect(decideRange(header, 1000)).to.deep.equal(expected);
      });
    }
    it('an empty file satisfies no range', () => {
      expect(decideRange('bytes=0-', 0)).to.deep.equal({ kind: 'unsatisfiable' });
      expect(decideRange('bytes=-10', 0)).to.deep.equal({ kind: 'unsatisfiable' });
    });
  });

  describe('validators', () => {
    const etag = '"18b-3e8"';
    it('If-Range needs the strong tag or the exact date', () => {
      const mtimeMs = Date.UTC(2026, 0, 1, 0, 0, 0, 700);
      expect(ifRangeHolds(etag, etag, mtimeMs)).to.equal(true);
      expect(ifRangeHolds(`W/${etag}`, etag, mtimeMs)).to.equal(false);
      expect(ifRangeHolds('"other"', etag, mtimeMs)).to.equal(false);
      expect(ifRangeHolds(new Date(Date.UTC(2026, 0, 1)).toUTCString(), etag, mtimeMs)).to.equal(true);
      expect(ifRangeHolds(new Date(Date.UTC(2026, 0, 2)).toUTCString(), etag, mtimeMs)).to.equal(false);
    });
  });
});
