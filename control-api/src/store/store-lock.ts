// One process at a time per embedded data directory. NeDB keeps the data in memory and rewrites the
// files when it compacts, so a second process writing the same files would silently lose writes.
// The lock file holds "pid start-time"; a lock whose process is gone (kill -9, crash) is taken over,
// and so is one whose PID now belongs to another process (PIDs are reused): where the system says when
// a process started (Linux /proc), a live PID holds the lock only if it started when the lock says.
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'store.lock';
const SAME_START_TOLERANCE_MS = 1000; // milliseconds: start times closer than this are the same process
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ: the unit of a process's start time in /proc/<pid>/stat

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

/** This process's start (epoch ms): the system's figure where it has one (so a check reads the same source), else from its uptime. */
function processStartMs(): number {
  return Math.round(systemStartMs(process.pid) ?? Date.now() - process.uptime() * 1000);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started (epoch ms) by Linux's /proc, or null where the system does not say. */
export function systemStartMs(pid: number, proc = '/proc'): number | null {
  try {
    const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, start time field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync(`${proc}/stat`, 'utf8'));
    if (!boot || !Number.isFinite(ticks)) return null;
    return Number(boot[1]) * 1000 + (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function holdsLock(pid: number, startMs: number): boolean {
  if (pid === process.pid) return Math.abs(startMs - processStartMs()) < SAME_START_TOLERANCE_MS;
  if (!isAlive(pid)) return false;
  const started = systemStartMs(pid);
  return started === null || Math.abs(started - startMs) < SAME_START_TOLERANCE_MS;
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
