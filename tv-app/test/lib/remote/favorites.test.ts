import { expect } from 'chai';
import { FAVORITES_DEFAULTS, Favorites } from '../../../src/lib/remote/favorites.js';
import type { KeyValueStore } from '../../../src/lib/remote/channel-nav.js';
import { MemoryStore } from '../memory-store.js';

class ThrowingStore implements KeyValueStore {
  getItem(): string | null {
    throw new Error('blocked');
  }
  setItem(): void {
    throw new Error('quota');
  }
}

describe('lib/remote/favorites', () => {
  it('toggles a channel in and out, remembered on the device', () => {
    const store = new MemoryStore();
    const favorites = new Favorites(store);
    expect(favorites.toggle('news')).to.equal(true);
    expect(favorites.toggle('sport')).to.equal(true);
    expect(favorites.toggle('news')).to.equal(false);
    expect(new Favorites(store).ids(), 'another instance (the next boot) reads the same').to.deep.equal(['sport']);
    expect(favorites.has('sport')).to.equal(true);
    expect(favorites.has('news')).to.equal(false);
    expect(favorites.only([{ id: 'a' }, { id: 'sport' }, { id: 'news' }])).to.deep.equal([{ id: 'sport' }]);
  });

  it('reads garbage as no favorites, and drops duplicates and non-ids', () => {
    const store = new MemoryStore();
    const favorites = new Favorites(store);
    for (const raw of ['not json', '{"a":1}', '42', 'null']) {
      store.setItem(FAVORITES_DEFAULTS.listKey, raw);
      expect(favorites.ids(), raw).to.deep.equal([]);
    }
    store.setItem(FAVORITES_DEFAULTS.listKey, JSON.stringify(['a', 'a', 7, '', null, 'b']));
    expect(favorites.ids()).to.deep.equal(['a', 'b']);
    store.setItem(FAVORITES_DEFAULTS.walkKey, 'sideways');
    expect(favorites.walk).to.equal('all');
  });

  it('walks favorites only when set so, and forgets a reset store at once', () => {
    const store = new MemoryStore();
    const favorites = new Favorites(store);
    expect(favorites.walkFilter(), 'all channels by default').to.equal(null);
    favorites.toggle('b');
    favorites.walk = 'favorites';
    const filter = favorites.walkFilter();
    expect(filter?.({ id: 'b' })).to.equal(true);
    expect(filter?.({ id: 'c' })).to.equal(false);
    store.data.clear(); // "Reset device memory"
    expect(favorites.walk).to.equal('all');
    expect(favorites.ids()).to.deep.equal([]);
  });

  it('keeps the choice for the session when the storage throws or is missing', () => {
    for (const store of [new ThrowingStore(), null]) {
      const favorites = new Favorites(store);
      expect(favorites.toggle('x')).to.equal(true);
      expect(favorites.ids()).to.deep.equal(['x']);
      favorites.walk = 'favorites';
      expect(favorites.walk).to.equal('favorites');
    }
  });
});
