// The contract every LineupStore adapter passes. Register it with storeContract(name, makeStore):
// makeStore returns a fresh, empty store for each test; the suite closes it after the test.
import { expect } from 'chai';
import { StoreConflictError, StoreInputError, type LineupStore } from '../../src/contracts/lineup-store.js';
import type { ChatMessage } from '../../src/contracts/chat.js';
import { HOUR, MINUTE, T0, makeAsset, makeChannel, makeChatMessage, makeCollection, makeJob, makeOverride, makeProgram, makeProgrammingVersion, makeSchedule } from './builders.js';

/** Awaits a promise that must reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

async function expectConflict(promise: Promise<unknown>, field: string): Promise<void> {
  const err = await rejection(promise);
  expect(err).to.be.instanceOf(StoreConflictError);
  expect((err as StoreConflictError).field).to.equal(field);
}

/** Casts a hostile value to the declared parameter type, as an unvalidated caller might pass it. */
function hostile<T>(value: unknown): T {
  return value as T;
}

export interface ContractOptions {
  /**
   * Why the server cannot promise that two concurrent leases never get the same job (FerretDB 1.24:
   * findAndModify is not atomic). The test then says so by name and does not run; null: it runs.
   */
  noAtomicLease?: string | null;
}

export function storeContract(name: string, makeStore: () => Promise<LineupStore>, options: ContractOptions = {}): void {
  describe(`LineupStore contract: ${name}`, () => {
    let store: LineupStore;

    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('answers ping', async () => {
      expect(await store.ping()).to.equal(true);
    });

    describe('channels', () => {
      it('creates, reads back and lists channels sorted by number', async () => {
        const c7 = makeChannel({ number: 7 });
        const c2 = makeChannel({ number: 2, loop: { epochMs: T0, items: [{ assetId: 'a1', inMs: 5, durationMs: 1000 }] } });
        await store.createChannel(c7);
        await store.createChannel(c2);
        expect(await store.getChannel(c2.id)).to.deep.equal(c2);
        expect(await store.listChannels()).to.deep.equal([c2, c7]);
        expect(await store.getChannel('missing')).to.equal(null);
      });

      it('keeps startOver, and reads a channel stored before the field existed as allowing start-over', async () => {
        const forbids = makeChannel({ startOver: false });
        const { startOver, ...older } = makeChannel();
        void startOver;
        await store.createChannel(forbids);
        await store.createChannel(older);
        expect(await store.getChannel(forbids.id)).to.deep.equal(forbids);
        expect(await store.getChannel(older.id)).to.deep.equal({ ...older, startOver: true });
        expect((await store.listChannels()).map((c) => [c.id, c.startOver])).to.deep.equal([
          [forbids.id, false],
          [older.id, true],
        ]);
        expect(await store.updateChannel({ ...forbids, startOver: true })).to.equal(true);
        expect(await store.getChannel(forbids.id)).to.deep.equal({ ...forbids, startOver: true });
      });

      it('rejects a duplicate id (field id) and a duplicate number (field number)', async () => {
        const c = makeChannel({ number: 5 });
        await store.createChannel(c);
        await expectConflict(store.createChannel(makeChannel({ id: c.id, number: 6 })), 'id');
        await expectConflict(store.createChannel(makeChannel({ number: 5 })), 'number');
        expect(await store.listChannels()).to.deep.equal([c]);
      });

      it('updates by replacing the document, keeping numbers unique', async () => {
        const a = makeChannel({ number: 1 });
        const b = makeChannel({ number: 2 });
        await store.createChannel(a);
        await store.createChannel(b);
        const renamed = { ...a, name: 'Renamed', enabled: false, logoUrl: 'https://example.test/l.png', updatedAt: T0 + 5 };
        expect(await store.updateChannel(renamed)).to.equal(true);
        expect(await store.getChannel(a.id)).to.deep.equal(renamed);
        await expectConflict(store.updateChannel({ ...b, number: 1 }), 'number');
        expect(await store.getChannel(b.id)).to.deep.equal(b);
        expect(await store.updateChannel({ ...b, number: 3 })).to.equal(true);
        expect(await store.updateChannel(makeChannel({ id: 'nobody' }))).to.equal(false);
        expect(await store.getChannel('nobody')).to.equal(null);
      });

      it('deletes a channel with all its programs, and only that channel', async () => {
        const a = makeChannel();
        const b = makeChannel();
        await store.createChannel(a);
        await store.createChannel(b);
        await store.replacePrograms(a.id, T0, T0 + HOUR, makeSchedule(a.id, { count: 2 }));
        const bPrograms = makeSchedule(b.id, { count: 2 });
        await store.replacePrograms(b.id, T0, T0 + HOUR, bPrograms);
        expect(await store.deleteChannel(a.id)).to.equal(true);
        expect(await store.getChannel(a.id)).to.equal(null);
        expect(await store.allPrograms(a.id)).to.deep.equal([]);
        expect(await store.allPrograms(b.id)).to.deep.equal(bPrograms);
        expect(await store.deleteChannel(a.id)).to.equal(false);
        // The id can be used again and starts with an empty schedule.
        await store.createChannel({ ...a, number: 4242 });
        expect(await store.allPrograms(a.id)).to.deep.equal([]);
      });

      it('stores operator-shaped and unicode strings verbatim and matches ids by equality only', async () => {
        const c = makeChannel({ id: 'kanal-ü-東京-📺', name: '{"$gt":""}', group: '$where', logoUrl: 'a\u2028b\u2029c\u0085d' });
        const plain = makeChannel({ name: '$ne' });
        await store.createChannel(c);
        await store.createChannel(plain);
        expect(await store.getChannel(c.id)).to.deep.equal(c);
        expect(await store.getChannel('{"$gt":""}')).to.equal(null);
        expect(await store.getChannel('$gt')).to.equal(null);
        const names = (await store.listChannels()).map((x) => x.name).sort();
        expect(names).to.deep.equal(['$ne', '{"$gt":""}'].sort());
      });

      it('rejects non-string ids instead of reading them as operators', async () => {
        await store.createChannel(makeChannel());
        const err = await rejection(store.getChannel(hostile<string>({ $gt: '' })));
        expect(err).to.be.instanceOf(StoreInputError);
        expect(await rejection(store.deleteChannel(hostile<string>({ $ne: null })))).to.be.instanceOf(StoreInputError);
        expect(await rejection(store.listPrograms(hostile<string>({ $gt: '' }), 0, 1))).to.be.instanceOf(StoreInputError);
        expect(await rejection(store.findJobBySource(hostile<string>({ $gt: '' }), 1))).to.be.instanceOf(StoreInputError);
        expect(await rejection(store.leaseJob('w', hostile<number>({ $gt: 0 }), 1000))).to.be.instanceOf(StoreInputError);
        expect(await store.listChannels()).to.have.length(1);
      });
    });

    describe('programs', () => {
      const ch = 'ch-prog';
      // Three back-to-back programs: [T0, T0+10m), [T0+10m, T0+20m), [T0+20m, T0+30m).
      let schedule: ReturnType<typeof makeSchedule>;
      beforeEach(async () => {
        await store.createChannel(makeChannel({ id: ch }));
        schedule = makeSchedule(ch, { count: 3, durationMs: 10 * MINUTE });
        await store.replacePrograms(ch, T0, T0 + 30 * MINUTE, schedule);
      });
      const at = (m: number) => T0 + m * MINUTE;

      it('lists a window with the overlap rule endMs > from && startMs < to, sorted by start', async () => {
        const [p1, p2, p3] = schedule;
        const ids = async (from: number, to: number) => (await store.listPrograms(ch, from, to)).map((p) => p.id);
        expect(await ids(at(10), at(20))).to.deep.equal([p2?.id]);
        expect(await ids(at(9), at(11))).to.deep.equal([p1?.id, p2?.id]);
        expect(await ids(at(5), at(25))).to.deep.equal([p1?.id, p2?.id, p3?.id]);
        expect(await ids(at(-60), at(0))).to.deep.equal([]); // ends exactly where p1 starts
        expect(await ids(at(30), at(90))).to.deep.equal([]); // starts exactly where p3 ends
        expect(await ids(at(29), at(90))).to.deep.equal([p3?.id]);
        expect(await ids(at(15), at(15))).to.deep.equal([]); // empty window
        expect(await store.listPrograms(ch, at(0), at(30))).to.deep.equal(schedule);
        expect(await store.listPrograms('other', at(0), at(30))).to.deep.equal([]);
      });

      it('keeps programs sorted whatever the insertion order, and finds the last one', async () => {
        const late = makeProgram({ channelId: ch, startMs: at(120), durationMs: 10 * MINUTE });
        const middle = makeProgram({ channelId: ch, startMs: at(60), durationMs: 10 * MINUTE });
        await store.insertProgram(late);
        await store.insertProgram(middle);
        const all = await store.allPrograms(ch);
        expect(all.map((p) => p.startMs)).to.deep.equal([at(0), at(10), at(20), at(60), at(120)]);
        expect(await store.lastProgram(ch)).to.deep.equal(late);
        expect(await store.lastProgram('empty')).to.equal(null);
        expect(await store.allPrograms('empty')).to.deep.equal([]);
      });

      it("keeps a program's rating through inserts and replacements", async () => {
        const rated = makeProgram({ channelId: ch, startMs: at(60), durationMs: 10 * MINUTE, rating: { scheme: 'us-tv', value: 'TV-MA' } });
        await store.insertProgram(rated);
        const replaced = makeProgram({ channelId: ch, startMs: at(0), durationMs: 10 * MINUTE, rating: { scheme: 'age', value: 12 } });
        await store.replacePrograms(ch, at(0), at(10), [replaced]);
        expect(await store.lastProgram(ch)).to.deep.equal(rated);
        expect(await store.listPrograms(ch, at(0), at(10))).to.deep.equal([replaced]);
        expect((await store.allPrograms(ch)).map((p) => p.rating ?? 'unrated')).to.deep.equal([{ scheme: 'age', value: 12 }, 'unrated', 'unrated', { scheme: 'us-tv', value: 'TV-MA' }]);
      });

      it('replaces a window: removes every overlapping program (even ones sticking out), keeps the rest', async () => {
        const outside = makeProgram({ channelId: ch, startMs: at(60), durationMs: 10 * MINUTE });
        await store.insertProgram(outside);
        const fresh = [
          makeProgram({ channelId: ch, startMs: at(15), durationMs: 5 * MINUTE, title: 'new-a' }),
          makeProgram({ channelId: ch, startMs: at(20), durationMs: 5 * MINUTE, title: 'new-b' }),
        ];
        // [at(15), at(25)) overlaps p2 [10,20) and p3 [20,30): both go, p1 and `outside` stay.
        await store.replacePrograms(ch, at(15), at(25), fresh);
        const all = await store.allPrograms(ch);
        expect(all).to.deep.equal([schedule[0], ...fresh, outside]);
        await store.replacePrograms(ch, at(0), at(30), []);
        expect(await store.allPrograms(ch)).to.deep.equal([outside]);
      });

      it('lets a replacement reuse the ids it removes, but not ids used elsewhere', async () => {
        const reused = schedule.map((p) => ({ ...p, title: `${p.title} (edited)` }));
        await store.replacePrograms(ch, at(0), at(30), reused);
        expect(await store.allPrograms(ch)).to.deep.equal(reused);
        await store.createChannel(makeChannel({ id: 'ch-other' }));
        const stolen = { ...makeProgram({ channelId: 'ch-other', startMs: at(0) }), id: reused[0]?.id ?? '' };
        await expectConflict(store.replacePrograms('ch-other', at(0), at(30), [stolen]), 'id');
        expect(await store.allPrograms('ch-other')).to.deep.equal([]);
        expect(await store.allPrograms(ch)).to.deep.equal(reused);
      });

      it('rejects a duplicate program id on insert', async () => {
        const dup = { ...makeProgram({ channelId: ch, startMs: at(90) }), id: schedule[0]?.id ?? '' };
        await expectConflict(store.insertProgram(dup), 'id');
        expect(await store.allPrograms(ch)).to.deep.equal(schedule);
      });

      it('deletes one program of the right channel only', async () => {
        const [p1, p2, p3] = schedule;
        expect(await store.deleteProgram('wrong-channel', p2?.id ?? '')).to.equal(false);
        expect(await store.deleteProgram(ch, p2?.id ?? '')).to.equal(true);
        expect(await store.deleteProgram(ch, p2?.id ?? '')).to.equal(false);
        expect(await store.allPrograms(ch)).to.deep.equal([p1, p3]);
      });

      it('hands out copies: mutating a result does not change the store', async () => {
        const listed = await store.listPrograms(ch, at(0), at(30));
        const first = listed[0];
        if (!first) throw new Error('expected a program');
        first.title = 'mutated';
        listed.pop();
        expect(await store.listPrograms(ch, at(0), at(30))).to.deep.equal(schedule);
      });

      it('stores an operator-shaped title verbatim', async () => {
        const p = makeProgram({ channelId: ch, startMs: at(40), title: '{"$gt":""}' });
        const q = makeProgram({ channelId: ch, startMs: at(80), title: '$set 🎬 \u2028 ünïcödé' });
        await store.insertProgram(p);
        await store.insertProgram(q);
        expect(await store.listPrograms(ch, at(40), at(200))).to.deep.equal([p, q]);
      });
    });

    describe('lineup version', () => {
      it('increases with every channel and program mutation', async () => {
        const seen = [await store.lineupVersion()];
        const step = async (mutation: () => Promise<unknown>) => {
          await mutation();
          const v = await store.lineupVersion();
          expect(v, `after mutation #${seen.length}`).to.be.greaterThan(seen[seen.length - 1] ?? -1);
          seen.push(v);
        };
        const c = makeChannel();
        const p = makeProgram({ channelId: c.id, startMs: T0 + 2 * HOUR });
        await step(() => store.createChannel(c));
        await step(() => store.updateChannel({ ...c, name: 'Renamed' }));
        await step(() => store.replacePrograms(c.id, T0, T0 + HOUR, makeSchedule(c.id, { count: 2 })));
        await step(() => store.insertProgram(p));
        await step(() => store.deleteProgram(c.id, p.id));
        await step(() => store.deleteChannel(c.id));
      });
    });

    describe('assets', () => {
      it('inserts, replaces by id and lists by createdAt', async () => {
        const late = makeAsset({ createdAt: T0 + 20, title: '{"$gt":""}' });
        const early = makeAsset({ createdAt: T0 + 10, status: 'processing' });
        await store.putAsset(late);
        await store.putAsset(early);
        expect(await store.listAssets()).to.deep.equal([early, late]);
        const ready = { ...early, status: 'ready' as const, durationMs: 12_345, updatedAt: T0 + 30 };
        await store.putAsset(ready);
        expect(await store.getAsset(early.id)).to.deep.equal(ready);
        expect(await store.listAssets()).to.have.length(2);
        expect(await store.getAsset('missing')).to.equal(null);
      });

      it('keeps an asset\'s rating, a cleared (null) one and none apart', async () => {
        const rated = makeAsset({ rating: { scheme: 'mpaa', value: 'PG-13' } });
        const cleared = makeAsset({ rating: null });
        const unrated = makeAsset();
        for (const a of [rated, cleared, unrated]) await store.putAsset(a);
        expect(await store.getAsset(rated.id)).to.deep.equal(rated);
        expect(await store.getAsset(cleared.id)).to.deep.equal(cleared);
        expect(await store.getAsset(unrated.id)).to.deep.equal(unrated);
        expect(await store.getAsset(unrated.id)).to.not.have.property('rating');
        const changed = { ...rated, rating: { scheme: 'age' as const, value: 18 } };
        await store.putAsset(changed);
        expect(await store.getAsset(rated.id)).to.deep.equal(changed);
        expect(await store.listAssets()).to.deep.equal([rated, cleared, unrated].map((a) => (a === rated ? changed : a)).sort((x, y) => x.createdAt - y.createdAt));
      });
    });

    describe('asset tracks and job track issues', () => {
      it("keeps an asset's audio and text tracks, and an asset without them apart", async () => {
        const tracked = makeAsset({
          audioTracks: [{ id: '3', lang: 'en', label: 'English', channels: 2 }, { id: '4', lang: 'fr', label: 'French', channels: 2 }],
          textTracks: [
            { id: 'text-0', lang: 'en', label: 'English (CC)', kind: 'captions', source: 'stream' },
            { id: 'text-1', lang: 'fr', label: 'French', kind: 'subtitles', source: 'sidecar' },
          ],
        });
        const plain = makeAsset();
        for (const a of [tracked, plain]) await store.putAsset(a);
        expect(await store.getAsset(tracked.id)).to.deep.equal(tracked);
        expect(await store.getAsset(plain.id)).to.not.have.property('textTracks');
      });

      it("keeps a job's track issues and sidecars", async () => {
        const job = makeJob({ sidecars: ['Film.fr.srt'] });
        await store.insertJob(job);
        const done = {
          ...job,
          status: 'done' as const,
          trackIssues: [{ code: 'SS_TEXT_BITMAP_NOT_CONVERTED' as const, kind: 'text' as const, source: 'stream' as const, streamIndex: 1, file: null, codec: 'dvb_subtitle', lang: 'de', message: 'bitmap' }],
        };
        expect(await store.updateJob(done)).to.equal(true);
        expect(await store.getJob(job.id)).to.deep.equal(done);
      });
    });

    describe('jobs', () => {
      it('inserts, reads, updates and lists newest first', async () => {
        const older = makeJob({ createdAt: T0 + 1 });
        const newer = makeJob({ createdAt: T0 + 2 });
        await store.insertJob(older);
        await store.insertJob(newer);
        await expectConflict(store.insertJob({ ...newer }), 'id');
        expect(await store.listJobs()).to.deep.equal([newer, older]);
        const done = { ...older, status: 'done' as const, progress: 100, assetId: 'asset-x', finishedAt: T0 + 9 };
        expect(await store.updateJob(done)).to.equal(true);
        expect(await store.getJob(older.id)).to.deep.equal(done);
        expect(await store.updateJob(makeJob({ id: 'ghost' }))).to.equal(false);
        expect(await store.getJob('ghost')).to.equal(null);
      });

      it('finds a job by source name and size, operator-shaped names included', async () => {
        const a = makeJob({ source: '{"$gt":""}', sourceBytes: 10 });
        const b = makeJob({ source: 'clip ü.mp4', sourceBytes: 20 });
        await store.insertJob(a);
        await store.insertJob(b);
        expect(await store.findJobBySource('{"$gt":""}', 10)).to.deep.equal(a);
        expect(await store.findJobBySource('{"$gt":""}', 11)).to.equal(null);
        expect(await store.findJobBySource('clip ü.mp4', 20)).to.deep.equal(b);
        expect(await store.findJobBySource('', 10)).to.equal(null);
      });

      it('leases the oldest runnable job and sets owner, lease and attempts', async () => {
        expect(await store.leaseJob('w1', T0, 1000)).to.equal(null);
        const first = makeJob({ createdAt: T0 + 1 });
        const second = makeJob({ createdAt: T0 + 2 });
        await store.insertJob(second);
        await store.insertJob(first);
        await store.insertJob(makeJob({ status: 'done' }));
        await store.insertJob(makeJob({ status: 'failed' }));
        const leased = await store.leaseJob('w1', T0 + 100, 5000);
        expect(leased).to.include({ id: first.id, status: 'running', leaseOwner: 'w1', leaseUntil: T0 + 5100, attempts: 1 });
        expect(await store.getJob(first.id)).to.deep.equal(leased);
        expect((await store.leaseJob('w2', T0 + 100, 5000))?.id).to.equal(second.id);
        expect(await store.leaseJob('w3', T0 + 100, 5000)).to.equal(null); // done/failed/live leases stay put
      });

      const atomicLease = options.noAtomicLease ? it.skip : it;
      const atomicTitle = options.noAtomicLease ? `never gives the same job to two concurrent leases — NOT RUN on ${name}: ${options.noAtomicLease}` : 'never gives the same job to two concurrent leases';
      atomicLease(atomicTitle, async () => {
        const jobs = [makeJob(), makeJob(), makeJob()];
        for (const job of jobs) await store.insertJob(job);
        const leases = await Promise.all(Array.from({ length: 6 }, (_, i) => store.leaseJob(`w${i}`, T0, 60_000)));
        const ids = leases.filter((j) => j !== null).map((j) => j.id);
        expect(ids).to.have.length(3);
        expect(new Set(ids).size).to.equal(3);
        expect(leases.filter((j) => j === null)).to.have.length(3);
      });

      it('leases again a job whose lease expired, counting the attempt', async () => {
        const job = makeJob();
        await store.insertJob(job);
        await store.leaseJob('dead-worker', T0, 1000);
        expect(await store.leaseJob('w2', T0 + 999, 1000)).to.equal(null); // lease still live
        const again = await store.leaseJob('w2', T0 + 1001, 1000);
        expect(again).to.include({ id: job.id, leaseOwner: 'w2', leaseUntil: T0 + 2001, attempts: 2, status: 'running' });
      });
    });

    describe('chat', () => {
      it('keeps only the newest messages of each channel', async () => {
        const a = Array.from({ length: 5 }, (_, i) => makeChatMessage({ channelId: 'ch-a', serverTimeMs: T0 + i }));
        const b = makeChatMessage({ channelId: 'ch-b', serverTimeMs: T0 });
        await store.appendChat(b, 3);
        for (const m of a) await store.appendChat(m, 3);
        expect(await store.listChat('ch-a', 0, 100)).to.deep.equal(a.slice(2));
        expect(await store.listChat('ch-b', 0, 100)).to.deep.equal([b]);
      });

      it('lists messages after a time, oldest first, at most limit', async () => {
        const msgs = Array.from({ length: 4 }, (_, i) =>
          makeChatMessage({ channelId: 'ch-c', serverTimeMs: T0 + 10 * i, text: i === 0 ? '{"$gt":""} 👋' : `m${i}` }),
        );
        for (const m of [...msgs].reverse()) await store.appendChat(m, 100);
        expect(await store.listChat('ch-c', 0, 100)).to.deep.equal(msgs);
        expect(await store.listChat('ch-c', T0 + 10, 100)).to.deep.equal(msgs.slice(2));
        expect(await store.listChat('ch-c', 0, 2)).to.deep.equal(msgs.slice(0, 2));
        expect(await store.listChat('ch-c', 0, 0)).to.deep.equal([]);
        expect(await store.listChat('$gt', 0, 100)).to.deep.equal([]);
        const first = msgs[0];
        if (!first) throw new Error('expected a message');
        await expectConflict(store.appendChat({ ...first, text: 'again' }, 100), 'id');
        expect(await store.listChat('ch-c', 0, 100)).to.deep.equal(msgs);
      });

      it('never lists a message kept before chat showed names (it carries a client id, no `from`)', async () => {
        const named = makeChatMessage({ channelId: 'ch-d', serverTimeMs: T0 + 2 });
        const { from: _from, ...rest } = makeChatMessage({ channelId: 'ch-d', serverTimeMs: T0 + 1 });
        const legacy = { ...rest, clientId: 'tv-00112233aabbccdd' } as unknown as ChatMessage;
        await store.appendChat(legacy, 100);
        await store.appendChat(named, 100);
        expect(await store.listChat('ch-d', 0, 100)).to.deep.equal([named]);
      });
    });

    describe('programming', () => {
      it('keeps collections: put, replace, list by id, delete; each write bumps the lineup version', async () => {
        const b = makeCollection({ id: 'b-shows' });
        const a = makeCollection({ id: 'a-promos', items: [] });
        const v0 = await store.lineupVersion();
        await store.putCollection(b);
        await store.putCollection(a);
        expect(await store.listCollections()).to.deep.equal([a, b]);
        const edited = { ...b, items: ['x', 'y', 'x'], updatedAt: T0 + 1 };
        await store.putCollection(edited);
        expect(await store.getCollection('b-shows')).to.deep.equal(edited);
        expect(await store.deleteCollection('a-promos')).to.equal(true);
        expect(await store.deleteCollection('a-promos')).to.equal(false);
        expect(await store.getCollection('a-promos')).to.equal(null);
        expect(await store.lineupVersion()).to.be.at.least(v0 + 4);
        expect(await rejection(store.getCollection(hostile({ $gt: '' })))).to.be.instanceOf(StoreInputError);
      });

      it('appends programming versions once each, and lists them in order', async () => {
        const v2 = makeProgrammingVersion({ channelId: 'ch-p', version: 2, effectiveFromMs: T0 + HOUR });
        const v1 = makeProgrammingVersion({ channelId: 'ch-p' });
        const other = makeProgrammingVersion({ channelId: 'ch-a' });
        for (const v of [v2, v1, other]) await store.appendProgrammingVersion(v);
        expect(await store.programmingVersions('ch-p')).to.deep.equal([v1, v2]);
        expect(await store.allProgrammingVersions()).to.deep.equal([other, v1, v2]);
        await expectConflict(store.appendProgrammingVersion({ ...v1, effectiveFromMs: T0 + 5 }), 'version');
        expect(await store.programmingVersions('ch-p')).to.deep.equal([v1, v2]);
        expect(await store.programmingVersions('$gt')).to.deep.equal([]);
      });

      it('keeps overrides sorted by start; deletes only the channel named', async () => {
        const late = makeOverride({ channelId: 'ch-o', startMs: T0 + 5 * HOUR, endMs: T0 + 6 * HOUR });
        const early = makeOverride({ channelId: 'ch-o', startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, collection: 'films', items: ['f1', 'f2'], order: 'shuffle' });
        await store.insertOverride(late);
        await store.insertOverride(early);
        expect(await store.allOverrides()).to.deep.equal([early, late]);
        await expectConflict(store.insertOverride({ ...late, startMs: T0 }), 'id');
        expect(await store.deleteOverride('ch-other', late.id)).to.equal(false);
        expect(await store.deleteOverride('ch-o', late.id)).to.equal(true);
        expect(await store.allOverrides()).to.deep.equal([early]);
      });

      it('deleting a channel drops its programming and overrides; a new channel of that id starts without them', async () => {
        const channel = makeChannel();
        await store.createChannel(channel);
        await store.appendProgrammingVersion(makeProgrammingVersion({ channelId: channel.id }));
        await store.insertOverride(makeOverride({ channelId: channel.id }));
        const kept = makeOverride({ channelId: 'ch-kept' });
        await store.insertOverride(kept);
        expect(await store.deleteChannel(channel.id)).to.equal(true);
        await store.createChannel({ ...channel });
        expect(await store.programmingVersions(channel.id)).to.deep.equal([]);
        expect(await store.allOverrides()).to.deep.equal([kept]);
      });
    });
  });
}
