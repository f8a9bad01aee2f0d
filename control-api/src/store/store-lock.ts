// One process at a time per embedded data directory. NeDB keeps the data in memory and rewrites the
// files when it compacts, so a second process writing the same files would silently lose writes.
// The lock file holds "pid start-time"; a lock whose process is gone (kill -9, crash) is taken over.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'store.lock';
const SAME_START_TOLERANCE_MS = 1000; // milliseconds: start times closer than this are the same process

export class StoreLockedError extends Error {
  readonly code = 'SS_STORE_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded store in ${dataDir} is in use by process ${pid}. Run one process per data directory, ` +
        `or set MONGODB_URL to share a store (if no such process runs, delete ${join(dataDir, LOCK_FILE)}).`,
    );
    this.name = 'StoreLockedError';
  }
}

function processStartMs(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holdsLock(pid: number, startMs: number): boolean {
  if (pid === process.pid) return Math.abs(startMs - processStartMs()) < SAME_START_TOLERANCE_MS;
  return isAlive(pid);
}

/** Takes the data directory's lock; resolves to its release function. */
export async function acquireStoreLock(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, LOCK_FILE);
  const mine = `${process.pid} ${processStartMs()}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, mine, { flag: 'wx', mode: 0o600 });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const [pidText = '', startText = ''] = (await readFile(file, 'utf8').catch(() => '')).trim().split(' ');
    const pid = Number(pidText);
    if (Number.isInteger(pid) && pid > 0 && holdsLock(pid, Number(startText))) throw new StoreLockedError(dataDir, pid);
    await rm(file, { force: true }); // stale: its process is gone
  }
}
