import { expect } from 'chai';
import { bannerView, countdown } from '../../../src/lib/screens/banner-view.js';
import { program } from '../builders.js';

const show1 = program({ id: 's1', startMs: 0, endMs: 60_000, title: 'Show', kind: 'program', part: 1, parts: 2 });
const ad = program({ id: 'ad', startMs: 60_000, endMs: 63_000, title: 'Ad', kind: 'break', resumesAtMs: 140_000 });
const show2 = program({ id: 's2', startMs: 140_000, endMs: 150_000, title: 'Show', kind: 'program', inMs: 60_000, part: 2, parts: 2 });
const promo = program({ id: 'pr', startMs: 150_000, endMs: 154_000, title: 'Promo', kind: 'filler' });
const news = program({ id: 'n', startMs: 180_000, endMs: 200_000, title: 'News', kind: 'program' });

describe('lib/screens/banner-view', () => {
  it('counts down in m:ss, rounding up', () => {
    expect(countdown(80_000)).to.equal('1:20');
    expect(countdown(79_001)).to.equal('1:20');
    expect(countdown(9_000)).to.equal('0:09');
    expect(countdown(-5)).to.equal('0:00');
  });

  it('a program: it is on, and the next program if that is what follows', () => {
    expect(bannerView(show2, news, show2, 145_000)).to.deep.equal({ now: { title: 'Show', startMs: 140_000, endMs: 150_000 }, next: { title: 'News', startMs: 180_000, endMs: 200_000 } });
    expect(bannerView(show1, ad, show1, 1_000).next).to.equal(null); // a break follows, not a program
  });

  it('a break names the program and counts down to its return, never the ad', () => {
    const view = bannerView(ad, null, show2, 60_000);
    expect(view.now).to.deep.equal({ title: 'Show · back in 1:20', startMs: 60_000, endMs: 140_000 });
    expect(view.next?.title).to.equal('Show');
    expect(bannerView(ad, null, show2, 139_500).now?.title).to.equal('Show · back in 0:01');
  });

  it('filler names the program coming up and when, never the promo', () => {
    const view = bannerView(promo, null, news, 151_000);
    expect(view.now?.title).to.equal('Up next: News in 0:29');
    expect(view.next?.title).to.equal('News');
  });

  it('nothing on: the program coming up is next', () => {
    expect(bannerView(null, null, news, 0)).to.deep.equal({ now: null, next: { title: 'News', startMs: 180_000, endMs: 200_000 } });
  });
});
