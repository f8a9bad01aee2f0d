import { expect } from 'chai';
import { EpgData, parseEpg } from '../../../src/lib/guide/epg-data.js';

const H = 3_600_000;
const BLOCK = 3 * H;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % BLOCK);

/** A fake /v1/epg: one channel 'one' with hour-long programs, answering any window; records requests. */
function fakeApi(version = 1) {
  const requests: string[] = [];
  let pending: Array<() => void> = [];
  let hold = false;
  const api = {
    requests,
    version,
    hold(on: boolean) {
      hold = on;
      if (!on) {
        pending.forEach((r) => r());
        pending = [];
      }
    },
    getJson(path: string): Promise<unknown> {
      requests.push(path);
      const q = new URLSearchParams(path.split('?')[1]);
      const from = Number(q.get('from'));
      const to = Number(q.get('to'));
      const programs = [];
      for (let t = Math.floor(from / H) * H; t < to; t += H) programs.push({ id: `p${t}`, title: `At ${t}`, startMs: t, endMs: t + H, description: '' });
      const body = { fromMs: from, toMs: to, version: api.version, channels: [{ channel: { id: 'one' }, programs }] };
      return new Promise((resolve) => (hold ? pending.push(() => resolve(body)) : resolve(body)));
    },
  };
  return api;
}

describe('lib/epg-data (lazy EPG blocks)', () => {
  it('parses an EPG reply, leaving out malformed programs', () => {
    const epg = parseEpg({ version: 3, channels: [{ channel: { id: 'a' }, programs: [{ id: 'x', title: 'X', startMs: 1, endMs: 2, description: 'About X' }, { id: 'bad' }] }] });
    expect(epg?.version).to.equal(3);
    expect(epg?.channels.get('a')).to.deep.equal([{ id: 'x', title: 'X', startMs: 1, endMs: 2, description: 'About X' }]);
    expect(parseEpg({ channels: 'no' })).to.equal(null);
  });

  it('fetches only the missing blocks of a window, once each, and joins programs across blocks', async () => {
    const api = fakeApi();
    let loaded = 0;
    const data = new EpgData({ api, onLoaded: () => loaded++ });
    await data.ensure(T0 + H, T0 + 4 * H); // two blocks
    expect(api.requests).to.deep.equal([`/v1/epg?from=${T0}&to=${T0 + BLOCK}`, `/v1/epg?from=${T0 + BLOCK}&to=${T0 + 2 * BLOCK}`]);
    expect(loaded).to.equal(2);
    await data.ensure(T0, T0 + 6 * H);
    expect(api.requests).to.have.length(2);
    const programs = data.programs('one', T0 + 2 * H, T0 + 4 * H);
    expect(programs.map((p) => p.startMs)).to.deep.equal([T0 + 2 * H, T0 + 3 * H]);
    expect(data.has(T0, T0 + 6 * H)).to.equal(true);
    expect(data.version).to.equal(1);
  });

  it('does not ask twice for a block in flight', async () => {
    const api = fakeApi();
    api.hold(true);
    const data = new EpgData({ api, onLoaded: () => {} });
    const a = data.ensure(T0, T0 + H);
    const b = data.ensure(T0, T0 + H);
    api.hold(false);
    await Promise.all([a, b]);
    expect(api.requests).to.have.length(1);
  });

  it('a lineup change drops every block, and a reply from before it is ignored', async () => {
    const api = fakeApi(1);
    const data = new EpgData({ api, onLoaded: () => {} });
    api.hold(true);
    const stale = data.ensure(T0, T0 + H);
    data.invalidate();
    api.version = 2;
    api.hold(false);
    await stale;
    expect(data.has(T0, T0 + H)).to.equal(false);
    await data.ensure(T0, T0 + H);
    expect(data.version).to.equal(2);
    expect(data.has(T0, T0 + H)).to.equal(true);
  });

  it('keeps at most maxBlocks, dropping the ones farthest from the view', async () => {
    const api = fakeApi();
    const data = new EpgData({ api, onLoaded: () => {}, maxBlocks: 2 });
    await data.ensure(T0, T0 + BLOCK);
    await data.ensure(T0 + BLOCK, T0 + 2 * BLOCK);
    await data.ensure(T0 + 5 * BLOCK, T0 + 6 * BLOCK);
    expect(data.blockCount).to.equal(2);
    expect(data.has(T0 + 5 * BLOCK, T0 + 6 * BLOCK)).to.equal(true);
    expect(data.has(T0, T0 + BLOCK)).to.equal(false);
  });

  it('a failed block is asked for again on the next ensure', async () => {
    let fail = true;
    const requests: string[] = [];
    const api = { getJson: async (path: string) => { requests.push(path); if (fail) throw new Error('down'); return { version: 1, channels: [] }; } };
    const data = new EpgData({ api, onLoaded: () => {} });
    await data.ensure(T0, T0 + H);
    expect(data.has(T0, T0 + H)).to.equal(false);
    fail = false;
    await data.ensure(T0, T0 + H);
    expect(data.has(T0, T0 + H)).to.equal(true);
    expect(requests).to.have.length(2);
  });
});
