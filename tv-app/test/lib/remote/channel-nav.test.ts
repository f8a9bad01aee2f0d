import { expect } from 'chai';
import { ChannelNav, type KeyValueStore } from '../../../src/lib/remote/channel-nav.js';
import { MemoryStore } from '../memory-store.js';

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

describe('lib/channel-nav walking favorites only', () => {
  const wide = [
    { id: 'a', number: 1 },
    { id: 'b', number: 2 },
    { id: 'c', number: 3 },
    { id: 'd', number: 4 },
    { id: 'e', number: 5 },
  ];

  it('steps through the channels the walk lets through, wrapping, from one inside or outside it', () => {
    const nav = new ChannelNav(new MemoryStore());
    nav.setChannels(wide);
    const favorites = new Set(['b', 'd']);
    nav.setWalk(() => (c) => favorites.has(c.id));
    nav.select('b');
    expect(nav.neighbour(1)?.id).to.equal('d');
    expect(nav.neighbour(-1)?.id, 'wraps').to.equal('d');
    nav.select('c'); // tuned by number: outside the walk
    expect(nav.neighbour(1)?.id).to.equal('d');
    expect(nav.neighbour(-1)?.id).to.equal('b');
    nav.select('e');
    expect(nav.neighbour(1)?.id, 'past the last favorite: the first').to.equal('b');
    expect(nav.neighbour(-1)?.id).to.equal('d');
    expect(nav.neighbour(1, 'a')?.id, 'from a given channel (a ready neighbour of a neighbour)').to.equal('b');
  });

  it('asks the walk on every step, and walks all when it lets nothing through', () => {
    const nav = new ChannelNav(new MemoryStore());
    nav.setChannels(wide);
    let filter: ((c: { id: string }) => boolean) | null = () => false;
    nav.setWalk(() => filter);
    nav.select('c');
    expect(nav.neighbour(1)?.id, 'no favorites: every channel').to.equal('d');
    filter = (c) => c.id === 'a';
    expect(nav.neighbour(1)?.id, 'one favorite: it, either way').to.equal('a');
    expect(nav.neighbour(-1)?.id).to.equal('a');
    filter = null;
    expect(nav.neighbour(-1)?.id).to.equal('b');
  });
});
