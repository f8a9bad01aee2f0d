import { expect } from 'chai';
import { PlaybackController } from '../../../src/core/sync/playback-controller.js';
import type { PlayerSnapshot } from '../../../src/core/sync/playback-types.js';
import { ChannelSchedule } from '../../../src/lib/player/channel-schedule.js';
import type { DeckStage } from '../../../src/lib/player/deck-stage.js';
import type { MediaPort } from '../../../src/lib/player/playback-driver.js';
import { READY_NEIGHBOURS_DEFAULTS, ReadyNeighbours } from '../../../src/lib/player/ready-neighbours.js';
import { ChannelNav } from '../../../src/lib/remote/channel-nav.js';
import type { TvServices } from '../../../src/lib/util/tv-services.js';
import type { ChannelNow, ChannelSummary } from '../../../src/core/wire.js';
import { channelNow, program } from '../builders.js';

const T = 1_000_000; // server and local time of the test (ms)

/** What a deck's player reports, unless a test says otherwise: playing through. */
const PLAYING: PlayerSnapshot = { currentTimeSec: 5, paused: false, readyState: 4, playbackRate: 1, seeking: false, ended: false, waiting: false };

/** A media port that records what it is told; its snapshot is `players.get(index)` (default PLAYING). */
function port(log: string[], index: number, players: Map<number, PlayerSnapshot>): MediaPort {
  let url: string | null = null;
  return {
    load: (u) => {
      url = u;
      log.push(`${index} load ${u}`);
    },
    loadedUrl: () => url,
    bufferedFrom: () => 0,
    holdsFrameBefore: () => false,
    seekPaused: () => {},
    play: () => {},
    setRate: () => {},
    seek: () => {},
    stop: () => {
      url = null;
      log.push(`${index} stop`);
    },
    snapshot: () => players.get(index) ?? PLAYING,
  };
}

function build(count = 2, maxDecks = 4) {
  const clock = { now: T };
  const log: string[] = [];
  const started = new Set<number>();
  /** Per deck: the ABR bandwidth ceiling last configured (1: the lowest rung, behind the picture). */
  const configured = new Map<number, number>();
  const players = new Map<number, PlayerSnapshot>();
  const decks = Array.from({ length: maxDecks }, (_, i) => ({ controller: new PlaybackController(), media: port(log, i, players) }));
  const stage = {
    maxDecks,
    deck: (i: number) => decks[i],
    isStarted: (i: number) => started.has(i),
    onAirController: () => decks[0]?.controller,
    resetDeck: (i: number) => log.push(`${i} reset`),
    configureDeck: (i: number, config: { abr: { restrictions: { maxBandwidth: number } } }) => configured.set(i, config.abr.restrictions.maxBandwidth),
  } as unknown as DeckStage;
  const nav = new ChannelNav<ChannelSummary>(null);
  nav.setChannels(['one', 'two', 'three', 'four', 'five'].map((id, i) => ({ id, number: i + 1, name: id, logoUrl: null, group: '' })));
  nav.select('one');
  const asked: string[] = [];
  const pending = new Map<string, (now: ChannelNow) => void>();
  const services = {
    api: {
      channelNow: (id: string) => {
        asked.push(id);
        return new Promise<ChannelNow>((resolve) => pending.set(id, resolve));
      },
    },
    clock: { serverNow: (local?: number) => local ?? T },
    config: { protocol: 'dash', source: 'programs', liveLatencyMs: 8000 },
    apiBaseUrl: 'http://tv',
    localNow: () => clock.now,
    playAim: undefined,
  } as unknown as Pick<TvServices, 'api' | 'clock' | 'config' | 'apiBaseUrl' | 'localNow' | 'playAim'>;
  const frames = { requestAnimationFrame: () => 1, cancelAnimationFrame: () => {} };
  const neighbours = new ReadyNeighbours({ services, stage, nav, count, frames });
  /** Answers the pending now/next fetch of `id` with a program on air. */
  const answer = async (id: string) => {
    const p = program({ id: `${id}-p`, startMs: T - 5_000, endMs: T + 60_000 });
    const now = channelNow({ ...p, channelId: id }, null, T);
    pending.get(id)?.({ ...now, channel: { ...now.channel, id } });
    await new Promise((r) => setTimeout(r, 0));
  };
  return { neighbours, nav, log, started, asked, answer, configured, clock, players };
}

describe('lib/ready-neighbours', () => {
  it('readies the channel above, then the one below, one at a time, on the decks the tune leaves free', async () => {
    const { neighbours, log, started, asked, answer } = build();
    neighbours.readyNext(new Set([0, 1]));
    neighbours.readyNext(new Set([0, 1])); // the first is still loading: nothing more
    expect(asked).to.deep.equal(['two']);
    await answer('two');
    expect(log).to.deep.equal(['3 load http://tv/media/asset-two-p/manifest.mpd']);
    neighbours.readyNext(new Set([0, 1]));
    expect(asked, 'not before the first plays').to.deep.equal(['two']);
    started.add(3);
    neighbours.readyNext(new Set([0, 1]));
    expect(asked, 'the channel below (the lineup wraps)').to.deep.equal(['two', 'five']);
    await answer('five');
    expect(neighbours.state()).to.deep.equal([
      { channelId: 'two', deck: 3, playing: true },
      { channelId: 'five', deck: 2, playing: false },
    ]);
    neighbours.dispose();
  });

  it('hands over a playing neighbour (its deck keeps playing), and stops one that does not play yet', async () => {
    const { neighbours, log, started, answer, configured } = build();
    neighbours.readyNext(new Set([0, 1]));
    await answer('two');
    expect(configured.get(3), 'behind the picture: the lowest rung').to.equal(1);
    started.add(3);
    neighbours.readyNext(new Set([0, 1]));
    await answer('five');
    log.length = 0;
    const taken = neighbours.take('two');
    expect(configured.get(3), 'on air: no ceiling').to.equal(Number.POSITIVE_INFINITY);
    expect(taken?.deck).to.equal(3);
    expect(taken?.schedule.channelId).to.equal('two');
    expect(log, 'no stop, no load').to.deep.equal([]);
    expect(neighbours.take('five'), 'still loading').to.equal(null);
    expect(log).to.deep.equal(['2 stop']);
    expect(neighbours.take('three'), 'never readied').to.equal(null);
    neighbours.dispose();
  });

  it('does not hand over a neighbour that is not playing through this instant (stalled, short of data, seeking, paused): the tune loads the channel', async () => {
    for (const [why, player] of [
      ['a `waiting` behind the picture', { ...PLAYING, waiting: true }],
      ['short of future data', { ...PLAYING, readyState: 2 }],
      ['seeking', { ...PLAYING, seeking: true }],
      ['paused (a re-join)', { ...PLAYING, paused: true }],
    ] as const) {
      const { neighbours, log, started, answer, players } = build();
      neighbours.readyNext(new Set([0, 1]));
      await answer('two');
      started.add(3);
      players.set(3, player);
      log.length = 0;
      expect(neighbours.take('two'), why).to.equal(null);
      expect(log, `${why}: its deck stops`).to.deep.equal(['3 stop']);
      neighbours.dispose();
    }
  });

  it('keeps the deck of the channel left when it neighbours the new one, and releases the others', async () => {
    const { neighbours, nav, log, started, answer } = build();
    neighbours.readyNext(new Set([0, 1]));
    await answer('two');
    started.add(3);
    neighbours.readyNext(new Set([0, 1]));
    await answer('five');
    // CH+: two goes on air; one (left, on deck 0) stays ready below it; five no longer neighbours two.
    nav.select('two');
    const taken = neighbours.take('two');
    expect(taken?.deck).to.equal(3);
    const left = new ChannelSchedule(channelNow(program({ id: 'one-p', startMs: T - 1_000, endMs: T + 9_000 }), null, T), 'dash', 'http://tv');
    log.length = 0;
    expect(neighbours.keep('one', 0, left)).to.equal(true);
    expect(log, 'five released').to.include('2 stop');
    expect(log, 'one kept playing on its deck').to.not.include('0 stop');
    expect(neighbours.decks()).to.deep.equal(new Set([0]));
    expect(neighbours.keep('four', 1, left), 'four neighbours neither side of two').to.equal(false);
    neighbours.dispose();
    expect(log).to.include('0 stop');
  });

  it('keeps none with a count of 0, and only the channel above with 1', async () => {
    const none = build(0);
    none.neighbours.readyNext(new Set([0, 1]));
    expect(none.asked).to.deep.equal([]);
    const one = build(1);
    one.neighbours.readyNext(new Set([0, 1]));
    await one.answer('two');
    one.started.add(3);
    one.neighbours.readyNext(new Set([0, 1]));
    expect(one.asked).to.deep.equal(['two']);
    one.neighbours.dispose();
  });

  it('releases a neighbour whose load failed, and makes it again later', async () => {
    const { neighbours, log, asked, answer } = build();
    neighbours.readyNext(new Set([0, 1]));
    await answer('two');
    expect(neighbours.failed(3)).to.equal(true);
    expect(log.slice(-2)).to.deep.equal(['3 reset', '3 stop']);
    expect(neighbours.failed(2), 'a deck no neighbour holds').to.equal(false);
    neighbours.readyNext(new Set([0, 1]));
    expect(asked).to.deep.equal(['two', 'two']);
    neighbours.dispose();
  });

  it('paces itself by the picture on air: none while it is not locked, all released (and none for a while) when the link cannot afford them', async () => {
    const { neighbours, log, started, asked, answer, clock } = build();
    const busy = new Set([0, 1]);
    const rich = { locked: true, estimatedBps: 50_000_000, rungBps: 1_000_000 };
    neighbours.pace(busy, { ...rich, locked: false });
    expect(asked, 'not while the picture on air locks').to.deep.equal([]);
    neighbours.pace(busy, rich);
    await answer('two');
    started.add(3);
    neighbours.pace(busy, { ...rich, estimatedBps: 0 }); // no estimate yet: no verdict on the link
    await answer('five');
    expect(neighbours.decks()).to.deep.equal(new Set([3, 2]));
    // The link drops to 2.5x the rung on air: the neighbours' downloads would take the picture's bandwidth.
    log.length = 0;
    neighbours.pace(busy, { locked: true, estimatedBps: 2_500_000, rungBps: 1_000_000 });
    expect(neighbours.decks()).to.deep.equal(new Set());
    expect(log).to.include.members(['3 stop', '2 stop']);
    clock.now += READY_NEIGHBOURS_DEFAULTS.holdOffMs - 1;
    neighbours.pace(busy, rich);
    expect(asked, 'held off').to.deep.equal(['two', 'five']);
    clock.now += 1;
    neighbours.pace(busy, rich);
    expect(asked, 'made again once the hold-off is over').to.deep.equal(['two', 'five', 'two']);
    neighbours.dispose();
  });
});

