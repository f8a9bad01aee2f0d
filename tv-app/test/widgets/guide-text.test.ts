import { expect } from 'chai';
import { clockTime, timeRange } from '../../src/lib/util/format.js';
import { guideDayLabel, guideDetails, programTimes } from '../../src/widgets/guide-text.js';

const channel = { id: 'one', number: 7, name: 'Seven', logoUrl: null, group: '' };
const MIN = 60_000;
const T = new Date(2026, 5, 10, 20, 0).getTime(); // local time

describe('widgets/guide-text (what the guide writes)', () => {
  it('names the day of the columns', () => {
    expect(guideDayLabel(T, T)).to.equal('Today');
    expect(guideDayLabel(T + 24 * 60 * MIN, T)).to.equal('Tomorrow');
    expect(guideDayLabel(T - 24 * 60 * MIN, T)).to.equal('Yesterday');
    expect(guideDayLabel(T + 3 * 24 * 60 * MIN, T)).to.equal(new Date(T + 3 * 24 * 60 * MIN).toDateString().slice(0, 10));
  });

  it('a program on now: title, times, description and progress', () => {
    const p = { id: 'a', title: 'News', startMs: T, endMs: T + 60 * MIN, description: 'The day.' };
    const d = guideDetails(channel, { key: 'k', startMs: p.startMs, endMs: p.endMs, programs: [p] }, T + 5 * MIN, T + 15 * MIN);
    expect(d).to.deep.equal({ channel: '7  Seven', title: 'News', times: `${timeRange(T, T + 60 * MIN)}  ·  on now`, description: 'The day.', progress: 0.25 });
  });

  it('a later program has no progress; a group names the program at the anchor and how many it holds', () => {
    const programs = [0, 1, 2, 3, 4].map((i) => ({ id: `s${i}`, title: `S${i}`, startMs: T + i * 2 * MIN, endMs: T + (i + 1) * 2 * MIN }));
    const d = guideDetails(channel, { key: 'g', startMs: T, endMs: T + 10 * MIN, programs }, T + 5 * MIN, T - 60 * MIN);
    expect(d.title).to.equal('S2');
    expect(d.progress).to.equal(null);
    expect(d.description).to.equal(`5 short programs ${timeRange(T, T + 10 * MIN)}: ${programs.slice(0, 4).map((p) => `${clockTime(p.startMs)} ${p.title}`).join(' · ')} …`);
    expect(guideDetails(channel, null, T, T).title).to.equal('No information');
    expect(d.times).to.equal(programTimes(T + 4 * MIN, T + 6 * MIN));
    expect(programTimes(T + 10_000, T + 40_000)).to.equal(`${clockTime(T)}:10 – ${clockTime(T)}:40`);
  });
});
