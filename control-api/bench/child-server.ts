// A bench's server in a child process (so the load generator does not share its event loop): the
// child announces what it serves as one JSON line on stdout and runs until told to stop; the parent
// reads that line, measures, and stops the child whatever happens. And a bench run by another as
// its child, its result read from the JSON file it writes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseBenchResult, type BenchResult } from './report/bench-result.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Child side: print `info` as the one JSON line, then serve until SIGTERM or the end of stdin. */
export function announceAndServe(info: unknown, close: () => Promise<void>): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

/** Parent side: run `script --serve …args` under tsx, hand its announced info to `measure`, then stop it. */
export async function withChildServer<T>(script: string, o: { nodeArgs?: string[]; args: string[] }, measure: (info: T) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', script, '--serve', ...o.args], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    await measure(JSON.parse(line) as T);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/** Runs the bench `script` (a path from the repository root) with `--json`, its output shown; its result, or null when it failed. */
export async function runChildBench(script: string, args: readonly string[]): Promise<BenchResult | null> {
  const dir = await mkdtemp(join(tmpdir(), 'streamsync-bench-child-'));
  try {
    const json = join(dir, 'result.json');
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args, '--json', json], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) {
      console.error(`${script} exited with ${code}`);
      return null;
    }
    return parseBenchResult(JSON.parse(await readFile(json, 'utf8')) as unknown, script);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
