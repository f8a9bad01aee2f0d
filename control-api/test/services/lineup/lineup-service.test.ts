import { expect } from 'chai';
import { LineupService, type LineupChange } from '../../../src/services/lineup/index.js';
import { EmbeddedStore } from '../../../src/store/embedded-store.js';
import type { Asset } from '../../../src/contracts/lineup.js';
import { TempDirs } from '../../store/temp-dirs.js';
import { HOUR, MINUTE, T0, makeAsset, makeChannel, makeProgram } from '../../store/builders.js';
import { FakeClock, settle } from '../../fake-time.js';
import { silentLogger } from '../../../src/contracts/logger.js';
import { captureLogger } from '../../../src/logging/capture-logger.js';

describe('services/lineup/LineupService', () => {
  const temp = new TempDirs();
  let store: EmbeddedStore;
  let t: number;
  let lineup: LineupService;
  let a10: Asset;
  let a20: Asset;

  beforeEach(async () => {
    store = await EmbeddedStore.open({ dataDir: await temp.make(), logger: silentLogger() });
    t = T0;
    lineup = new LineupService({ store, clock: () => t });
    a10 = makeAsset({ durationMs: 10 * MINUTE });
    a20 = makeAsset({ durationMs: 20 * MINUTE });
    await lineup.putAsset(a10);
    await lineup.putAsset(a20);
  });
  afterEach(async () => {
    await store.close();
    await temp.removeAll();
  });

  async function explicitChannel() {
    const ch = await lineup.createChannel({ id: 'explicit', number: 1, name: 'Explicit' });
    await lineup.replaceSchedule(ch.id, T0, T0 + 2 * HOUR, [
      { assetId: a10.id, startMs: T0 },
      { assetId: a20.id, startMs: T0 + 10 * MINUTE },
      { assetId: a10.id, startMs: T0 + 40 * MINUTE, inMs: 60_000, durationMs: 5 * MINUTE }, // a gap before it
    ]);
    return ch;
  }
  async function loopChannel() {
    return lineup.createChannel({
      id: 'looping',
      number: 2,
      name: 'Looping',
      loop: { epochMs: T0, items: [{ assetId: a10.id }, { assetId: a20.id, inMs: 30_000, durationMs: 5 * MINUTE }] },
    });
  }

  it('answers now for an explicit channel: current, next, offset, gaps', async () => {
    await explicitChannel();
    const at = await lineup.now('explicit', T0 + 12 * MINUTE);
    expect(at?.current?.assetId).to.equal(a20.id);
    expect(at?.offsetMs).to.equal(2 * MINUTE);
    expect(at?.next?.startMs).to.equal(T0 + 40 * MINUTE);
    const gap = await lineup.now('explicit', T0 + 35 * MINUTE);
    expect(gap?.current).to.equal(null);
    expect(gap?.offsetMs).to.equal(null);
    expect(gap?.next?.inMs).to.equal(60_000);
    const clip = await lineup.now('explicit', T0 + 41 * MINUTE);
    expect(clip?.offsetMs).to.equal(60_000 + MINUTE);
    expect(await lineup.now('nope', T0)).to.equal(null);
  });

  it('answers now for a loop channel across its wrap point (cycle of 15 minutes)', async () => {
    await loopChannel();
    const end = await lineup.now('looping', T0 + 15 * MINUTE - 1);
    expect(end?.current).to.include({ assetId: a20.id, id: 'looping-c0-i1', inMs: 30_000 });
    expect(end?.offsetMs).to.equal(30_000 + 5 * MINUTE - 1);
    expect(end?.next).to.include({ id: 'looping-c1-i0', startMs: T0 + 15 * MINUTE });
    const wrapped = await lineup.now('looping', T0 + 15 * MINUTE);
    expect(wrapped?.current).to.include({ id: 'looping-c1-i0', assetId: a10.id, startMs: T0 + 15 * MINUTE });
    expect(wrapped?.offsetMs).to.equal(0);
    const before = await lineup.now('looping', T0 - 1);
    expect(before?.current).to.equal(null);
    expect(before?.next?.startMs).to.equal(T0);
  });

  it('makes the EPG and now the same function of time, for both kinds of channel', async () => {
    await explicitChannel();
    await loopChannel();
    const from = T0 - 30 * MINUTE;
    const to = T0 + 3 * HOUR;
    const epg = await lineup.epg(from, to);
    expect(epg.map((e) => e.channel.id)).to.deep.equal(['explicit', 'looping']);
    for (let tm = from; tm < to; tm += 97_000) {
      for (const entry of epg) {
        const inEpg = entry.programs.find((p) => p.startMs <= tm && tm < p.endMs) ?? null;
        const now = await lineup.now(entry.channel.id, tm);
        expect(now?.current ?? null, `${entry.channel.id} at +${tm - T0} ms`).to.deep.equal(inEpg);
      }
    }
  });

  it('gives the next boundary for timers, for both kinds', async () => {
    await explicitChannel();
    await loopChannel();
    expect(await lineup.nextBoundaryAfter('explicit', T0 + MINUTE)).to.equal(T0 + 10 * MINUTE);
    expect(await lineup.nextBoundaryAfter('explicit', T0 + 31 * MINUTE)).to.equal(T0 + 40 * MINUTE); // gap: next start
    expect(await lineup.nextBoundaryAfter('explicit', T0 + 50 * MINUTE)).to.equal(null);
    expect(await lineup.nextBoundaryAfter('looping', T0 + 14 * MINUTE)).to.equal(T0 + 15 * MINUTE);
    expect(await lineup.nextBoundaryAfter('looping', T0 - HOUR)).to.equal(T0);
  });

  it('invalidates on every mutation, bumps the version and tells listeners', async () => {
    const changes: LineupChange[] = [];
    lineup.onChange((c) => changes.push(c));
    const ch = await explicitChannel();
    expect((await lineup.now(ch.id, T0 + MINUTE))?.current?.assetId).to.equal(a10.id);
    const v1 = lineup.version();
    const [first] = (await lineup.window(ch.id, T0, T0 + MINUTE)) ?? [];
    await lineup.deleteProgram(ch.id, first?.id ?? 'missing');
    expect((await lineup.now(ch.id, T0 + MINUTE))?.current).to.equal(null);
    expect(lineup.version()).to.be.above(v1);
    await lineup.putAsset({ ...a20, title: 'Renamed' });
    expect((await lineup.now(ch.id, T0 + 11 * MINUTE))?.current?.title).to.equal(a20.title); // program keeps its title
    await lineup.updateChannel(ch.id, { name: 'Renamed channel' });
    expect((await lineup.now(ch.id, T0))?.channel.name).to.equal('Renamed channel');
    expect(changes.map((c) => c.reason)).to.deep.equal(['channels', 'schedule', 'schedule', 'assets', 'channels']);
    expect(changes.every((c, i) => i === 0 || c.version > (changes[i - 1]?.version ?? 0))).to.equal(true);
  });

  it('a listener that throws is logged on the given logger (error, coded) and the others still hear', async () => {
    const log = captureLogger();
    const logged = new LineupService({ store, clock: () => t, logger: log.logger.child({ component: 'lineup' }) });
    const heard: string[] = [];
    logged.onChange(() => {
      throw new Error('listener broke');
    });
    logged.onChange((c) => heard.push(c.reason));
    await logged.updateChannel((await explicitChannel()).id, { name: 'Renamed' });
    expect(heard).to.include('channels');
    const errors = log.at('error');
    expect(errors).to.have.length.greaterThan(0);
    expect(errors[0]).to.include({ component: 'lineup', code: 'SS_LINEUP_LISTENER_FAILED', msg: 'lineup listener failed', reason: 'channels' });
    expect(errors[0]?.err).to.deep.include({ message: 'listener broke' });
  });

  it('notices changes another process made to the store (version polling)', async () => {
    const ch = await explicitChannel();
    expect((await lineup.window(ch.id, T0, T0 + HOUR))?.length).to.equal(3);
    await store.insertProgram(makeProgram({ channelId: ch.id, assetId: a10.id, startMs: T0 + HOUR, durationMs: MINUTE }));
    t += lineup.config.versionPollMs + 1;
    const heard = new Promise<string>((resolve) => lineup.onChange((c) => resolve(c.reason)));
    await lineup.window(ch.id, T0, T0 + 2 * HOUR); // triggers the poll
    expect(await heard).to.equal('external');
    expect((await lineup.window(ch.id, T0, T0 + 2 * HOUR))?.length).to.equal(4);
  });

  it('loads what the store already holds (a restart)', async () => {
    const ch = makeChannel({ id: 'stored' });
    await store.createChannel(ch);
    await store.insertProgram(makeProgram({ channelId: ch.id, assetId: a10.id, startMs: T0, durationMs: 10 * MINUTE }));
    const fresh = new LineupService({ store, clock: () => t });
    await fresh.init();
    expect((await fresh.now(ch.id, T0 + 1))?.current?.assetId).to.equal(a10.id);
    expect(fresh.version()).to.equal(await store.lineupVersion());
  });

  it('only lists enabled channels in nowAll and the EPG', async () => {
    await explicitChannel();
    await loopChannel();
    await lineup.updateChannel('looping', { enabled: false });
    expect((await lineup.nowAll(T0)).map((n) => n.channel.id)).to.deep.equal(['explicit']);
    expect((await lineup.epg(T0, T0 + HOUR)).map((e) => e.channel.id)).to.deep.equal(['explicit']);
    expect(await lineup.now('looping', T0)).to.not.equal(null);
  });

  it("ratings: an airing has its program's own, else its asset's, in now, windows and the EPG; an asset's new rating reaches them all", async () => {
    const pg = { scheme: 'mpaa', value: 'PG' } as const;
    const tv14 = { scheme: 'us-tv', value: 'TV-14' } as const;
    await lineup.createChannel({ id: 'rated', number: 3, name: 'Rated' });
    await lineup.replaceSchedule('rated', T0, T0 + HOUR, [
      { assetId: a10.id, startMs: T0, rating: pg },
      { assetId: a20.id, startMs: T0 + 10 * MINUTE },
    ]);
    await loopChannel(); // a10 for 10 minutes, then 5 minutes of a20
    const ratingAt = async (id: string, tm: number) => (await lineup.now(id, tm))?.current?.rating ?? 'unrated';
    expect(await ratingAt('rated', T0)).to.deep.equal(pg);
    expect(await ratingAt('rated', T0 + 11 * MINUTE)).to.equal('unrated');
    expect(await ratingAt('looping', T0 + 11 * MINUTE)).to.equal('unrated');

    const rated = await lineup.setAssetRating(a20.id, tv14);
    expect(rated).to.include({ updatedAt: t });
    expect(rated.rating).to.deep.equal(tv14);
    await lineup.setAssetRating(a10.id, { scheme: 'age', value: 16 });
    expect(await ratingAt('rated', T0)).to.deep.equal(pg); // the program's own wins
    expect(await ratingAt('rated', T0 + 11 * MINUTE)).to.deep.equal(tv14);
    expect(await ratingAt('looping', T0 + MINUTE)).to.deep.equal({ scheme: 'age', value: 16 });
    expect(await ratingAt('looping', T0 + 11 * MINUTE)).to.deep.equal(tv14);
    const epg = await lineup.epg(T0, T0 + 15 * MINUTE);
    expect(epg.map((e) => e.programs.map((p) => p.rating))).to.deep.equal([[{ scheme: 'age', value: 16 }, tv14], [pg, tv14]]); // looping (2), rated (3)

    // Re-registering the file (the pipeline knows nothing of ratings) keeps it; null clears it.
    await lineup.putAsset({ ...a20, title: 'Re-registered' });
    expect((await lineup.asset(a20.id))?.rating).to.deep.equal(tv14);
    expect(await ratingAt('rated', T0 + 11 * MINUTE)).to.deep.equal(tv14);
    await lineup.putAsset({ ...a20, rating: null });
    expect((await lineup.asset(a20.id))?.rating).to.equal(null);
    expect(await ratingAt('rated', T0 + 11 * MINUTE)).to.equal('unrated');
    await expectCode(lineup.setAssetRating('missing', tv14), 'SS_ASSET_NOT_FOUND');
  });

  it('refuses windows that are reversed, too long, or would hold too many programs', async () => {
    await loopChannel();
    const small = new LineupService({ store, clock: () => t, config: { maxProgramsPerWindow: 3 } });
    await expectCode(lineup.window('looping', T0 + 1, T0), 'SS_INVALID_RANGE');
    await expectCode(lineup.epg(T0, T0 + 30 * 24 * HOUR), 'SS_INVALID_RANGE');
    await expectCode(small.window('looping', T0, T0 + 10 * HOUR), 'SS_INVALID_RANGE');
  });
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    expect((err as { code?: string }).code).to.equal(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('services/lineup/LineupService version polling', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  it('tells listeners about changes another process made, without any read', async () => {
    const store = await EmbeddedStore.open({ dataDir: await temp.make(), logger: silentLogger() });
    const clock = new FakeClock();
    const lineup = new LineupService({ store, clock: clock.now, timers: clock, config: { versionPollMs: 2000 } });
    await lineup.init();
    const reasons: string[] = [];
    const heard = new Promise<void>((resolve) =>
      lineup.onChange((c) => {
        reasons.push(c.reason);
        resolve();
      }),
    );
    const stop = lineup.startVersionPolling();
    try {
      await store.createChannel(makeChannel({ id: 'elsewhere' }));
      clock.advance(1999);
      await settle();
      expect(reasons, 'no poll before the interval').to.deep.equal([]);
      clock.advance(1);
      await heard;
      expect(reasons).to.deep.equal(['external']);
      expect((await lineup.channel('elsewhere'))?.id).to.equal('elsewhere');
      expect(clock.pendingDelays(), 'polling goes on').to.deep.equal([2000]);
    } finally {
      stop();
      await store.close();
    }
    expect(clock.pendingCount, 'stopped: no timer left').to.equal(0);
  });
});
