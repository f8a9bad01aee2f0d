import { expect } from 'chai';
import { ChannelNav, type KeyValueStore } from '../../../src/lib/remote/channel-nav.js';

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

const lineup = [
  { id: 'news', number: 5 },
  { id: 'sport', number: 2 },
  { id: 'movies', number: 12 },
];

describe('lib/channel-nav', () => {
  it('orders by number and boots on the lowest number without memory', () => {
    const nav = new ChannelNav(new MemoryStore());
    nav.setChannels(lineup);
    expect(nav.channels.map((c) => c.number)).to.deep.equal([2, 5, 12]);
    expect(nav.initial()?.id).to.equal('sport');
  });

  it('boots on the remembered channel, and ignores one that left the lineup', () => {
    const store = new MemoryStore();
    const nav = new ChannelNav(store);
    nav.setChannels(lineup);
    nav.select('movies');
    const again = new ChannelNav(store);
    again.setChannels(lineup);
    expect(again.initial()?.id).to.equal('movies');
    store.setItem('streamsync.lastChannelId', 'gone');
    expect(again.initial()?.id).to.equal('sport');
  });

  it('steps up and down with wrap-around', () => {
    const nav = new ChannelNav(null);
    nav.setChannels(lineup);
    nav.select('movies');
    expect(nav.neighbour(1)?.id).to.equal('sport');
    expect(nav.neighbour(-1)?.id).to.equal('news');
    nav.select('sport');
    expect(nav.neighbour(-1)?.id).to.equal('movies');
  });

  it('remembers the previous channel, which toggles', () => {
    const nav = new ChannelNav(null);
    nav.setChannels(lineup);
    nav.select('sport');
    expect(nav.previous).to.equal(null);
    nav.select('movies');
    expect(nav.previous?.id).to.equal('sport');
    const prev = nav.previous;
    if (prev) nav.select(prev.id);
    expect(nav.current?.id).to.equal('sport');
    expect(nav.previous?.id).to.equal('movies');
    nav.select('sport');
    expect(nav.previous?.id).to.equal('movies');
  });

  it('finds channels by number; unknown numbers give null', () => {
    const nav = new ChannelNav(null);
    nav.setChannels(lineup);
    expect(nav.byNumber(5)?.id).to.equal('news');
    expect(nav.byNumber(99)).to.equal(null);
    expect(nav.select('nope')).to.equal(null);
  });

  it('keeps working when storage throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    const nav = new ChannelNav(broken);
    nav.setChannels(lineup);
    expect(nav.initial()?.id).to.equal('sport');
    expect(nav.select('news')?.id).to.equal('news');
  });
});
