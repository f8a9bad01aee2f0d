// kill -9 in the middle of writes: the embedded store must reopen, and every schedule window must be
// entirely one generation's (never partial).
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EmbeddedStore } from '../../src/store/embedded-store.js';
import { CRASH_CHANNELS, completeGeneration } from './fixtures/crash-schedule.js';
import { TempDirs } from './temp-dirs.js';
import { silentLogger } from '../../src/contracts/logger.js';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROUNDS = 5;

/** Starts the writer; resolves once it has completed its first generation. */
function startWriter(dataDir: string, round: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(round)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${String(code)}): ${stderr}`)));
    child.once('error', reject);
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('EmbeddedStore under kill -9', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child) await killHard(child);
    child = null;
    await temp.removeAll();
  });

  it(`reopens with every window complete after ${ROUNDS} kills in the middle of writes`, async () => {
    const dir = await temp.make();
    let lastVersion = 0;
    for (let round = 0; round < ROUNDS; round++) {
      child = await startWriter(dir, round);
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 400));
      await killHard(child);
      expect(child.signalCode, 'the writer was killed, not finished').to.equal('SIGKILL');
      child = null;

      const store = await EmbeddedStore.open({ dataDir: dir, logger: silentLogger() });
      try {
        for (const channelId of CRASH_CHANNELS) {
          const programs = await store.allPrograms(channelId);
          const generation = completeGeneration(channelId, programs);
          expect(generation, `round ${round}, ${channelId}: ${programs.length} programs`).to.not.equal(null);
          expect(generation?.round).to.be.at.most(round);
        }
        for (const channel of await store.listChannels()) {
          expect(channel.name, channel.id).to.match(/^Channel \d+$/);
        }
        const version = await store.lineupVersion();
        expect(version).to.be.greaterThan(lastVersion);
        lastVersion = version;
      } finally {
        await store.close();
      }
    }
  });
});
