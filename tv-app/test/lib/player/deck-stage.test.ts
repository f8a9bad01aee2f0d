import { expect } from 'chai';
import { PlaybackController } from '../../../src/core/sync/playback-controller.js';
import { DECK_STAGE_DEFAULTS, DeckStage, type DeckStageEvents } from '../../../src/lib/player/deck-stage.js';
import type { LoadRequest } from '../../../src/lib/player/shaka-session.js';
import type { VideoPlayerApi } from '../../../src/lib/player/video-port.js';

/** Just enough of an HTMLVideoElement for the decks (style, attributes, events, play/pause). */
class FakeVideo {
  style: Record<string, string> = { top: '0px', left: '0px', width: '960px', height: '540px' };
  attrs = new Map<string, string>();
  id = '';
  muted = true;
  paused = true;
  currentTime = 0;
  readyState = 0;
  buffered = { length: 0, start: () => 0, end: () => 0 };
  playbackRate = 1;
  seeking = false;
  ended = false;
  preservesPitch = true;
  removed = false;
  listeners = new Map<string, Set<EventListener>>();
  setAttribute(k: string, v: string) {
    this.attrs.set(k, v);
  }
  removeAttribute(k: string) {
    this.attrs.delete(k);
  }
  addEventListener(t: string, h: EventListener) {
    if (!this.listeners.has(t)) this.listeners.set(t, new Set());
    this.listeners.get(t)?.add(h);
  }
  removeEventListener(t: string, h: EventListener) {
    this.listeners.get(t)?.delete(h);
  }
  pause() {
    this.paused = true;
  }
  async play() {
    this.paused = false;
  }
  remove() {
    this.removed = true;
  }
}

function asVideo(v: FakeVideo): HTMLVideoElement {
  return v as unknown as HTMLVideoElement;
}

class FakeVideoPlayer implements VideoPlayerApi {
  readonly el = new FakeVideo();
  log: string[] = [];
  consumer() {}
  loader() {}
  unloader() {}
  /** The last open()'s request: its beforePlay is the VideoPlayer reaching the start, paused. */
  lastRequest: Partial<LoadRequest> | undefined;
  open(url: string, request?: Partial<LoadRequest>) {
    this.log.push(`open ${url}`);
    this.lastRequest = request;
  }
  close() {
    this.log.push('close');
  }
  play() {}
  pause() {}
  show() {}
  hide() {}
  area() {}
  get _videoEl() {
    return asVideo(this.el);
  }
}

function build(maxDecks = 2) {
  const videoPlayer = new FakeVideoPlayer();
  const created: FakeVideo[] = [];
  const body: FakeVideo[] = [];
  const doc = {
    createElement: () => {
      const v = new FakeVideo();
      created.push(v);
      return v;
    },
    body: { appendChild: (v: FakeVideo) => body.push(v) },
  } as unknown as Document;
  const events: string[] = [];
  const sessionLog: string[] = [];
  let failLoad: Error | null = null;
  let hold: Promise<void> | null = null;
  const pageEvents: DeckStageEvents = {
    onStarted: () => events.push('started'),
    onLoading: () => events.push('loading'),
    onCued: () => events.push('cued'),
    onError: (e, where) => events.push(`error ${(e as Error).message} onAir=${where.onAir} deck=${where.deck}`),
  };
  const pair = new DeckStage({
    videoPlayer,
    controller: new PlaybackController(),
    controllerOptions: {},
    createSession: () => ({
      loader: async (url: string, _v: HTMLVideoElement, req?: Partial<LoadRequest>) => {
        sessionLog.push(`load ${url} @${req?.startTime}`);
        await (hold ?? Promise.resolve());
        if (failLoad) throw failLoad;
      },
      unloader: async () => {
        sessionLog.push('unload');
      },
      destroy: async () => sessionLog.push('destroy'),
      configure: (config: object) => sessionLog.push(`configure ${JSON.stringify(config)}`),
    }),
    document: doc,
    events: pageEvents,
    maxDecks,
  });
  const holdLoads = (): (() => void) => {
    let release = () => {};
    hold = new Promise<void>((r) => (release = r));
    return release;
  };
  return { pair, videoPlayer, created, body, events, sessionLog, failWith: (e: Error | null) => (failLoad = e), holdLoads };
}

const ON_AIR = DECK_STAGE_DEFAULTS.onAirAttribute;

describe('lib/deck-stage', () => {
  it('puts deck A in front at first and creates deck B (behind, hidden) on first use', () => {
    const { pair, videoPlayer, created, body } = build();
    expect(videoPlayer.el.attrs.get(ON_AIR)).to.equal('true');
    expect(videoPlayer.el.style.zIndex).to.equal(DECK_STAGE_DEFAULTS.frontZ);
    expect(created).to.have.length(0);
    const b = pair.deck(1);
    expect(pair.deck(1).controller).to.equal(b.controller); // one deck B
    expect(created).to.have.length(1);
    expect(body).to.have.length(1);
    const el = created[0];
    expect(el?.style.zIndex).to.equal(DECK_STAGE_DEFAULTS.backZ);
    expect(el?.style.display).to.equal('none');
    expect(el?.style.width).to.equal('960px'); // the same area as the VideoPlayer's element
    expect(el?.preservesPitch).to.equal(false);
    expect(el?.attrs.has(ON_AIR)).to.equal(false);
  });

  it('swaps front and back in one call, and tells the page whether the new deck already plays', () => {
    const { pair, videoPlayer, created, events } = build();
    const b = pair.deck(1);
    b.media.load('http://tv/b.mpd', 0);
    expect(events).to.deep.equal([]); // deck B is not on air: the page hears nothing
    b.media.play();
    expect(events).to.deep.equal([]);
    pair.setOnAir(1);
    expect(events).to.deep.equal(['started']);
    expect(pair.onAir).to.equal(1);
    expect(created[0]?.attrs.get(ON_AIR)).to.equal('true');
    expect(created[0]?.style.zIndex).to.equal(DECK_STAGE_DEFAULTS.frontZ);
    expect(videoPlayer.el.attrs.has(ON_AIR)).to.equal(false);
    expect(videoPlayer.el.style.zIndex).to.equal(DECK_STAGE_DEFAULTS.backZ);
    expect(pair.onAirUrl()).to.equal('http://tv/b.mpd');
    expect(pair.onAirController()).to.equal(b.controller);
    pair.setPair(0, 1); // a tune goes back to deck A, which has not started anything
    expect(pair.onAir).to.equal(0);
    expect(events).to.deep.equal(['started', 'loading']);
  });

  it("reports deck B's failed load with where it was, and ignores a load that a newer one replaced", async () => {
    const { pair, events, failWith } = build();
    const b = pair.deck(1);
    failWith(new Error('boom'));
    b.media.load('http://tv/1.mpd', 0);
    b.media.load('http://tv/2.mpd', 0); // supersedes the first
    await new Promise((r) => setTimeout(r, 5));
    expect(events).to.deep.equal(['error boom onAir=false deck=1']);
  });

  it("shows no media while a load is in flight: the previous program's ready player does not pass for the next one", async () => {
    const { pair, videoPlayer, created, holdLoads } = build();
    // Deck B holds the next program paused at its in-point, ready; a lineup edit changes the next program.
    const b = pair.deck(1);
    b.media.load('http://tv/next.mpd', 0);
    await new Promise((r) => setTimeout(r, 1));
    const el = created[0] as FakeVideo;
    el.readyState = 4;
    expect(b.media.snapshot()).to.include({ readyState: 4, paused: true, currentTimeSec: 0 });
    const release = holdLoads();
    b.media.load('http://tv/edited.mpd', 0);
    expect(b.media.snapshot().readyState, 'deck B, the edited program loading').to.equal(0);
    release();
    await new Promise((r) => setTimeout(r, 1));
    expect(b.media.snapshot().readyState, 'deck B, the edited program held at its start').to.equal(4);

    // Deck A (the VideoPlayer's element): loading until the VideoPlayer reaches the start, paused.
    const a = pair.deck(0);
    a.media.load('http://tv/first.mpd', 0);
    videoPlayer.el.readyState = 4;
    expect(a.media.snapshot().readyState, 'deck A, loading').to.equal(0);
    void videoPlayer.lastRequest?.beforePlay?.(asVideo(videoPlayer.el));
    expect(a.media.snapshot().readyState, 'deck A, held at the start').to.equal(4);
    a.media.load('http://tv/second.mpd', 0);
    expect(a.media.snapshot().readyState, 'deck A, the next load').to.equal(0);
  });

  it("counts joins, seeks, rate changes and restarts over the tune's two decks, whichever is on air", () => {
    const { pair } = build();
    pair.setPair(0, 1);
    const player = { currentTimeSec: 0, paused: true, readyState: 0, playbackRate: 1, seeking: false };
    const target = (id: string) => ({ id, startMs: 1_000_000, inMs: 0, durationMs: 10_000 });
    pair.deck(0).controller.tick({ localNowMs: 1_000_500, serverNowMs: 1_000_500, target: target('a'), player });
    pair.deck(1).controller.tick({ localNowMs: 1_000_500, serverNowMs: 1_000_500, target: target('b'), player });
    expect(pair.deck(0).controller.stats().joins).to.equal(1);
    expect(pair.stats().joins, 'deck A on air').to.equal(2);
    pair.setOnAir(1);
    expect(pair.stats().joins, 'deck B on air').to.equal(2);
  });

  it('releases deck B on stop and removes its element on dispose', async () => {
    const { pair, created, sessionLog } = build();
    const b = pair.deck(1);
    b.media.load('http://tv/b.mpd', 3);
    b.media.stop();
    expect(created[0]?.style.display).to.equal('none');
    expect(b.media.loadedUrl()).to.equal(null);
    pair.dispose();
    await new Promise((r) => setTimeout(r, 5));
    expect(created[0]?.removed).to.equal(true);
    expect(sessionLog).to.include.members(['load http://tv/b.mpd @3', 'unload', 'destroy']);
  });

  it('with ready neighbours: more decks, only the one on air heard, and their counters apart from the tune', () => {
    const { pair, videoPlayer, created, events } = build(4);
    pair.setPair(0, 1);
    const neighbour = pair.deck(3);
    expect(created.map((v) => v.id)).to.deep.equal(['video-player-d']);
    expect(created[0]?.muted, 'a neighbour behind the picture is not heard').to.equal(true);
    neighbour.media.load('http://tv/ch7.mpd', 12);
    neighbour.media.play();
    expect(events, 'a neighbour off air says nothing to the page').to.deep.equal([]);
    const player = { currentTimeSec: 0, paused: true, readyState: 0, playbackRate: 1, seeking: false };
    const target = { id: 'n', startMs: 1_000_000, inMs: 0 };
    neighbour.controller.tick({ localNowMs: 1_000_500, serverNowMs: 1_000_500, target, player });
    expect(pair.stats().joins, "a neighbour's joins are not the tune's").to.equal(0);
    expect(pair.isStarted(3)).to.equal(true);
    // CH+: the neighbour's deck goes on air as it plays; the picture is up at once.
    pair.setPair(3, 2);
    expect(events).to.deep.equal(['started']);
    expect(created[0]?.attrs.get(ON_AIR)).to.equal('true');
    expect(created[0]?.style.zIndex).to.equal(DECK_STAGE_DEFAULTS.frontZ);
    expect(created[0]?.muted, 'on air: heard').to.equal(false);
    expect(videoPlayer.el.muted, 'deck A behind: quiet').to.equal(true);
    expect(videoPlayer.el.attrs.has(ON_AIR)).to.equal(false);
    expect(pair.onAirUrl()).to.equal('http://tv/ch7.mpd');
    expect(pair.stats().joins, 'on air, its joins count').to.equal(1);
    expect(pair.partnerDeck).to.equal(2);
    pair.setOnAir(2); // a boundary on the new tune: its two decks swap roles
    expect(pair.partnerDeck).to.equal(3);
    expect(() => pair.deck(4), 'no deck beyond the stage').to.throw(RangeError);
  });

  it('blocked (the parental lock), no deck is seen or heard, a swap included; unblocked, each has its sound back', () => {
    for (const maxDecks of [2, 4]) {
      const { pair, videoPlayer, created } = build(maxDecks);
      videoPlayer.el.muted = false; // heard on air
      pair.setPair(0, 1);
      pair.setBlocked(true);
      expect(pair.isBlocked).to.equal(true);
      const els = () => [videoPlayer.el, ...created];
      expect(els().map((v) => [v.style.opacity, v.muted]), `${maxDecks} decks, blocked`).to.deep.equal(els().map(() => ['0', true]));
      pair.setOnAir(1); // a boundary while locked
      if (maxDecks > 2) pair.deck(3); // a ready neighbour made meanwhile
      expect(els().every((v) => v.style.opacity === '0' && v.muted), `${maxDecks} decks, after a swap`).to.equal(true);
      pair.setBlocked(false);
      expect(els().every((v) => v.style.opacity === ''), 'seen again').to.equal(true);
      expect(created[0]?.muted, 'the deck on air is heard again').to.equal(false);
      if (maxDecks > 2) expect(videoPlayer.el.muted, 'behind: quiet').to.equal(true);
    }
  });

  it("tells the page when the deck on air holds its load's first frame, before its timed start", async () => {
    const { pair, videoPlayer, created, events } = build();
    pair.setPair(0, 1);
    const a = pair.deck(0);
    a.media.load('http://tv/one.mpd', 5);
    expect(events).to.deep.equal(['loading']);
    videoPlayer.el.readyState = 1; // the VideoPlayer holds the load at its start: no frame decoded yet
    void videoPlayer.lastRequest?.beforePlay?.(asVideo(videoPlayer.el));
    expect(events).to.deep.equal(['loading']);
    videoPlayer.el.readyState = 2;
    for (const h of videoPlayer.el.listeners.get('loadeddata') ?? []) h(new Event('loadeddata'));
    expect(events, 'its first frame is up, paused').to.deep.equal(['loading', 'cued']);
    a.media.play();
    expect(events).to.deep.equal(['loading', 'cued', 'started']);
    // Deck B behind: its frame is no news to the page until it goes on air, and a superseded load is never cued.
    const b = pair.deck(1);
    b.media.load('http://tv/old.mpd', 0);
    b.media.load('http://tv/two.mpd', 0);
    await new Promise((r) => setTimeout(r, 1));
    const el = created[0] as FakeVideo;
    el.readyState = 4;
    for (const h of el.listeners.get('loadeddata') ?? []) h(new Event('loadeddata'));
    expect(events).to.deep.equal(['loading', 'cued', 'started']);
    pair.setOnAir(1);
    expect(events.slice(-1)).to.deep.equal(['cued']);
  });
});

