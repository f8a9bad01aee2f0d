import { expect } from 'chai';
import { bufferAhead, bufferedThrough, statsLines } from '../../../src/lib/screens/sync-stats.js';
import { nowTitles } from '../../../src/lib/guide/now-titles.js';

const ranges = (list: Array<[number, number]>) => ({ length: list.length, start: (i: number) => list[i]?.[0] ?? 0, end: (i: number) => list[i]?.[1] ?? 0 });

describe('lib/sync-stats and lib/now-titles', () => {
  it('writes the overlay lines from the clock, the controller, the rung and the buffer', () => {
    const lines = statsLines({
      clock: { offsetMs: -12.345, uncertaintyMs: 0.84, state: 'synced' },
      sync: { state: 'locked', errorMs: 0.126, rate: 1.0005 },
      rung: { height: 720, bandwidth: 3_128_000 },
      bufferAheadSec: 4.5,
      quality: 720,
    });
    expect(lines).to.deep.equal([
      'Clock offset  -12.3 ms  ± 0.8 ms  (synced)',
      'Position error  +0.13 ms  (locked)',
      'Playback rate  1.0005',
      'Rung  720p  3128 kbit/s  (fixed 720p)',
      'Buffer ahead  4.50 s',
    ]);
    const empty = statsLines({ clock: null, sync: null, rung: null, bufferAheadSec: null, quality: 'auto' });
    expect(empty[0]).to.equal('Clock offset  —  ± — ms  (none)');
    expect(empty[3]).to.contain('(auto)');
  });

  it('measures the buffer ahead in the range that holds the playhead', () => {
    expect(bufferAhead(ranges([[0, 4], [10, 16]]), 12)).to.equal(4);
    expect(bufferAhead(ranges([[0, 4]]), 6)).to.equal(0);
    expect(bufferAhead(ranges([]), 0)).to.equal(0);
  });

  it('counts a buffer that runs to the end of the media as enough, however short (nothing more to fetch)', () => {
    expect(bufferedThrough(ranges([[0, 6]]), 5.8, 6)).to.equal(Number.POSITIVE_INFINITY);
    expect(bufferedThrough(ranges([[0, 5.97]]), 5.8, 6), 'a range ending within 50 ms of the duration').to.equal(Number.POSITIVE_INFINITY);
    expect(bufferedThrough(ranges([[0, 5.5]]), 5.2, 6), 'more media after the range').to.be.closeTo(0.3, 1e-9);
    expect(bufferedThrough(ranges([[0, 6]]), 5.8, Number.NaN), 'no duration known').to.be.closeTo(0.2, 1e-9);
    expect(bufferedThrough(ranges([[0, 3]]), 4, 6), 'nothing at the position').to.equal(0);
  });

  it('reads what is on now per channel from GET /v1/now', () => {
    const titles = nowTitles({ channels: [{ channel: { id: 'a' }, current: { title: 'News' } }, { channel: { id: 'b' }, current: null }, { nope: 1 }] });
    expect([...titles]).to.deep.equal([['a', 'News'], ['b', 'Nothing on now']]);
    expect(nowTitles('x').size).to.equal(0);
  });
});
