import { expect } from 'chai';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded-store.js';
import { StoreClosedError } from '../../src/contracts/lineup-store.js';
import { StoreCorruptError } from '../../src/store/store-guards.js';
import { LOCK_FILE, StoreLockedError, systemStartMs } from '../../src/store/store-lock.js';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { storeContract, rejection } from './contract.js';
import { HOUR, T0, makeAsset, makeChannel, makeChatMessage, makeJob, makeProgram, makeSchedule } from './builders.js';
import { TempDirs } from './temp-dirs.js';
import { silentLogger, type Logger } from '../../src/contracts/logger.js';
import { captureLogger } from '../../src/logging/capture-logger.js';

const quiet = { logger: silentLogger() };

describe('EmbeddedStore', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  storeContract('embedded', async () => EmbeddedStore.open({ dataDir: await temp.make(), ...quiet }));

  describe('on disk', () => {
    let dir: string;
    let open: EmbeddedStore[];
    beforeEach(async () => {
      dir = await temp.make();
      open = [];
    });
    afterEach(async () => {
      await Promise.all(open.map((s) => s.close()));
    });
    const reopen = async (options: { logger?: Logger } = quiet) => {
      const store = await EmbeddedStore.open({ dataDir: dir, logger: options.logger ?? quiet.logger });
      open.push(store);
      return store;
    };

    it("keeps its files and folder private to the server's user (0600, 0700), also after a compaction and on a folder made open", async () => {
      const { chmod, readdir } = await import('node:fs/promises');
      await chmod(dir, 0o755); // an existing folder others could read
      const store = await reopen();
      await store.createChannel(makeChannel());
      await store.compactDirty();
      const mode = async (path: string) => (await stat(path)).mode & 0o777;
      expect(await mode(dir)).to.equal(0o700);
      const files = await readdir(dir);
      expect(files).to.include.members(['channels.db', LOCK_FILE]);
      for (const f of files) expect(await mode(join(dir, f)), f).to.equal(0o600);
    });

    it('keeps everything across a restart, and the lineup version keeps rising', async () => {
      const first = await reopen();
      const channel = makeChannel({ name: 'Ünïcode \u2028 {"$gt":""}' });
      const programs = makeSchedule(channel.id, { count: 4 });
      const asset = makeAsset();
      const job = makeJob();
      const chat = makeChatMessage({ channelId: channel.id });
      await first.createChannel(channel);
      await first.replacePrograms(channel.id, T0, T0 + 4 * HOUR, programs);
      await first.putAsset(asset);
      await first.insertJob(job);
      const leased = await first.leaseJob('w1', T0, 1000);
      await first.appendChat(chat, 10);
      const version = await first.lineupVersion();
      await first.close();

      const second = await reopen();
      expect(await second.listChannels()).to.deep.equal([channel]);
      expect(await second.allPrograms(channel.id)).to.deep.equal(programs);
      expect(await second.listPrograms(channel.id, T0 + HOUR, T0 + 2 * HOUR)).to.deep.equal(programs.slice(2, 4));
      expect(await second.listAssets()).to.deep.equal([asset]);
      expect(await second.listJobs()).to.deep.equal([leased]);
      expect(await second.listChat(channel.id, 0, 10)).to.deep.equal([chat]);
      expect(await second.lineupVersion()).to.be.greaterThan(version);
      // Still unique after the restart.
      const err = await rejection(second.createChannel(makeChannel({ number: channel.number })));
      expect(err).to.have.property('field', 'number');
    });

    it('opens a datafile whose last line was torn by an interrupted append, dropping only that line', async () => {
      const first = await reopen();
      const channel = makeChannel();
      await first.createChannel(channel);
      const before = makeSchedule(channel.id, { count: 2 });
      await first.replacePrograms(channel.id, T0, T0 + HOUR, before);
      await first.close();
      // An append cut short: half of a schedule document rewrite, no newline.
      const torn = JSON.stringify({ _id: channel.id, programs: makeSchedule(channel.id, { count: 5 }) });
      await appendFile(join(dir, 'schedules.db'), torn.slice(0, Math.floor(torn.length / 2)));
      const log = captureLogger();
      const second = await reopen({ logger: log.logger.child({ component: 'store' }) });
      expect(await second.allPrograms(channel.id)).to.deep.equal(before);
      const warnings = log.at('warn');
      expect(warnings.map((r) => r.msg).join('\n')).to.match(/schedules\.db: dropped a torn last line/);
      // One coded record on the logger it was given, naming the file and what was dropped.
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include({ component: 'store', code: 'SS_STORE_TORN_LINE', file: join(dir, 'schedules.db') });
      expect(warnings[0]?.droppedBytes).to.equal(Buffer.byteLength(torn.slice(0, Math.floor(torn.length / 2))));
      expect((await readFile(join(dir, 'schedules.db'), 'utf8')).endsWith('\n')).to.equal(true);
    });

    it('refuses to open a datafile with a damaged line in the middle, naming the file', async () => {
      const first = await reopen();
      for (let i = 0; i < 3; i++) await first.createChannel(makeChannel());
      await first.close();
      const file = join(dir, 'channels.db');
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.splice(1, 0, '{"_id":"broken","name":"half a docu');
      await writeFile(file, lines.join('\n'));
      const err = await rejection(EmbeddedStore.open({ dataDir: dir, ...quiet }));
      expect(err).to.be.instanceOf(StoreCorruptError);
      expect((err as StoreCorruptError).file).to.equal(file);
      expect((err as Error).message).to.match(/1 of \d+ lines are damaged/);
    });

    it('compacts the datafiles, so rewrites do not grow them forever', async () => {
      const store = await reopen();
      const channel = makeChannel();
      await store.createChannel(channel);
      for (let i = 0; i < 50; i++) {
        await store.replacePrograms(channel.id, T0, T0 + 10 * HOUR, makeSchedule(channel.id, { count: 10 }));
      }
      const file = join(dir, 'schedules.db');
      const grown = (await stat(file)).size;
      await store.compactDirty();
      const compacted = (await stat(file)).size;
      expect(compacted).to.be.lessThan(grown / 10);
      const last = await store.allPrograms(channel.id);
      await store.close();
      expect(await (await reopen()).allPrograms(channel.id)).to.deep.equal(last);
    });

    it('compacts on its own timer', async () => {
      const store = await EmbeddedStore.open({ dataDir: dir, compactionIntervalMs: 50, ...quiet });
      open.push(store);
      const channel = makeChannel();
      await store.createChannel(channel);
      for (let i = 0; i < 20; i++) await store.insertProgram(makeProgram({ channelId: channel.id, startMs: T0 + i * HOUR }));
      const file = join(dir, 'schedules.db');
      const grown = (await stat(file)).size;
      const deadline = Date.now() + 5000;
      while ((await stat(file)).size >= grown / 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect((await stat(file)).size).to.be.lessThan(grown / 2);
    });

    it('lets one store at a time use a data directory, and takes over the lock of a dead process', async () => {
      const first = await reopen();
      const err = await rejection(EmbeddedStore.open({ dataDir: dir, ...quiet }));
      expect(err).to.be.instanceOf(StoreLockedError);
      expect((err as StoreLockedError).pid).to.equal(process.pid);
      await first.close();
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      await writeFile(join(dir, LOCK_FILE), `${deadPid} 0\n`);
      const second = await reopen();
      expect(await second.ping()).to.equal(true);
    });

    it('takes over a lock whose PID now belongs to another process (a reused PID), not one its process still holds', async () => {
      const { spawn } = await import('node:child_process');
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      try {
        await once(other, 'spawn');
        // A lock written by a process that started a day ago under what is now `other`'s PID.
        await writeFile(join(dir, LOCK_FILE), `${other.pid} ${Date.now() - 86_400_000}\n`);
        const store = await reopen();
        expect(await store.ping(), 'a live PID that started later than the lock says holds nothing').to.equal(true);
        await store.close();
        open.splice(open.indexOf(store), 1);
        // The lock of a live process with its own start time: refused.
        const started = systemStartMs(other.pid ?? 0);
        expect(started, 'this machine says when a process started (Linux /proc)').to.be.a('number');
        await writeFile(join(dir, LOCK_FILE), `${other.pid} ${started}\n`);
        const err = await rejection(EmbeddedStore.open({ dataDir: dir, ...quiet }));
        expect(err).to.be.instanceOf(StoreLockedError);
      } finally {
        other.kill('SIGKILL');
      }
    });

    it('rejects every call after close', async () => {
      const store = await EmbeddedStore.open({ dataDir: dir, ...quiet });
      await store.close();
      expect(await store.ping()).to.equal(false);
      expect(await rejection(store.listChannels())).to.be.instanceOf(StoreClosedError);
      expect(await rejection(store.createChannel(makeChannel()))).to.be.instanceOf(StoreClosedError);
      await store.close(); // idempotent
    });
  });
});
