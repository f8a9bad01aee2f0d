// When a WPE page stops answering, what its web process's main thread is doing: gdb's backtrace of
// thread 1 of each WPEWebProcess in the page's process group (the driver's: cog and its web process
// run under it). Only for a failure message: never throws, bounded in time.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const HANG_STACK_DEFAULTS = {
  timeoutMs: 20_000, // milliseconds for each gdb run
  maxFrames: 25, // frames kept per process
};

/** The main-thread stack of every WPEWebProcess in process group `pgid`, or why there is none. */
export async function webProcessStacks(pgid: number | undefined): Promise<string> {
  if (pgid === undefined) return 'no process group';
  let pids: string[];
  try {
    pids = (await run('pgrep', ['-g', String(pgid), '-f', 'WPEWebProcess'])).stdout.split('\n').filter(Boolean);
  } catch {
    return `no WPEWebProcess in process group ${pgid}`;
  }
  const stacks: string[] = [];
  for (const pid of pids) {
    try {
      const { stdout } = await run('gdb', ['-p', pid, '-batch', '-ex', 'thread apply 1 bt'], { timeout: HANG_STACK_DEFAULTS.timeoutMs });
      const frames = stdout.split('\n').filter((l) => /^#\d+/.test(l)).slice(0, HANG_STACK_DEFAULTS.maxFrames);
      stacks.push(`WPEWebProcess ${pid}, main thread:\n${frames.join('\n') || '(no frames)'}`);
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      stacks.push(`WPEWebProcess ${pid}: ${missing ? 'gdb is not installed, no stack' : `gdb failed: ${(err as Error).message.split('\n')[0]}`}`);
    }
  }
  return stacks.join('\n');
}
