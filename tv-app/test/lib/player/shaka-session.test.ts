import { expect } from 'chai';
import { FakeTimers } from '../fake-timers.js';
import { LOAD_DEFAULTS, ShakaSession, type PreloadLike, type ShakaPlayerLike } from '../../../src/lib/player/shaka-session.js';

class FakePreload implements PreloadLike {
  destroyed = false;
  constructor(readonly url: string, readonly startTime: number | null | undefined) {}
  async destroy() {
    this.destroyed = true;
  }
}

/** Records every call; `load` resolves at once unless `failNext` is set. */
class FakePlayer implements ShakaPlayerLike<FakePreload> {
  calls: string[] = [];
  attached: unknown = null;
  configured: object[] = [];
  retries: Array<number | undefined> = [];
  listeners = new Map<string, (e: Event) => void>();
  preloads: FakePreload[] = [];
  failNext: Error | null = null;
  destroyed = false;
  async attach(video: HTMLMediaElement) {
    this.calls.push('attach');
    this.attached = video;
  }
  async load(asset: string | FakePreload, startTime?: number | null) {
    this.calls.push(typeof asset === 'string' ? `load ${asset} @${startTime}` : `load preload ${asset.url}`);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
  }
  async preload(asset: string, startTime?: number | null) {
    this.calls.push(`preload ${asset} @${startTime}`);
    const p = new FakePreload(asset, startTime);
    this.preloads.push(p);
    return p;
  }
  async unload() {
    this.calls.push('unload');
  }
  configure(config: object) {
    this.configured.push(config);
    return true;
  }
  retryStreaming(retryDelaySeconds?: number) {
    this.retries.push(retryDelaySeconds);
    return true;
  }
  addEventListener(type: string, h: (e: Event) => void) {
    this.listeners.set(type, h);
  }
  removeEventListener(type: string) {
    this.listeners.delete(type);
  }
  async destroy() {
    this.destroyed = true;
  }
}

/** Just enough of a video element for the loader. */
function fakeVideo(): HTMLVideoElement {
  const v = { currentTime: 0, readyState: 4, addEventListener() {}, removeEventListener() {} };
  return v as unknown as HTMLVideoElement;
}

function build(releasePlayer?: (player: FakePlayer) => void) {
  const players: FakePlayer[] = [];
  const errors: unknown[] = [];
  const session = new ShakaSession<FakePreload>({
    createPlayer: () => {
      const p = new FakePlayer();
      players.push(p);
      return p;
    },
    ...(releasePlayer ? { releasePlayer: (p: ShakaPlayerLike<FakePreload>) => releasePlayer(p as FakePlayer) } : {}),
    config: { streaming: { bufferingGoal: 12 } },
    mimeType: 'application/dash+xml',
    onError: (e) => errors.push(e),
  });
  return { session, players, errors };
}

describe('lib/shaka-session (VideoPlayer loader/unloader lifecycle)', () => {
  it('releases its player to whoever made it when destroyed, before destroying it', async () => {
    const released: Array<{ player: FakePlayer; destroyedThen: boolean }> = [];
    const { session, players: made } = build((p) => released.push({ player: p, destroyedThen: p.destroyed }));
    await session.loader('http://x/a.mpd', fakeVideo(), { startTime: 0 });
    await session.destroy();
    expect(released).to.have.length(1);
    expect(released[0]?.player).to.equal(made[0]);
    expect(released[0]?.destroyedThen).to.equal(false);
    expect(made[0]?.destroyed).to.equal(true);
  });

  it('creates and configures one player, attaches it once, and loads at the start time', async () => {
    const { session, players } = build();
    const video = fakeVideo();
    await session.loader('http://x/a.mpd', video, { startTime: 12.5 });
    await session.loader('http://x/b.mpd', video, { startTime: 3 });
    expect(players).to.have.length(1);
    const p = players[0];
    expect(p?.configured[0]).to.deep.equal({ streaming: { bufferingGoal: 12 } });
    expect(p?.calls).to.deep.equal(['attach', 'load http://x/a.mpd @12.5', 'load http://x/b.mpd @3']);
  });

  it('runs beforePlay after the load and waits for it (the timed start)', async () => {
    const { session, players } = build();
    const order: string[] = [];
    let release: () => void = () => {};
    const pending = session.loader('http://x/a.mpd', fakeVideo(), {
      startTime: 0,
      beforePlay: () => {
        order.push(`beforePlay after ${players[0]?.calls.at(-1)}`);
        return new Promise<void>((r) => (release = r));
      },
    });
    let resolved = false;
    void pending.then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).to.deep.equal(['beforePlay after load http://x/a.mpd @0']);
    expect(resolved).to.equal(false);
    release();
    await pending;
    expect(resolved).to.equal(true);
  });

  it('the unloader unloads the player; before any load it does nothing', async () => {
    const { session, players } = build();
    await session.unloader(fakeVideo());
    expect(players).to.have.length(0);
    const video = fakeVideo();
    await session.loader('http://x/a.mpd', video, { startTime: 1 });
    await session.unloader(video);
    expect(players[0]?.calls.at(-1)).to.equal('unload');
  });

  it('a load failure rejects the loader (VideoPlayer turns it into $videoPlayerError)', async () => {
    const { session, players } = build();
    const video = fakeVideo();
    await session.loader('http://x/a.mpd', video, { startTime: 0 });
    const p = players[0];
    if (p) p.failNext = Object.assign(new Error('manifest'), { code: 1001 });
    let caught: unknown = null;
    await session.loader('http://x/bad.mpd', video, { startTime: 0 }).catch((e: unknown) => (caught = e));
    expect((caught as { code?: number } | null)?.code).to.equal(1001);
  });

  it('uses a preload made for the same URL at the wanted start, and puts the element exactly there', async () => {
    const { session, players } = build();
    session.preload('ch:two', 'http://x/two.mpd', 40);
    const video = fakeVideo();
    await session.loader('http://x/two.mpd', video, { startTime: 40.02 });
    expect(players[0]?.calls).to.deep.equal(['preload http://x/two.mpd @40', 'attach', 'load preload http://x/two.mpd']);
    expect(video.currentTime).to.equal(40.02);
    expect(session.preloadKeys).to.deep.equal([]);
  });

  it('loads fresh when the preload is too far behind the wanted start (its segments would not help), and drops it', async () => {
    const { session, players } = build();
    session.preload('ch:two', 'http://x/two.mpd', 40);
    const video = fakeVideo();
    await session.loader('http://x/two.mpd', video, { startTime: 40 + LOAD_DEFAULTS.preloadUsableAheadSec + 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(players[0]?.calls.at(-1)).to.equal(`load http://x/two.mpd @${40 + LOAD_DEFAULTS.preloadUsableAheadSec + 1}`);
    expect(players[0]?.preloads[0]?.destroyed).to.equal(true);
    expect(session.preloadKeys).to.deep.equal([]);
  });

  it('retainPreloads destroys exactly the preloads not kept; replacing a key destroys the old one', async () => {
    const { session, players } = build();
    session.preload('ch:a', 'http://x/a.mpd', 1);
    session.preload('ch:b', 'http://x/b.mpd', 1);
    session.preload('ch:b', 'http://x/b2.mpd', 2);
    session.retainPreloads(new Set(['ch:b']));
    await new Promise((r) => setTimeout(r, 5));
    const [a, b1, b2] = players[0]?.preloads ?? [];
    expect(a?.destroyed).to.equal(true);
    expect(b1?.destroyed).to.equal(true);
    expect(b2?.destroyed).to.equal(false);
    expect(session.hasPreload('ch:b', 'http://x/b2.mpd')).to.equal(true);
    expect(session.preloadKeys).to.deep.equal(['ch:b']);
  });

  it('forwards Shaka error events and destroy tears everything down', async () => {
    const { session, players, errors } = build();
    await session.loader('http://x/a.mpd', fakeVideo(), { startTime: 0 });
    session.preload('ch:z', 'http://x/z.mpd', 0);
    const p = players[0];
    p?.listeners.get('error')?.(Object.assign(new Event('error'), { detail: { code: 3016 } }));
    expect(errors).to.deep.equal([{ code: 3016 }]);
    await session.destroy();
    await new Promise((r) => setTimeout(r, 5));
    expect(p?.destroyed).to.equal(true);
    expect(p?.listeners.size).to.equal(0);
    expect(p?.preloads[0]?.destroyed).to.equal(true);
  });

  it("with the engine's early-seek delay, holds the start seek Shaka makes before a frame, per load", async () => {
    const timers = new FakeTimers();
    const seeks: number[] = [];
    const timeAccessor = { get: () => 0, set: (v: unknown) => void seeks.push(Number(v)) };
    const proto = {}; // the engine's accessor lives on the prototype, as in the DOM
    Object.defineProperty(proto, 'currentTime', { configurable: true, get: timeAccessor.get, set: timeAccessor.set });
    const video = Object.assign(Object.create(proto) as object, { readyState: 1, addEventListener() {}, removeEventListener() {} }) as unknown as HTMLVideoElement;
    const session = new ShakaSession<FakePreload>({
      createPlayer: () => new FakePlayer(),
      config: {},
      mimeType: null,
      onError: () => {},
      earlySeekDelayMs: 150,
      timers,
      timeAccessor,
    });
    await session.loader('http://x/a.mpd', video, { startTime: 12 });
    video.currentTime = 12; // Shaka's start seek, at readyState 1
    expect(seeks).to.deep.equal([]);
    timers.advance(150);
    expect(seeks).to.deep.equal([12]);
    await session.loader('http://x/b.mpd', video, { startTime: 3 });
    video.currentTime = 3;
    await session.loader('http://x/c.mpd', video, { startTime: 5 }); // a newer load makes the waiting seek now
    expect(seeks).to.deep.equal([12, 3]);
    await session.destroy();
  });

  it('streams again after a network failure outlasted every retry (an origin away), and only then', async () => {
    const { session, players } = build();
    await session.loader('http://x/a.mpd', fakeVideo(), { startTime: 0 });
    const p = players[0];
    const failure = (p?.configured ?? [])
      .map((c) => (c as { streaming?: { failureCallback?: (e: { category?: number; code?: number }) => void } }).streaming?.failureCallback)
      .find((f) => f !== undefined);
    expect(failure, 'a streaming failure callback configured').to.be.a('function');
    failure?.({ category: 1, code: 1001 }); // BAD_HTTP_STATUS
    failure?.({ category: 1, code: 1003 }); // TIMEOUT
    expect(p?.retries).to.deep.equal([LOAD_DEFAULTS.streamingRetryDelaySec, LOAD_DEFAULTS.streamingRetryDelaySec]);
    failure?.({ category: 3, code: 3016 }); // a media error: retrying the same bytes would not help
    expect(p?.retries).to.have.length(2);
    await session.destroy();
  });
});
