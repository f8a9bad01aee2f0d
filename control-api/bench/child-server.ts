// A bench's server in a child process (so the load generator does not share its event loop): the
// child announces what it serves as one JSON line on stdout and runs until told to stop; the parent
// reads that line, measures, and stops the child whatever happens.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

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
