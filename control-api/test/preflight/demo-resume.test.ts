// A first start killed with kill -9 while it makes the demo lineup (real processes, real pipeline): the
// first sample show is packaged and its channel is on, the second show is being generated, and the
// whole process group dies. The next start takes the demo up again where it stopped, although the
// library is no longer empty: it goes on to the second show (the first is not made again), keeps the
// channel the first start made, and says so. ffmpeg making the second show waits behind a gate, so
// the kill lands in the middle of generation every time.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_PENDING_FILE } from '#pipeline/defaults.js';
import { SAMPLE_SOURCES, sampleSourceName } from '#pipeline/sample/sample-sources.js';
import { serverEnv, startServerProcess, type ServerProcess } from './server-process.js';

const BOUND = { firstShowMs: 240_000, resumeMs: 60_000 }; // milliseconds, generous for a loaded machine

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null> | T | null, server?: ServerProcess): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}${server ? `\nserver output:\n${server.out().slice(-3000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const channelNames = async (baseUrl: string): Promise<string[]> => {
  const body = (await (await fetch(`${baseUrl}/v1/channels`)).json()) as { channels: Array<{ name: string }> };
  return body.channels.map((c) => c.name).sort();
};

describe('first start killed while making the demo lineup (real processes, real pipeline)', function () {
  this.timeout(600_000);
  let root = '';
  const servers: ServerProcess[] = [];

  after(async () => {
    if (root) await writeFile(join(root, 'abort'), '').catch(() => {});
    for (const s of servers) {
      try {
        process.kill(-(s.proc.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('the next start goes on with the demo where the killed one stopped, although the library is no longer empty', async () => {
    root = await mkdtemp(join(tmpdir(), 'ss-demo-resume-'));
    const [first, second] = SAMPLE_SOURCES;
    if (!first || !second) throw new Error('the sample library has fewer than two shows');
    const started = join(root, 'second-show-started');
    // Debian's ffmpeg, except that generating the second show records that it began and then waits
    // for a gate that never opens (an `abort` file ends the wait).
    const ffmpeg = join(root, 'gated-ffmpeg');
    await writeFile(
      ffmpeg,
      `#!/bin/sh\ncase "$*" in *lavfi*'${sampleSourceName(second)}'*) touch '${started}'; while [ ! -e '${join(root, 'abort')}' ]; do sleep 0.05; done; exit 1;; esac\nexec ffmpeg "$@"\n`,
    );
    await chmod(ffmpeg, 0o755);
    const env = serverEnv(root, { FFMPEG_PATH: ffmpeg, STREAMSYNC_API_KEY: 'demo-resume-broadcaster-key-0123456789' });

    const killed = await startServerProcess('node', env);
    servers.push(killed);
    await until(`generation of the second show (${sampleSourceName(second)})`, BOUND.firstShowMs, () => (existsSync(started) ? true : null), killed);
    const before = await channelNames(killed.baseUrl);
    expect(before.length, 'the first show made a demo channel before the kill').to.be.above(0);
    process.kill(-(killed.proc.pid ?? 0), 'SIGKILL');
    await until('the killed process group to exit', 10_000, () => (killed.proc.exitCode !== null || killed.proc.signalCode !== null ? true : null));
    await rm(started, { force: true });
    expect(existsSync(join(root, 'content', SAMPLE_PENDING_FILE)), 'the unfinished demo is marked on disk').to.equal(true);

    const next = await startServerProcess('node', env);
    servers.push(next);
    // The second show is generated again: the demo goes on, with the first show kept as it was.
    await until('the restarted demo to generate the second show', BOUND.resumeMs, () => (existsSync(started) ? true : null), next);
    expect(next.out()).to.include('the demo lineup was not finished last time: making it again');
    expect(next.out(), 'the first show is not generated again').to.not.include(`sample: generating ${sampleSourceName(first)}`);
    const health = (await (await fetch(`${next.baseUrl}/health`)).json()) as { startup: { demo: { state: string; done: number; total: number } | null } };
    expect(health.startup.demo, 'the demo is being made again').to.deep.include({ state: 'preparing', total: SAMPLE_SOURCES.length });
    expect(health.startup.demo?.done, 'the first show counts as made').to.be.at.least(1);
    expect(await channelNames(next.baseUrl), 'the channels the first start made are kept').to.include.members(before);
    const inbox = await readdir(join(root, 'content', 'inbox'));
    expect(inbox.filter((f) => f === sampleSourceName(second)), 'no half-made second show in the inbox').to.deep.equal([]);
  });
});
